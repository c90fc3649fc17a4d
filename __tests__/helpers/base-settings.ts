/** Valid action settings built in code, for tests and the bench (no jest here, so scripts can import it). */
import type { ActionSettings } from '../../src/action/settings.js'

/** Valid settings for a deploy without models or smoke input; `over` adds or replaces fields. */
export function baseSettings(over: Partial<ActionSettings> = {}): ActionSettings {
  return {
    operation: 'deploy',
    url: 'https://w.example.com',
    authUrl: 'https://w.example.com',
    auth: { kind: 'password', username: 'u', password: 'p' },
    workspace: { name: 'fraud-team' },
    createWorkspace: true,
    pipeline: 'ccfraud',
    models: [],
    engineConfig: { engine: { cpu: 1 }, enginelb: {}, engineAux: { images: {} } },
    timeoutMs: 60_000,
    requestTimeoutMs: 60_000,
    pollIntervalMs: 1000,
    tolerance: { abs: 1e-6, rel: 1e-6 },
    errorGraceMs: 180_000,
    onFailure: 'rollback',
    teardown: 'never',
    dryRun: false,
    closedPrs: false,
    deployCopy: false,
    github: {},
    comment: false,
    ...over
  }
}
