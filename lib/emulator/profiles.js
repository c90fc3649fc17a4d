/**
 * Everything that differs between the Wallaroo releases the emulator imitates, one typed record per profile
 * (wallaroo-api.md §12 and the tutorial recordings named in docs/emulator.md). Routes, the lifecycle and the
 * inference reply look their shape choices up here instead of comparing profile names.
 */
/** Every profile, oldest first. */
export const PROFILE_NAMES = ['2023.4', '2024.1', '2025.2'];
/** The newest profile, the default. */
export const DEFAULT_PROFILE = '2025.2';
/** The table: one record per release. */
export const PROFILES = {
    '2023.4': {
        serverVersion: '2023.4.0',
        modelsList: 'flat',
        modelsListOrder: 'newest-first',
        keys2025: false,
        listVersionsOwner: 'quoted-empty',
        modelStatusVersionId: false,
        pipelineStatusVersion: false,
        anomalyField: 'check_failures',
        pipelineVersionInReply: false,
        undeployBody: null,
        // Decoded 2023 sdk-client tokens lived 60 s (§2.1).
        tokenSeconds: 60,
        listPipelines: { byDefault: false, switchable: true },
        // Recorded 2023-03 and 2023-05 (A/B tutorials): ["{\"name\",\"version\",\"sha\"}"].
        modelSplit: 'ref'
    },
    '2024.1': {
        serverVersion: '2024.1.0',
        modelsList: 'nested',
        modelsListOrder: 'oldest-first',
        keys2025: false,
        listVersionsOwner: 'quoted-empty',
        modelStatusVersionId: false,
        pipelineStatusVersion: true,
        anomalyField: 'anomaly',
        pipelineVersionInReply: true,
        undeployBody: {},
        // The only token recorded on a 2024.1 server (sdk-client, 2024-07) lived 60 s; no 2024 api-client grant was recorded.
        tokenSeconds: 60,
        listPipelines: { byDefault: true, switchable: true },
        // Recorded 2024-04-16 on 2024.1.0 (A/B tutorial logs).
        modelSplit: 'model-version-2024.1'
    },
    '2025.2': {
        serverVersion: '2025.2.1',
        modelsList: 'nested',
        modelsListOrder: 'newest-first',
        keys2025: true,
        listVersionsOwner: 'user-id',
        modelStatusVersionId: true,
        pipelineStatusVersion: true,
        anomalyField: 'anomaly',
        pipelineVersionInReply: true,
        undeployBody: {},
        // The recorded api-client password grant answered expires_in 3600 (§2.1, [MAIN]).
        tokenSeconds: 3600,
        listPipelines: { byDefault: true, switchable: false },
        // The newest recording (2024.4.0, inference-log tutorial); INFERRED unchanged in 2025.2.
        modelSplit: 'model-version-2024.4'
    }
};
/** The traits of a profile. */
export function traitsOf(profile) {
    return PROFILES[profile];
}
/** Parse a `--profile` value; throws naming the valid ones. */
export function parseProfile(value) {
    if (PROFILE_NAMES.includes(value))
        return value;
    throw new Error(`--profile must be one of ${PROFILE_NAMES.join(', ')}, got '${value}'`);
}
