import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 5122:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __nccwpck_require__(643);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/action/runner-protocol.ts
/**
 * The bundle's own implementation of the @actions/core functions the action calls: workflow commands on stdout
 * (`::error::`, `::add-mask::`, `::group::` …) and the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY file
 * commands, written exactly as @actions/core 3 writes them.
 *
 * Why: @actions/core imports @actions/http-client (and with it undici) for OIDC tokens and @actions/exec for
 * platform details, which the action never uses; bundled, that was half of dist/index.js and most of its start-up.
 * package.json maps `#actions-core` here for the bundle only (the `production` condition, which ncc sets); tsc,
 * jest (whose unit tests mock @actions/core) and tsx resolve it to @actions/core itself. The unit test
 * runner-protocol.test.ts checks this file writes what @actions/core writes, and that every function the action
 * calls is here.
 */




/** A command value as text: strings as they are, anything else as JSON (null/undefined → ''). */
function commandValue(input) {
    if (input === null || input === undefined)
        return '';
    if (typeof input === 'string' || input instanceof String)
        return input;
    return JSON.stringify(input);
}
const escapeData = (s) => commandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
/** `::command key=value,…::message` on stdout; properties without a value are left out (a space still follows the command when there are any keys, as @actions/core writes it). */
function issueCommand(command, properties, message) {
    const keys = Object.keys(properties);
    const props = keys
        .filter((k) => properties[k])
        .map((k) => `${k}=${escapeProperty(properties[k])}`)
        .join(',');
    process.stdout.write(`::${command}${keys.length > 0 ? ' ' + props : ''}::${escapeData(message)}${external_node_os_namespaceObject.EOL}`);
}
/** Appends `name<<delimiter` … to the file a GITHUB_<command> variable names. */
function issueFileCommand(command, key, value) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath)
        throw new Error(`Unable to find environment variable for file command ${command}`);
    if (!(0,external_node_fs_namespaceObject.existsSync)(filePath))
        throw new Error(`Missing file at path: ${filePath}`);
    const delimiter = `ghadelimiter_${(0,external_node_crypto_.randomUUID)()}`;
    const text = commandValue(value);
    if (key.includes(delimiter))
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    if (text.includes(delimiter))
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    (0,external_node_fs_namespaceObject.appendFileSync)(filePath, `${key}<<${delimiter}${external_node_os_namespaceObject.EOL}${text}${external_node_os_namespaceObject.EOL}${delimiter}${external_node_os_namespaceObject.EOL}`, { encoding: 'utf8' });
}
/** Annotation properties under the names the runner reads. */
function annotation(p) {
    if (Object.keys(p).length === 0)
        return {};
    return { title: p.title, file: p.file, line: p.startLine, endLine: p.endLine, col: p.startColumn, endColumn: p.endColumn };
}
const messageText = (message) => (message instanceof Error ? message.toString() : message);
/** `INPUT_<NAME>` (spaces → `_`, upper-cased), trimmed unless asked not to. */
const getInput = (name, options) => {
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options?.required && !value)
        throw new Error(`Input required and not supplied: ${name}`);
    return options?.trimWhitespace === false ? value : value.trim();
};
/** A plain log line. */
const info = (message) => {
    process.stdout.write(message + external_node_os_namespaceObject.EOL);
};
const debug = (message) => issueCommand('debug', {}, message);
const warning = (message, properties = {}) => issueCommand('warning', annotation(properties), messageText(message));
const error = (message, properties = {}) => issueCommand('error', annotation(properties), messageText(message));
const setSecret = (secret) => issueCommand('add-mask', {}, secret);
const startGroup = (name) => issueCommand('group', {}, name);
const endGroup = () => issueCommand('endgroup', {}, '');
/** Fails the step (exit code 1) with an ::error:: line. */
const setFailed = (message) => {
    process.exitCode = 1;
    error(message);
};
const setOutput = (name, value) => {
    if (process.env.GITHUB_OUTPUT)
        return issueFileCommand('OUTPUT', name, value);
    process.stdout.write(external_node_os_namespaceObject.EOL);
    issueCommand('set-output', { name }, commandValue(value));
};
const saveState = (name, value) => {
    if (process.env.GITHUB_STATE)
        return issueFileCommand('STATE', name, value);
    issueCommand('save-state', { name }, commandValue(value));
};
const getState = (name) => process.env[`STATE_${name}`] || '';
/** The job summary: text buffered by addRaw, appended to GITHUB_STEP_SUMMARY by write (as core.summary does; it also remembers the file after a first write, which a step writing once never notices). */
class Summary {
    buffer = '';
    addRaw(text, addEOL = false) {
        this.buffer += text + (addEOL ? external_node_os_namespaceObject.EOL : '');
        return this;
    }
    async write() {
        const filePath = process.env.GITHUB_STEP_SUMMARY;
        if (!filePath)
            throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.');
        try {
            await (0,promises_namespaceObject.access)(filePath, promises_namespaceObject.constants.R_OK | promises_namespaceObject.constants.W_OK);
        }
        catch {
            throw new Error(`Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`);
        }
        await (0,promises_namespaceObject.appendFile)(filePath, this.buffer, { encoding: 'utf8' });
        this.buffer = '';
        return this;
    }
}
/** The part of core.summary the action uses. */
const summary = new Summary();

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/action/constants.ts
/** Input names exactly as written in action.yml. */
const Inputs = {
    Operation: 'operation',
    Url: 'url',
    Token: 'token',
    Username: 'username',
    Password: 'password',
    ClientSecret: 'client-secret',
    AuthUrl: 'auth-url',
    Workspace: 'workspace',
    CreateWorkspace: 'create-workspace',
    Pipeline: 'pipeline',
    PipelineDefinition: 'pipeline-definition',
    Models: 'models',
    Arch: 'arch',
    Gpus: 'gpus',
    DeploymentLabel: 'deployment-label',
    Cpus: 'cpus',
    Memory: 'memory',
    Replicas: 'replicas',
    EngineConfig: 'engine-config',
    Timeout: 'timeout',
    RequestTimeout: 'request-timeout',
    PollInterval: 'poll-interval',
    SmokeInput: 'smoke-input',
    DeploymentId: 'deployment-id',
    SourcePipeline: 'source-pipeline',
    NewPipeline: 'new-pipeline',
    ExpectedOutput: 'expected-output',
    Tolerance: 'tolerance',
    WriteOutput: 'write-output',
    ErrorGrace: 'error-grace',
    OnFailure: 'on-failure',
    Teardown: 'teardown',
    Ephemeral: 'ephemeral',
    DryRun: 'dry-run',
    Prefix: 'prefix',
    MaxAge: 'max-age',
    ClosedPrs: 'closed-prs',
    GithubToken: 'github-token',
    Comment: 'comment',
    // action-endpoints: service accounts, copy options
    ClientId: 'client-id',
    DeployCopy: 'deploy-copy',
    SourceVersion: 'source-version',
    // Champion and challenger (steps/compare-live.ts, steps/shadow.ts, steps/canary.ts, operations/promote.ts)
    CompareWithLive: 'compare-with-live',
    DecisionThreshold: 'decision-threshold',
    MaxLiveDeviation: 'max-live-deviation',
    MaxChangedRows: 'max-changed-rows',
    Strategy: 'strategy',
    CompareInput: 'compare-input',
    Promote: 'promote',
    CanaryWeight: 'canary-weight',
    HashKey: 'hash-key'
};
/** Defaults; action.yml must state the same values (a unit test compares them). */
const InputDefaults = {
    [Inputs.Operation]: 'deploy',
    [Inputs.CreateWorkspace]: 'true',
    [Inputs.Timeout]: '15m',
    [Inputs.RequestTimeout]: '60s',
    [Inputs.PollInterval]: '2s',
    [Inputs.DryRun]: 'false',
    // The runner fills this expression in; outside a workflow the literal text means "not given".
    [Inputs.GithubToken]: '${{ github.token }}'
};
/**
 * Defaults of operation-specific inputs. They are not in action.yml (a default there cannot be told from a
 * user's value, so a misplaced input could not be refused); the descriptions state them.
 */
const OperationInputDefaults = {
    [Inputs.Tolerance]: 'abs=1e-6,rel=1e-6',
    [Inputs.ErrorGrace]: '3m',
    [Inputs.OnFailure]: 'rollback',
    [Inputs.Teardown]: 'never',
    [Inputs.Ephemeral]: 'false',
    [Inputs.ClosedPrs]: 'false',
    [Inputs.DeployCopy]: 'false',
    // Champion and challenger
    [Inputs.Strategy]: 'basic',
    [Inputs.CompareWithLive]: 'false',
    [Inputs.Promote]: 'never'
};
/** Output names exactly as written in action.yml. */
const Outputs = {
    WorkspaceId: 'workspace-id',
    PipelineId: 'pipeline-id',
    PipelineVersionId: 'pipeline-version-id',
    PipelineVersion: 'pipeline-version',
    DeploymentId: 'deployment-id',
    DeploymentName: 'deployment-name',
    Status: 'status',
    InferenceUrl: 'inference-url',
    Models: 'models',
    SmokeOutput: 'smoke-output',
    SmokeLatencyMs: 'smoke-latency-ms',
    DurationSeconds: 'duration-seconds',
    Outcome: 'outcome',
    SmokePassed: 'smoke-passed',
    SmokeMaxDeviation: 'smoke-max-deviation',
    RolledBackTo: 'rolled-back-to',
    PipelineName: 'pipeline-name',
    Plan: 'plan',
    Swept: 'swept',
    // Champion and challenger
    LiveMaxDeviation: 'live-max-deviation',
    LiveChangedRows: 'live-changed-rows'
};
/** core.saveState keys: what a later `post:` step (teardown, rollback) reads back. */
const State = {
    RunRecord: 'wallaroo-run-record'
};
/** Environment fallbacks, named as the Wallaroo SDK names them (§2.2). */
const Env = {
    Url: 'WALLAROO_URL',
    User: 'WALLAROO_USER',
    Password: 'WALLAROO_PASSWORD',
    Workspace: 'GITHUB_WORKSPACE',
    EventName: 'GITHUB_EVENT_NAME',
    EventPath: 'GITHUB_EVENT_PATH',
    Sha: 'GITHUB_SHA',
    Ref: 'GITHUB_REF',
    Repository: 'GITHUB_REPOSITORY',
    ServerUrl: 'GITHUB_SERVER_URL',
    ApiUrl: 'GITHUB_API_URL',
    RunId: 'GITHUB_RUN_ID',
    Token: 'GITHUB_TOKEN'
};
/** The deploy inputs of champion and challenger: strategy, comparison with what is live, gates, canary. */
const CHAMPION_CHALLENGER_INPUTS = [
    Inputs.Strategy,
    Inputs.CompareWithLive,
    Inputs.CompareInput,
    Inputs.DecisionThreshold,
    Inputs.MaxLiveDeviation,
    Inputs.MaxChangedRows,
    Inputs.Promote,
    Inputs.CanaryWeight,
    Inputs.HashKey
];
/** What promote and reject take besides the pipeline: the checks and failure policy of a deploy. */
const SETTLE_INPUTS = [
    Inputs.SmokeInput,
    Inputs.ExpectedOutput,
    Inputs.Tolerance,
    Inputs.WriteOutput,
    Inputs.ErrorGrace,
    Inputs.OnFailure,
    Inputs.Ephemeral
];
/** The engine settings and checks of a deploy: copy-pipeline takes them only when the copy is deployed (`deploy-copy: true`). */
const CopyDeployInputs = [
    Inputs.Arch,
    Inputs.Gpus,
    Inputs.DeploymentLabel,
    Inputs.Cpus,
    Inputs.Memory,
    Inputs.Replicas,
    Inputs.EngineConfig,
    Inputs.SmokeInput,
    Inputs.ExpectedOutput,
    Inputs.Tolerance,
    Inputs.WriteOutput,
    Inputs.ErrorGrace,
    Inputs.OnFailure
];
/** Inputs that only some operations take; anything else given to an operation is an input error. */
const OperationInputs = {
    deploy: {
        required: [Inputs.Workspace, Inputs.Pipeline],
        optional: [
            Inputs.PipelineDefinition,
            Inputs.Models,
            // the engine settings and checks, which a deployed copy takes too
            ...CopyDeployInputs,
            Inputs.Teardown,
            Inputs.Ephemeral,
            Inputs.Comment,
            // Champion and challenger
            ...CHAMPION_CHALLENGER_INPUTS
        ]
    },
    'upload-model': { required: [Inputs.Workspace, Inputs.Models], optional: [] },
    'create-pipeline': { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.PipelineDefinition, Inputs.Models, Inputs.Teardown, Inputs.Ephemeral] },
    undeploy: { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.DeploymentId, Inputs.Ephemeral, Inputs.Comment] },
    'copy-pipeline': {
        required: [Inputs.Workspace, Inputs.SourcePipeline, Inputs.NewPipeline],
        // the copy's version and its deploy (then checked like a deploy)
        optional: [Inputs.Teardown, Inputs.SourceVersion, Inputs.DeployCopy, ...CopyDeployInputs]
    },
    status: { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.DeploymentId, Inputs.Ephemeral] },
    infer: {
        required: [Inputs.Workspace, Inputs.Pipeline, Inputs.SmokeInput],
        optional: [Inputs.ExpectedOutput, Inputs.Tolerance, Inputs.WriteOutput, Inputs.ErrorGrace, Inputs.Ephemeral, Inputs.Comment]
    },
    'get-url': { required: [Inputs.Workspace, Inputs.Pipeline], optional: [Inputs.Ephemeral] },
    sweep: { required: [Inputs.Workspace, Inputs.Prefix], optional: [Inputs.MaxAge, Inputs.ClosedPrs] },
    // Champion and challenger: settle a canary or shadow on one model, checked like a deploy.
    promote: { required: [Inputs.Workspace, Inputs.Pipeline], optional: SETTLE_INPUTS },
    reject: { required: [Inputs.Workspace, Inputs.Pipeline], optional: SETTLE_INPUTS }
};
/**
 * Inputs checked against OperationInputs: every input some operation lists. Inputs with a default are left
 * out of OperationInputs, since a default cannot be told from a user's value.
 */
const OperationSpecificInputs = [...new Set(Object.values(OperationInputs).flatMap(({ required, optional }) => [...required, ...optional]))];
/**
 * Operations that may create the workspace when it is missing; the others only read it. Not copy-pipeline:
 * its source must already be in that workspace, so creating it would only leave an empty workspace behind.
 */
const OperationsCreatingWorkspace = ['deploy', 'upload-model', 'create-pipeline'];
/** The cap of the `smoke-output` output (GitHub outputs are small; the summary shows the rest). */
const SMOKE_OUTPUT_MAX_BYTES = 4096;
/** The wait loop's longest pause between polls, unless `poll-interval` is larger. */
const MAX_POLL_INTERVAL_MS = 15_000;
/**
 * The pause the waits hold (jittered ±20%) for their first STEADY_POLL_WINDOW_MS, unless `poll-interval` is larger:
 * a deployment's Running is then seen ~2.8 s after it happens on average, with fewer polls than a fixed 5 s loop
 * (native deploys take up to ~45 s, containerized ones 3–4 minutes, §10; `npm run bench` measures both figures).
 */
const STEADY_POLL_INTERVAL_MS = 5_500;
/** How long the waits poll at STEADY_POLL_INTERVAL_MS before backing off to MAX_POLL_INTERVAL_MS. */
const STEADY_POLL_WINDOW_MS = 5 * 60_000;
/**
 * A model conversion wait's first pause is `poll-interval` divided by this (500 ms by default): conversions take
 * seconds (1 s on the emulator), so a 2 s first pause made the action notice `ready` a second late.
 */
const CONVERSION_FIRST_PAUSE_DIVISOR = 4;

;// CONCATENATED MODULE: ./src/action/context.ts
/** Operations that deploy a new version under the failure policy (promote and reject settle a canary that way). */
const DEPLOYING_OPERATIONS = ['deploy', 'promote', 'reject'];
/** The longest the failure policy keeps back from a deploy's waits. */
const MAX_RESERVE_MS = 5 * 60_000;
/** The deadline of a run starting at `start`: deploys with a failure policy keep a third of `timeout` (at most 5 minutes) for it. */
function newDeadline(settings, start) {
    const deploys = DEPLOYING_OPERATIONS.includes(settings.operation) || (settings.operation === 'copy-pipeline' && settings.deployCopy);
    const reserves = deploys && settings.onFailure !== 'keep';
    return { at: start + settings.timeoutMs, reserveMs: reserves ? Math.min(MAX_RESERVE_MS, Math.floor(settings.timeoutMs / 3)) : 0 };
}
/** Time left for the run's own work (`main`) or for cleaning up after a failure (`cleanup`, which may use the reserve). */
function budgetMs(ctx, use) {
    const end = use === 'main' ? ctx.deadline.at - ctx.deadline.reserveMs : ctx.deadline.at;
    return Math.max(0, end - ctx.clock.now());
}
/**
 * Time left for requests, by the run's clock: up to the end of the run's own share while it works, up to the hard
 * end once the failure policy acts (see Deadline.cleaningUp). Requests never outlast it (see createSession).
 */
function requestBudgetMs(deadline, now) {
    const end = deadline.cleaningUp ? deadline.at : deadline.at - deadline.reserveMs;
    return end - now;
}
/** Settings fields an operation requires; parseInputs guarantees them, this narrows the types. */
function required(value, what) {
    if (value === undefined)
        throw new Error(`internal: ${what} missing although parseInputs requires it`);
    return value;
}

;// CONCATENATED MODULE: ./src/action/errors.ts
/** An error thrown by an input file reader that knows the line it stopped at. */
class LocatedError extends Error {
    location;
    constructor(message, location) {
        super(message);
        this.location = location;
        this.name = 'LocatedError';
    }
}
/** The problem an input reader's error stands for (keeping its file location, if it has one). */
function problemOf(e, text = e instanceof Error ? e.message : String(e)) {
    return e instanceof LocatedError ? { text, location: e.location } : text;
}
/** Bad inputs, found before any call to Wallaroo; lists every problem, one per line. */
class InputError extends Error {
    /** Each problem as a full sentence naming the input, what is wrong and how to fix it. */
    problems;
    /** The problems that point at a line of an input file. */
    locations;
    constructor(problems) {
        const texts = problems.map((p) => (typeof p === 'string' ? p : p.text));
        super(texts.length === 1 ? texts[0] : `${texts.length} inputs need fixing:\n${texts.map((p) => `- ${p}`).join('\n')}`);
        this.name = 'InputError';
        this.problems = texts;
        this.locations = problems.filter((p) => typeof p !== 'string');
    }
}
/** A phase failed for a reason the action diagnosed itself (e.g. conversion error, deploy timeout); `message` is complete. */
class ActionFailure extends Error {
    outcome;
    constructor(message, 
    /** The `outcome` this failure means, when the phase alone does not tell (see report/outcome.ts). */
    outcome) {
        super(message);
        this.outcome = outcome;
        this.name = 'ActionFailure';
    }
}
/** An input that passed the local checks but does not fit what the server holds (e.g. an unknown workspace): outcome invalid-input. */
class InputMismatch extends ActionFailure {
    constructor(message) {
        super(message, 'invalid-input');
        this.name = 'InputMismatch';
    }
}
/** Wraps any failure with what the action was doing, e.g. "deploying pipeline 'ccfraud'". */
class PhaseError extends Error {
    /** What was being done, lower-case, to be read as "<doing> failed: <cause>". */
    doing;
    constructor(doing, cause) {
        super(`${doing} failed: ${messageOf(cause)}`, { cause });
        this.name = 'PhaseError';
        this.doing = doing;
    }
}
/** The message of anything thrown, including non-Error values. */
function messageOf(e) {
    if (e instanceof Error)
        return e.message;
    if (typeof e === 'string')
        return e;
    try {
        return JSON.stringify(e) ?? String(e);
    }
    catch {
        return String(e);
    }
}
/** Runs `fn`, wrapping a failure as PhaseError(doing) unless it already is one. */
async function during(doing, fn) {
    try {
        return await fn();
    }
    catch (e) {
        if (e instanceof PhaseError || e instanceof InputError)
            throw e;
        throw new PhaseError(doing, e);
    }
}

;// CONCATENATED MODULE: ./src/action/report/status-output.ts
/** Values of the `status` output (documented in action.yml); nothing else may be set. */
const STATUS_OUTPUTS = ['Running', 'Starting', 'Error', 'NotDeployed', 'Unknown'];
/** Status output when the pipeline has no deployment (get_deployment answers 404). */
const NOT_DEPLOYED = 'NotDeployed';
/** Server statuses passed through as they are (§8.3). */
const SERVER_STATUSES = ['Running', 'Starting', 'Error'];
/** The `status` output for a status answer: a 404 (null) is NotDeployed; no answer at all, or a status the docs do not list, is Unknown. */
function statusOutput(status) {
    if (status === undefined)
        return 'Unknown';
    if (status === null)
        return 'NotDeployed';
    return SERVER_STATUSES.includes(status.status) ? status.status : 'Unknown';
}
/** Any recorded status as an output value: a documented one as it is, anything else (e.g. a wait label) Unknown. */
function documentedStatus(value) {
    return STATUS_OUTPUTS.includes(value) ? value : 'Unknown';
}

;// CONCATENATED MODULE: ./src/wallaroo/redact.ts
/**
 * Keeps credentials out of debug output. Two layers: exact replacement of the secrets we know,
 * and pattern-based scrubbing of anything that looks like one (a token a server echoed back,
 * a header copied into a message) in case a secret was never registered.
 */
/** What a removed secret is replaced with. */
const REDACTED = '***';
/** Secrets shorter than this are not replaced verbatim: masking "a" would garble every message. */
const MIN_SECRET_LENGTH = 4;
/** Replaces every occurrence of each secret in `text` with `***` (longest first, so overlaps go whole). */
function redact(text, secrets) {
    const usable = [...secrets].filter((s) => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
    let out = text;
    for (const secret of usable)
        out = out.split(secret).join(REDACTED);
    return out;
}
const PATTERNS = [
    // Authorization / Proxy-Authorization headers, whatever the scheme ("<token>" placeholders in hints stay).
    [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)(bearer|basic)\s+(?!<)[^\s"',}]+/gi, `$1$2$3 ${REDACTED}`],
    // A bare "Bearer xxx" / "Basic xxx" anywhere else; the credential must contain a digit or
    // token punctuation, so prose like "basic authentication" is left alone.
    [/\b(bearer|basic)\s+(?=[A-Za-z0-9\-._~+/]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1 ${REDACTED}`],
    // JSON fields: "access_token": "…", "password": "…" …
    [/("(?:access_token|refresh_token|id_token|token|password|client_secret|secret)"\s*:\s*")(?:[^"\\]|\\.)*"/gi, `$1${REDACTED}"`],
    // Form / query fields: password=…&refresh_token=…
    [/\b(access_token|refresh_token|id_token|password|client_secret)=[^&\s"']+/gi, `$1=${REDACTED}`],
    // Anything shaped like a JWT (three base64url segments, header starting with '{"').
    [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
    // A JWT cut short (a server text truncated inside it) still shows its header and payload.
    [/\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]*/g, REDACTED]
];
/** Scrubs Authorization headers, token/password fields and JWT-shaped strings from debug text. */
function redactCredentials(text) {
    let out = text;
    for (const [pattern, replacement] of PATTERNS)
        out = out.replace(pattern, replacement);
    return out;
}
/** Copy of `headers` safe to print: Authorization-like values replaced with their scheme + `***`. */
function redactHeaders(headers) {
    const out = {};
    for (const [name, value] of Object.entries(headers)) {
        if (/^(proxy-)?authorization$|^cookie$|^set-cookie$/i.test(name)) {
            const scheme = /^(\w+)\s/.exec(value)?.[1];
            out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
        }
        else {
            out[name] = value;
        }
    }
    return out;
}
/**
 * Wraps a debug sink so every line passes both redaction layers; `secrets` is read on each call
 * so tokens obtained later are covered too. Returns a no-op when there is no sink.
 */
function safeDebug(sink, secrets = () => []) {
    if (!sink)
        return () => { };
    return (msg) => sink(redactCredentials(redact(msg, secrets())));
}

;// CONCATENATED MODULE: ./src/wallaroo/errors.ts
/**
 * The one error type the Wallaroo client throws. Callers branch on `code`, never on message text
 * (house style §2); the message is written to be embedded: `deploying … failed: <message>`.
 */

/** A Wallaroo API (or token endpoint, or inference endpoint) call that did not give the expected answer. */
class WallarooApiError extends Error {
    /** Stable reason to branch on. */
    code;
    /** HTTP status, absent for NETWORK/TIMEOUT/DEADLINE. */
    status;
    /** Path that was called, e.g. '/v1/api/pipelines/deploy'. */
    endpoint;
    /** `msg` (MLOps), `error` (inference) or `error: error_description` (Keycloak) from the body. */
    serverMessage;
    /** Parsed JSON body, or its (truncated) text. */
    body;
    /** Request id from the response headers, for support tickets. */
    requestId;
    /** How many times the request was sent. */
    attempts;
    /** What went wrong, without the generic advice (callers with better advice, like the action, use this). */
    detail;
    /** The client's generic advice, if any. */
    advice;
    /** NETWORK: true when the connection was never made (nothing reached the server); false when it broke later. */
    connectFailed;
    constructor(init) {
        const detail = init.message ?? defaultMessage(init);
        super(init.advice ? `${detail}; ${init.advice}` : detail, init.cause === undefined ? undefined : { cause: init.cause });
        this.detail = detail;
        this.advice = init.advice;
        this.name = 'WallarooApiError';
        this.code = init.code;
        this.status = init.status;
        this.endpoint = init.endpoint;
        this.serverMessage = init.serverMessage;
        this.body = init.body;
        this.requestId = init.requestId;
        this.attempts = init.attempts;
        if (init.connectFailed !== undefined)
            this.connectFailed = init.connectFailed;
    }
}
function defaultMessage(init) {
    if (init.status === undefined)
        return `${init.code.toLowerCase()} error calling ${init.endpoint}`;
    return `HTTP ${init.status} from ${init.endpoint}: ${init.serverMessage ?? '(no message in the response body)'}`;
}
/** Maps an HTTP status of a non-2xx response to its stable code. */
function codeForStatus(status) {
    switch (status) {
        case 400:
            return 'BAD_REQUEST';
        case 401:
            return 'UNAUTHORIZED';
        case 403:
            return 'FORBIDDEN';
        case 404:
            return 'NOT_FOUND';
        case 408:
            return 'TIMEOUT';
        case 409:
            return 'CONFLICT';
        case 413:
            return 'PAYLOAD_TOO_LARGE';
        case 429:
            return 'RATE_LIMITED';
        case 503:
            return 'UNAVAILABLE';
        default:
            if (status >= 500)
                return 'SERVER_ERROR';
            // Other 4xx (405, 408, 415, 422 …) are all "the request was wrong" from the caller's side.
            return 'BAD_REQUEST';
    }
}
/** Longest raw (non-JSON) body text kept in a message: enough for an HTML error page's gist. */
const MAX_SERVER_TEXT = 500;
/** Parsed error body: JSON if it parses, else the trimmed, truncated text (undefined when empty). */
function parseErrorBody(bytes) {
    const text = new TextDecoder().decode(bytes).trim();
    if (text === '')
        return undefined;
    try {
        return JSON.parse(text);
    }
    catch {
        return truncate(text, MAX_SERVER_TEXT);
    }
}
/**
 * The server's own words from an error body: `msg` (MLOps, §3), `error` (+ Keycloak's
 * `error_description`) or `message`; raw text for non-JSON bodies (proxies' HTML pages).
 */
function serverMessageOf(body) {
    const text = rawServerMessage(body);
    // A proxy or server may echo the request's credentials back; error messages end up in logs.
    return text === undefined ? undefined : redactCredentials(text);
}
function rawServerMessage(body) {
    if (body === undefined || body === null)
        return undefined;
    if (typeof body === 'string')
        return truncate(body, MAX_SERVER_TEXT);
    if (typeof body === 'object' && !Array.isArray(body)) {
        const b = body;
        if (typeof b.msg === 'string')
            return truncate(b.msg, MAX_SERVER_TEXT);
        if (typeof b.error === 'string') {
            const described = typeof b.error_description === 'string' ? `${b.error}: ${b.error_description}` : b.error;
            return truncate(described, MAX_SERVER_TEXT);
        }
        if (typeof b.message === 'string')
            return truncate(b.message, MAX_SERVER_TEXT);
    }
    return truncate(JSON.stringify(body), MAX_SERVER_TEXT);
}
const REQUEST_ID_HEADERS = ['x-request-id', 'x-envoy-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid'];
/** Request id the server or its Envoy front put on the response, if any. */
function requestIdOf(headers) {
    for (const name of REQUEST_ID_HEADERS) {
        const value = headers.get(name);
        if (value)
            return value;
    }
    return undefined;
}
/** Shortens `text` to `max` characters, marking the cut. */
function truncate(text, max) {
    return text.length <= max ? text : `${text.slice(0, max)}…`;
}

;// CONCATENATED MODULE: ./src/action/duration.ts
/** Durations as users write them in workflow files: `15m`, `90s`, `1h30m`, `500ms`, `7d`; a bare number means seconds. */
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/y;
/** The longest wait a timer holds (setTimeout's 2^31-1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * Parses a duration into milliseconds; throws an Error whose message (lower-case start) says what is accepted.
 * `maxMs` bounds durations that feed a timer (the default has no bound, e.g. for an age).
 */
function parseDuration(text, maxMs = Number.POSITIVE_INFINITY) {
    const t = text.trim();
    const fail = (why) => {
        throw new Error(`${why}; write a positive duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds)`);
    };
    if (t === '')
        fail('it is empty');
    let ms;
    if (/^\d+(\.\d+)?$/.test(t)) {
        ms = Number(t) * 1000;
    }
    else {
        ms = 0;
        PART.lastIndex = 0;
        let consumed = 0;
        while (consumed < t.length) {
            PART.lastIndex = consumed;
            const m = PART.exec(t);
            if (!m)
                fail(`"${t.slice(consumed)}" is not a number followed by ms, s, m, h or d`);
            ms += Number(m[1]) * UNIT_MS[m[2]];
            consumed = PART.lastIndex;
        }
    }
    if (!Number.isFinite(ms) || ms <= 0)
        fail('it must be greater than zero');
    // Rounded to whole milliseconds first: "0.0001s" would otherwise pass as "more than zero" and then be 0.
    const rounded = Math.round(ms);
    if (rounded <= 0)
        fail(`it rounds to 0 ms (durations count whole milliseconds)`);
    if (rounded > maxMs) {
        throw new Error(`it is longer than ${formatDuration(maxMs)} (${maxMs} ms), the longest wait a timer can hold; give a shorter duration such as 6h (GitHub ends jobs after 6 hours on hosted runners)`);
    }
    return rounded;
}
/** Renders milliseconds for messages: `950ms`, `42s`, `3m05s`, `1h02m`. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    const totalS = Math.round(ms / 1000);
    if (totalS < 60)
        return `${totalS}s`;
    const h = Math.floor(totalS / 3600);
    const m = Math.floor((totalS % 3600) / 60);
    const s = totalS % 60;
    if (h > 0)
        return `${h}h${String(m).padStart(2, '0')}m`;
    return `${m}m${String(s).padStart(2, '0')}s`;
}

;// CONCATENATED MODULE: ./src/action/report/hints.ts
/** What to do about a failed Wallaroo call, per stable error code (house style §4, like deploy-pages' per-status hints). */




/** A sentence telling the user what to change, or undefined when the server's message says it all. */
function hintFor(e, settings) {
    const inference = e.endpoint.includes('/pipelines/infer');
    const support = e.requestId ? ` Quote request id ${e.requestId} if you contact support.` : '';
    switch (e.code) {
        case 'UNAUTHORIZED':
            if (settings.auth.kind === 'client')
                return `${serviceAccountNote(settings)} The server refused its token even after signing in again.`;
            return settings.auth.kind === 'token'
                ? `The server refused the token: check '${Inputs.Token}' (it may have expired; tokens can live as little as 60 s), or use '${Inputs.Username}' and '${Inputs.Password}' so the action can renew it.`
                : `The server refused the user's token even after signing in again: check that '${Inputs.Username}' may use the Wallaroo API.`;
        case 'AUTH_FAILED':
            if (settings.auth.kind === 'client') {
                return `Signing in as the service account of client '${settings.auth.clientId}' (client_credentials grant) at ${settings.authUrl} was refused: check '${Inputs.ClientId}' and '${Inputs.ClientSecret}', and that the client has service accounts enabled in Keycloak. If your Keycloak is on another host, set '${Inputs.AuthUrl}'.`;
            }
            return `Signing in at ${settings.authUrl} was refused: check '${Inputs.Username}' and '${Inputs.Password}'${settings.auth.kind === 'password' && settings.auth.clientSecret ? ` and '${Inputs.ClientSecret}'` : ''}${settings.auth.kind === 'password' && settings.auth.clientId ? ` and '${Inputs.ClientId}'` : ''}. If your Keycloak is on another host (older installs: https://<prefix>.keycloak.<domain>), set '${Inputs.AuthUrl}'.`;
        case 'FORBIDDEN':
            // A service-account token is refused by MLOps routes (§2.1 INFERRED; the emulator does so): say that, not "ask an owner".
            if (settings.auth.kind === 'client' && !inference)
                return `${serviceAccountNote(settings)}${support}`;
            return `The user lacks permission for this: ask an owner of workspace ${describeWorkspace(settings)} to add the user, or use a user who is a member.${support}`;
        case 'NOT_FOUND':
            if (e.endpoint.includes('/openid-connect/')) {
                return `There is no Keycloak token endpoint at ${settings.authUrl}: set '${Inputs.AuthUrl}' to your Keycloak's address (older installs: https://<prefix>.keycloak.<domain>; it is the API host itself from 2024 on).`;
            }
            if (inference)
                return `The pipeline's inference endpoint is not there: deploy it first (operation 'deploy'), and check '${Inputs.Pipeline}'.`;
            // Wallaroo answered about a thing it does not have (a pipeline, a deployment): the URL is right, a name is not.
            if (namesMissingEntity(e))
                return `Check the names in '${Inputs.Workspace}' and '${Inputs.Pipeline}'.`;
            return `${e.endpoint} does not exist at ${settings.url}: check '${Inputs.Url}' is the Wallaroo API address (e.g. https://wallaroo.example.com, not the UI or Keycloak), and the names in '${Inputs.Workspace}'/'${Inputs.Pipeline}'.`;
        case 'CONFLICT':
            return `The server reports a conflict with the current state; check nothing else changes this pipeline at the same time, then re-run.`;
        case 'BAD_REQUEST':
            return inference ? `The engine refused the smoke input: check the columns of '${Inputs.SmokeInput}' match the model's inputs.` : undefined;
        case 'PAYLOAD_TOO_LARGE':
            return `The server refused the size of the request body (a model file or '${Inputs.SmokeInput}'); use a smaller file or ask your Wallaroo administrator about the upload limit.`;
        case 'SERVER_ERROR':
            if (inference && errorSource(e) === 'engine') {
                // The engine ran and failed on this input: deterministic, so neither a retry nor a wait helps.
                return `The engine could not run the pipeline on the smoke input: check that each step's outputs fit the next step's inputs ('${Inputs.PipelineDefinition}', or the order of '${Inputs.Models}'), and that '${Inputs.SmokeInput}' matches the first model's inputs.${support}`;
            }
            return serverSide(e, support);
        case 'RATE_LIMITED':
            // Not a server fault: the server asked for fewer requests, and its Retry-After was honoured while time allowed.
            return `Wallaroo refused the requests as too many (HTTP 429, ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}; the action waited as long as the server's Retry-After asked while '${Inputs.Timeout}' allowed). Retry later, or raise '${Inputs.Timeout}'.${support}`;
        case 'UNAVAILABLE':
            return serverSide(e, support);
        case 'NETWORK':
            if (e.connectFailed === false) {
                // The connection was made, so the address is right: it broke while the request was out.
                return `The connection to ${settings.url} broke while the request was out${e.attempts > 1 ? `, ${e.attempts} times` : ''}; the server may have acted on it. Re-run: the action finds what an earlier run created instead of creating it twice. If it keeps happening, check the network between the runner and Wallaroo (a proxy or load balancer may cut connections).`;
            }
            return `Could not reach ${settings.url}: check '${Inputs.Url}' and that the runner can reach it (a self-hosted runner may be needed for a private install).`;
        case 'DEADLINE':
            return `'${Inputs.Timeout}' (${formatDuration(settings.timeoutMs)} for the whole step) ran out before the server answered; raise it if the server or the deployment is just slow.`;
        case 'TIMEOUT':
            return `No answer within '${Inputs.RequestTimeout}' (${formatDuration(settings.requestTimeoutMs)}); raise it if the server is just slow.`;
        case 'BAD_RESPONSE':
            return `The answer does not look like Wallaroo's: check '${Inputs.Url}' is the Wallaroo API address.${support}`;
        default:
            return undefined;
    }
}
/** What a service-account token (client_credentials grant) may do, for messages about its refusals. */
function serviceAccountNote(settings) {
    const client = settings.auth.kind === 'client' ? settings.auth.clientId : 'the client';
    return (`The action signed in as the service account of client '${client}' ('${Inputs.ClientId}' without a user: the client_credentials grant), and this Wallaroo API ` +
        `refuses such tokens on its MLOps routes: Wallaroo documents them for calling inference endpoints only, while every operation of the action reads or changes workspaces, models or pipelines first. ` +
        `Sign in as a user instead ('${Inputs.Username}' and '${Inputs.Password}', with '${Inputs.ClientId}'/'${Inputs.ClientSecret}' to go through this client), or ask your administrator whether this install lets service accounts use the MLOps API.`);
}
function serverSide(e, support) {
    return `Wallaroo had a server-side problem (${e.attempts} attempt${e.attempts === 1 ? '' : 's'}); retry later.${support}`;
}
/** The body of a Wallaroo error answer (MLOps `{msg, code}` or inference `{error, …}`, §3), if the 404 carried one. */
function wallarooErrorBody(e) {
    const b = e.body;
    if (typeof b !== 'object' || b === null || Array.isArray(b))
        return undefined;
    const o = b;
    return typeof o.msg === 'string' || typeof o.error === 'string' ? o : undefined;
}
/**
 * A 404 with Wallaroo's own error body naming something it lacks, rather than a missing route (wrong base URL).
 * A body that names the requested path itself (a proxy's or emulator's "no such route") is a missing route.
 */
function namesMissingEntity(e) {
    const body = wallarooErrorBody(e);
    if (!body)
        return false;
    const text = String(body.msg ?? body.error);
    return !text.includes(e.endpoint);
}
/** `source` of an inference error body: engine, platform or sidekick (§9.4). */
function errorSource(e) {
    const source = wallarooErrorBody(e)?.source;
    return typeof source === 'string' ? source : undefined;
}
function describeWorkspace(settings) {
    const w = settings.workspace;
    if (!w)
        return '(none given)';
    return 'name' in w ? `"${w.name}"` : `id ${w.id}`;
}
/** A failure's cause in words: the server's detail followed by the action's hint (which replaces the client's generic advice). */
function describeFailureBriefly(e, settings) {
    const cause = e instanceof PhaseError ? e.cause : e;
    if (cause instanceof WallarooApiError && settings) {
        const hint = hintFor(cause, settings);
        if (hint)
            return `${cause.detail.replace(/[.\s]+$/, '')}. ${hint}`;
    }
    return messageOf(cause);
}
/** The complete failure text: "<operation> failed while <doing>: <cause>. <hint>". */
function describeFailure(operation, e, settings) {
    const text = describeFailureBriefly(e, settings);
    return e instanceof PhaseError ? `${operation} failed while ${e.doing}: ${text}` : `${operation} failed: ${text}`;
}

;// CONCATENATED MODULE: ./src/action/inputs/input-file-format.ts
/** `pandas-records` for .json, `arrow` for .arrow (any case), undefined for anything else. */
function inputFileFormat(path) {
    const lower = path.trim().toLowerCase();
    return lower.endsWith('.json') ? 'pandas-records' : lower.endsWith('.arrow') ? 'arrow' : undefined;
}

;// CONCATENATED MODULE: ./src/action/lazy-parsers.ts


let yamlModule;
let arrowModule;
let arrowFilesModule;
/** Loads the parsers asked for (default both); loading one twice costs nothing. */
async function loadParsers(which = { yaml: true, arrow: true }) {
    if (which.yaml)
        yamlModule ??= await __nccwpck_require__.e(/* import() */ 815).then(__nccwpck_require__.t.bind(__nccwpck_require__, 8815, 19));
    if (which.arrow) {
        arrowModule ??= await Promise.all(/* import() */[__nccwpck_require__.e(703), __nccwpck_require__.e(163)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2163));
        arrowFilesModule ??= await Promise.all(/* import() */[__nccwpck_require__.e(703), __nccwpck_require__.e(385)]).then(__nccwpck_require__.bind(__nccwpck_require__, 2385));
    }
}
/**
 * Loads what parsing these inputs can need: YAML when 'models' or 'pipeline-definition' is given; Arrow for an
 * .arrow 'smoke-input' or 'compare-input', or when 'models' may hold a schema (it mentions one, or is one line:
 * maybe a file's path).
 */
async function loadParsersFor(read) {
    const models = (read(Inputs.Models) ?? '').trim();
    const definition = (read(Inputs.PipelineDefinition) ?? '').trim();
    const arrowFile = [Inputs.SmokeInput, Inputs.CompareInput].some((name) => inputFileFormat(read(name) ?? '') === 'arrow');
    const schemas = models !== '' && (models.includes('_schema') || !models.includes('\n'));
    await loadParsers({ yaml: models !== '' || definition !== '', arrow: arrowFile || schemas });
}
function notLoaded(name) {
    return new Error(`internal: the ${name} parser was not loaded before it was needed; call loadParsersFor(inputs) before parsing them`);
}
/** The yaml module (after loadParsers). */
function yaml() {
    if (!yamlModule)
        throw notLoaded('YAML');
    return yamlModule;
}
/** The apache-arrow module (after loadParsers). */
function arrow() {
    if (!arrowModule)
        throw notLoaded('Arrow');
    return arrowModule;
}
/** readArrowFile of src/arrow (after loadParsers): the file checked, then decoded. */
function readArrowFile(bytes) {
    if (!arrowFilesModule)
        throw notLoaded('Arrow');
    return arrowFilesModule.readArrowFile(bytes);
}
/** apache-arrow when something loaded it, else undefined (then no value can be an Arrow Vector). */
function arrowIfLoaded() {
    return arrowModule;
}

;// CONCATENATED MODULE: ./src/action/inputs/names.ts
/**
 * Wallaroo's naming rule (§4): names map onto Kubernetes objects. Same check as the SDK's
 * `utils.require_dns_compliance`, plus lowercase-only for workspaces (the workspace-create doc).
 */
/** The SDK's regex: a letter first, then letters, digits and '-'. */
const SDK_NAME = /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]*$/;
/** The SDK requires length < 64. */
const MAX_NAME_LENGTH = 63;
/** Why `name` breaks the rule (phrase fit to follow "is "…": "), or undefined when it is fine. */
function nameProblem(name, kind) {
    if (name.length === 0)
        return 'names cannot be empty';
    if (!SDK_NAME.test(name) || /[^\p{ASCII}]/u.test(name)) {
        const what = kind === 'workspace' ? "lowercase ASCII letters, digits and '-'" : "ASCII letters, digits and '-'";
        return `names allow ${what} only, starting with a letter ('_', '.' and spaces are refused because names become Kubernetes objects)`;
    }
    if (name.endsWith('-'))
        return "names cannot end with '-'";
    if (name.length > MAX_NAME_LENGTH)
        return `names are at most ${MAX_NAME_LENGTH} characters long (this one has ${name.length})`;
    if (kind === 'workspace' && name !== name.toLowerCase())
        return 'workspace names must be lowercase';
    return undefined;
}
/** A close name that passes the rule (lowercase, runs of other characters turned into '-'), or undefined if none can be made. */
function suggestName(name) {
    let s = name
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^[^a-z]+/, '');
    s = s.slice(0, MAX_NAME_LENGTH).replace(/-+$/, '');
    return s.length > 0 && s !== name ? s : undefined;
}
/** The full input-error text for a bad name, or undefined when the name is fine. */
function checkName(input, name, kind) {
    const problem = nameProblem(name, kind);
    if (problem === undefined)
        return undefined;
    const suggestion = suggestName(name);
    return `Input '${input}' is ${JSON.stringify(name)}: ${problem}.${suggestion ? ` Try ${JSON.stringify(suggestion)}.` : ''}`;
}

;// CONCATENATED MODULE: ./src/action/inputs/closest-word.ts
/** "Did you mean …?" for mistyped keys and words (`paht` → `path`): the closest known word by edit distance. */
/** Edit distance (insert, delete, substitute, swap two neighbours) between two short words. */
function editDistance(a, b) {
    // Keys and words are short; anything long is not a typo of one.
    if (Math.abs(a.length - b.length) > 3 || a.length > 64 || b.length > 64)
        return Math.max(a.length, b.length);
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++)
        d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}
/** The known word `word` most likely mistypes (case, '-' for '_', or up to 2 edits for longer words), if any. */
function closestWord(word, known) {
    const norm = (s) => s.toLowerCase().replace(/-/g, '_');
    const exact = known.find((k) => norm(k) === norm(word));
    if (exact)
        return exact;
    const limit = word.length <= 4 ? 1 : 2;
    let best;
    let bestDistance = limit + 1;
    for (const k of known) {
        const distance = editDistance(norm(word), norm(k));
        if (distance < bestDistance) {
            best = k;
            bestDistance = distance;
        }
    }
    return best;
}

;// CONCATENATED MODULE: ./src/action/inputs/protobuf-reader.ts
/**
 * A protobuf wire-format reader for untrusted files: random access through a small window, so a multi-GB model is
 * read field by field (a large field is skipped, never loaded); every length is checked against its enclosing
 * message and the file, and every problem is a ProtobufFormatError saying where. It knows no schema: callers walk
 * the fields they need with their own fixed nesting, so hostile bytes cannot make it recurse.
 */

/** The bytes do not follow the protobuf wire format (or end too soon); `offset` is where that showed. */
class ProtobufFormatError extends Error {
    offset;
    truncated;
    constructor(message, offset, 
    /** The bytes end before a field does: the file looks cut short. */
    truncated = false) {
        super(message);
        this.offset = offset;
        this.truncated = truncated;
        this.name = 'ProtobufFormatError';
    }
}
/** Bytes already in memory. */
function bufferSource(bytes) {
    return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length), close: () => undefined };
}
/** How much of a file is read at once: small reads (tags, lengths) come from this window. */
const WINDOW = 64 * 1024;
/** A file read through a 64 KiB window (reads longer than the window get their own buffer). Close it when done. */
function fileSource(path) {
    const fd = (0,external_node_fs_namespaceObject.openSync)(path, 'r');
    let size;
    try {
        size = (0,external_node_fs_namespaceObject.fstatSync)(fd).size;
    }
    catch (e) {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
        throw e;
    }
    const window = Buffer.alloc(WINDOW);
    let start = 0;
    let filled = 0;
    const fill = (into, offset, length) => {
        let got = 0;
        while (got < length) {
            const n = (0,external_node_fs_namespaceObject.readSync)(fd, into, got, length - got, offset + got);
            if (n === 0)
                break;
            got += n;
        }
        return got;
    };
    return {
        size,
        read(offset, length) {
            if (length > WINDOW) {
                const out = Buffer.alloc(length);
                return out.subarray(0, fill(out, offset, length));
            }
            if (offset < start || offset + length > start + filled) {
                start = offset;
                filled = fill(window, offset, Math.min(WINDOW, size - offset));
            }
            return window.subarray(offset - start, offset - start + length);
        },
        close: () => (0,external_node_fs_namespaceObject.closeSync)(fd)
    };
}
/** Wire types (the low 3 bits of a tag). Groups (3, 4) are long deprecated and never appear in ONNX. */
const WireType = { Varint: 0, Fixed64: 1, Len: 2, Fixed32: 5 };
/** Longest varint: 10 bytes encode 64 bits. */
const MAX_VARINT_BYTES = 10;
/**
 * Reads the fields of one message, [start, end) of the source, in order. Each `next()` consumes at least one byte,
 * so a walk ends after at most `end - start` steps; `maxFields` bounds it further.
 */
class MessageReader {
    source;
    start;
    end;
    what;
    maxFields;
    #pos;
    #count = 0;
    constructor(source, start, end, 
    /** What the message is, for errors: e.g. "the graph". */
    what, maxFields = 10_000_000) {
        this.source = source;
        this.start = start;
        this.end = end;
        this.what = what;
        this.maxFields = maxFields;
        if (end > source.size)
            throw new ProtobufFormatError(`${what} needs ${end - start} bytes but only ${source.size - start} remain`, source.size, true);
        this.#pos = start;
    }
    /** The next field's header (its value is skipped by the following `next()`), or undefined at the end. */
    next() {
        if (this.#pos >= this.end)
            return undefined;
        if (++this.#count > this.maxFields)
            throw new ProtobufFormatError(`${this.what} has more than ${this.maxFields} fields`, this.#pos);
        const keyAt = this.#pos;
        const key = this.#varint();
        const field = Math.floor(key / 8);
        const wire = key % 8;
        if (field === 0 || field > 536_870_911)
            throw new ProtobufFormatError(`${this.what} has a field numbered ${field} at byte ${keyAt}`, keyAt);
        const at = this.#pos;
        let length = 0;
        switch (wire) {
            case WireType.Varint:
                this.#varint();
                break;
            case WireType.Fixed64:
                length = 8;
                this.#advance(8, field);
                break;
            case WireType.Fixed32:
                length = 4;
                this.#advance(4, field);
                break;
            case WireType.Len: {
                length = this.#varint();
                const payload = this.#pos;
                this.#advance(length, field);
                return { field, wire, at: payload, length };
            }
            default:
                throw new ProtobufFormatError(`${this.what} has field ${field} with wire type ${wire} at byte ${keyAt}, which protobuf messages do not use`, keyAt);
        }
        return { field, wire, at, length };
    }
    /** The varint value of a Varint field (as a number; above 2^53 it loses precision, which no caller needs). */
    varintAt(h) {
        return readVarintAt(this.source, h.at, this.end, this.what).value;
    }
    /** A Varint field read as int64 (negative values are 10-byte two's complement). */
    int64At(h) {
        const v = this.varintAt(h);
        return v >= 2 ** 63 ? v - 2 ** 64 : v;
    }
    /** A Len field as UTF-8 text; refused above `max` bytes or when it is not UTF-8 (protobuf strings always are). */
    stringAt(h, max, name) {
        if (h.length > max)
            throw new ProtobufFormatError(`${this.what} has a ${name} of ${h.length} bytes (more than ${max})`, h.at);
        try {
            return UTF8.decode(this.source.read(h.at, h.length));
        }
        catch {
            throw new ProtobufFormatError(`${this.what} has a ${name} that is not UTF-8 text at byte ${h.at}`, h.at);
        }
    }
    /** Expects `wire` for a field whose type the caller knows. */
    expect(h, wire, name) {
        if (h.wire !== wire)
            throw new ProtobufFormatError(`${this.what} has ${name} (field ${h.field}) with wire type ${h.wire} instead of ${wire}`, h.at);
    }
    #varint() {
        const { value, bytes } = readVarintAt(this.source, this.#pos, this.end, this.what);
        this.#pos += bytes;
        return value;
    }
    #advance(n, field) {
        if (this.#pos + n > this.end) {
            const inFile = this.end === this.source.size;
            throw new ProtobufFormatError(`field ${field} of ${this.what} needs ${n} bytes from byte ${this.#pos} but ${inFile ? 'the file ends' : 'its message ends'} at byte ${this.end}`, this.#pos, inFile);
        }
        this.#pos += n;
    }
}
const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** A base-128 varint at `offset`, which must end before `end`. */
function readVarintAt(source, offset, end, what) {
    const available = Math.min(MAX_VARINT_BYTES, end - offset);
    const bytes = source.read(offset, available);
    let value = 0;
    let scale = 1;
    for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i];
        value += (b & 0x7f) * scale;
        scale *= 128;
        if ((b & 0x80) === 0)
            return { value, bytes: i + 1 };
    }
    if (available < MAX_VARINT_BYTES) {
        const inFile = end === source.size;
        throw new ProtobufFormatError(`${what} ends inside a number at byte ${offset}${inFile ? ' (the file is cut short)' : ''}`, offset, inFile);
    }
    throw new ProtobufFormatError(`${what} has a number longer than 10 bytes at byte ${offset}`, offset);
}

;// CONCATENATED MODULE: ./src/action/inputs/onnx-signature.ts
/**
 * Reads an ONNX model's signature (graph inputs and outputs: names, element types, shapes) from the file itself,
 * without loading it: a walk over the protobuf fields of ModelProto → GraphProto → ValueInfoProto (field numbers from
 * onnx/onnx.proto), with fixed nesting and bounded reads, so hostile bytes fail fast and a multi-GB model costs a
 * few kilobytes of memory. What it cannot read is not a loadable ONNX model: the action refuses it before uploading.
 */

/** Why a file is not a loadable ONNX model; `message` is a lower-case clause to embed after the file's name. */
class NotOnnxError extends Error {
    constructor(message) {
        super(message);
        this.name = 'NotOnnxError';
    }
}
/** ONNX TensorProto.DataType names, by value (0 is UNDEFINED). */
const ELEM_TYPES = [
    'undefined',
    'float',
    'uint8',
    'int8',
    'uint16',
    'int16',
    'int32',
    'int64',
    'string',
    'bool',
    'float16',
    'double',
    'uint32',
    'uint64',
    'complex64',
    'complex128',
    'bfloat16',
    'float8e4m3fn',
    'float8e4m3fnuz',
    'float8e5m2',
    'float8e5m2fnuz',
    'uint4',
    'int4',
    'float4e2m1'
];
/** The element type's name, or `type <n>` for a value newer than this list. */
function elemTypeName(value) {
    return ELEM_TYPES[value] ?? `type ${value}`;
}
// Field numbers (onnx.proto).
const MODEL = { irVersion: 1, graph: 7, opsetImport: 8 };
const GRAPH = { initializer: 5, input: 11, output: 12 };
const TENSOR_NAME = 8;
const VALUE_INFO = { name: 1, type: 2 };
const TYPE = { tensor: 1, sequence: 4, map: 5, sparseTensor: 8, optional: 9 };
const TENSOR_TYPE = { elemType: 1, shape: 2 };
const DIM = { value: 1, param: 2 };
/** Limits no real model comes near; past them the file is refused rather than read on. */
const LIMITS = {
    /** A graph input or output declaration (a name and a type) larger than this is not a declaration. */
    valueInfoBytes: 1024 * 1024,
    names: 64 * 1024,
    values: 100_000,
    dims: 64,
    opsets: 1000,
    topLevelFields: 100_000,
    /** IR versions run from 1 (2017) to about 12 (2025); far beyond that the bytes are not ONNX. */
    irVersion: 100
};
/** Reads the signature of the model in `path` (or in `bytes`); throws NotOnnxError saying why it is not one. */
function readOnnxSignature(from) {
    const source = 'path' in from ? fileSource(from.path) : bufferSource(from.bytes);
    try {
        return readSignature(source);
    }
    catch (e) {
        if (e instanceof ProtobufFormatError)
            throw new NotOnnxError(explain(source, e));
        throw e;
    }
    finally {
        source.close();
    }
}
function readSignature(source) {
    if (source.size === 0)
        throw new NotOnnxError('it is empty');
    const top = new MessageReader(source, 0, source.size, 'the model', LIMITS.topLevelFields);
    let irVersion;
    let graph;
    const opsets = [];
    for (let h = top.next(); h; h = top.next()) {
        if (h.field === MODEL.irVersion) {
            top.expect(h, WireType.Varint, 'ir_version');
            irVersion = top.varintAt(h);
        }
        else if (h.field === MODEL.graph) {
            top.expect(h, WireType.Len, 'graph');
            graph = h;
        }
        else if (h.field === MODEL.opsetImport) {
            top.expect(h, WireType.Len, 'opset_import');
            if (opsets.length >= LIMITS.opsets)
                throw new ProtobufFormatError(`the model imports more than ${LIMITS.opsets} opsets`, h.at);
            opsets.push(readOpset(source, h));
        }
    }
    if (irVersion === undefined || irVersion < 1 || irVersion > LIMITS.irVersion) {
        throw new NotOnnxError(irVersion === undefined ? 'it has no ir_version, which every ONNX model states' : `its ir_version is ${irVersion}, which no ONNX release has`);
    }
    if (!graph)
        throw new NotOnnxError('it has no graph');
    if (opsets.length === 0 && irVersion >= 3)
        throw new NotOnnxError('it imports no operator set (opset_import), which ONNX requires from IR version 3 on');
    const { inputs, outputs, initializers } = readGraph(source, graph);
    if (outputs.length === 0)
        throw new NotOnnxError('its graph has no outputs, so it cannot answer anything');
    const fed = inputs.filter((i) => !initializers.has(i.name));
    for (const input of fed) {
        if (input.type === 'undefined')
            throw new NotOnnxError(`its graph input "${input.name}" has no type`);
    }
    return { irVersion, opsets, inputs: fed, outputs };
}
function readOpset(source, h) {
    const r = new MessageReader(source, h.at, h.at + h.length, 'an opset_import');
    let domain = '';
    let version = 0;
    for (let f = r.next(); f; f = r.next()) {
        if (f.field === 1 && f.wire === WireType.Len)
            domain = r.stringAt(f, LIMITS.names, 'domain');
        else if (f.field === 2 && f.wire === WireType.Varint)
            version = r.varintAt(f);
    }
    return { domain, version };
}
/** The graph's inputs, outputs and initializer names; nodes and initializer data are skipped, not read. */
function readGraph(source, h) {
    const r = new MessageReader(source, h.at, h.at + h.length, 'the graph');
    const inputs = [];
    const outputs = [];
    const initializers = new Set();
    for (let f = r.next(); f; f = r.next()) {
        if (f.field === GRAPH.input || f.field === GRAPH.output) {
            r.expect(f, WireType.Len, f.field === GRAPH.input ? 'an input' : 'an output');
            const list = f.field === GRAPH.input ? inputs : outputs;
            if (list.length >= LIMITS.values)
                throw new ProtobufFormatError(`the graph declares more than ${LIMITS.values} ${f.field === GRAPH.input ? 'inputs' : 'outputs'}`, f.at);
            list.push(readValueInfo(source, f));
        }
        else if (f.field === GRAPH.initializer) {
            r.expect(f, WireType.Len, 'an initializer');
            const name = initializerName(source, f);
            if (name)
                initializers.add(name);
        }
    }
    return { inputs, outputs, initializers };
}
/** An initializer's name (TensorProto field 8); its data, possibly gigabytes, is skipped. */
function initializerName(source, h) {
    const r = new MessageReader(source, h.at, h.at + h.length, 'an initializer');
    let name;
    for (let f = r.next(); f; f = r.next()) {
        if (f.field === TENSOR_NAME && f.wire === WireType.Len)
            name = r.stringAt(f, LIMITS.names, 'name');
    }
    return name;
}
/** A ValueInfoProto (small by nature): read into memory, then walked at fixed depth. */
function readValueInfo(source, h) {
    if (h.length > LIMITS.valueInfoBytes)
        throw new ProtobufFormatError(`a graph input or output declaration of ${h.length} bytes is far larger than any real one`, h.at);
    const own = bufferSource(Uint8Array.from(source.read(h.at, h.length)));
    const r = new MessageReader(own, 0, own.size, 'a graph input or output');
    let name = '';
    let type = { type: 'undefined', tensor: true };
    for (let f = r.next(); f; f = r.next()) {
        if (f.field === VALUE_INFO.name) {
            r.expect(f, WireType.Len, 'name');
            name = r.stringAt(f, LIMITS.names, 'name');
        }
        else if (f.field === VALUE_INFO.type) {
            r.expect(f, WireType.Len, 'type');
            type = readType(own, f);
        }
    }
    if (name === '')
        throw new ProtobufFormatError('a graph input or output has no name', h.at);
    return { name, ...type };
}
function readType(source, h) {
    const r = new MessageReader(source, h.at, h.at + h.length, 'a type');
    let out = { type: 'undefined', tensor: true };
    for (let f = r.next(); f; f = r.next()) {
        if (f.wire !== WireType.Len)
            continue;
        if (f.field === TYPE.tensor || f.field === TYPE.sparseTensor)
            out = readTensorType(source, f);
        else if (f.field === TYPE.sequence)
            out = { type: 'sequence', tensor: false };
        else if (f.field === TYPE.map)
            out = { type: 'map', tensor: false };
        else if (f.field === TYPE.optional)
            out = { type: 'optional', tensor: false };
    }
    return out;
}
function readTensorType(source, h) {
    const r = new MessageReader(source, h.at, h.at + h.length, 'a tensor type');
    let elem = 0;
    let dims;
    for (let f = r.next(); f; f = r.next()) {
        if (f.field === TENSOR_TYPE.elemType && f.wire === WireType.Varint)
            elem = r.varintAt(f);
        else if (f.field === TENSOR_TYPE.shape && f.wire === WireType.Len)
            dims = readShape(source, f);
    }
    return { type: elemTypeName(elem), tensor: true, ...(dims ? { dims } : {}) };
}
function readShape(source, h) {
    const r = new MessageReader(source, h.at, h.at + h.length, 'a shape');
    const dims = [];
    for (let f = r.next(); f; f = r.next()) {
        if (f.field !== 1 || f.wire !== WireType.Len)
            continue;
        if (dims.length >= LIMITS.dims)
            throw new ProtobufFormatError(`a shape has more than ${LIMITS.dims} dimensions`, f.at);
        const d = new MessageReader(source, f.at, f.at + f.length, 'a dimension');
        let dim = null;
        for (let g = d.next(); g; g = d.next()) {
            if (g.field === DIM.value && g.wire === WireType.Varint)
                dim = d.int64At(g);
            else if (g.field === DIM.param && g.wire === WireType.Len)
                dim = d.stringAt(g, LIMITS.names, 'dimension name');
        }
        dims.push(dim);
    }
    return dims;
}
/** The reader's complaint in words a user can act on: text, a Git LFS pointer, a cut-off file or other bytes. */
function explain(source, e) {
    const head = Buffer.from(source.read(0, Math.min(256, source.size))).toString('latin1');
    if (head.startsWith('version https://git-lfs.github.com/spec/')) {
        return 'it is a Git LFS pointer, not the model: check the repository out with its LFS files (actions/checkout with `lfs: true`)';
    }
    if (looksLikeText(source))
        return `it is text, not a binary ONNX protobuf (it starts with ${JSON.stringify(head.slice(0, 40))})`;
    if (e.truncated)
        return `it ends too soon (${e.message}): the file looks cut short; upload the whole file`;
    return `its bytes are not an ONNX protobuf (${e.message})`;
}
/** True when the first 512 bytes are printable text (ASCII or UTF-8), as in a JSON, YAML or HTML file. */
function looksLikeText(source) {
    const bytes = source.read(0, Math.min(512, source.size));
    let printable = 0;
    for (const b of bytes)
        if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127))
            printable++;
    return bytes.length > 0 && printable === bytes.length && !bytes.some((b) => b === 0);
}

;// CONCATENATED MODULE: ./src/action/inputs/model-file.ts
/**
 * A model file as the `models` input names it, read before anything is uploaded: its size and SHA-256 (hashed
 * 1 MiB at a time, never held whole, so a multi-GB model costs no memory) and, for ONNX, its signature, which
 * also proves it is a loadable ONNX model.
 */



/** Bytes read per step while hashing. */
const CHUNK = 1024 * 1024;
/** Size and hex SHA-256 of a file, read in 1 MiB pieces. */
function hashFile(path) {
    const fd = (0,external_node_fs_namespaceObject.openSync)(path, 'r');
    try {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        const buffer = Buffer.alloc(CHUNK);
        let size = 0;
        for (;;) {
            const n = (0,external_node_fs_namespaceObject.readSync)(fd, buffer, 0, CHUNK, size);
            if (n === 0)
                break;
            hash.update(buffer.subarray(0, n));
            size += n;
        }
        // A file that changed size while being read is being written: its hash would not match what is uploaded.
        if ((0,external_node_fs_namespaceObject.fstatSync)(fd).size !== size)
            throw new Error(`it changed while being read (${size} bytes read, ${(0,external_node_fs_namespaceObject.fstatSync)(fd).size} now)`);
        return { size, sha: hash.digest('hex') };
    }
    finally {
        (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
}
/** The signature of an ONNX model file, or why it is not a loadable ONNX model (a clause such as "it is text, …"). */
function onnxSignatureOf(path) {
    try {
        return { signature: readOnnxSignature({ path }) };
    }
    catch (e) {
        if (e instanceof NotOnnxError)
            return { problem: e.message };
        return { problem: `it cannot be read (${e.message})` };
    }
}

;// CONCATENATED MODULE: ./src/action/inputs/structured-text.ts
/** Reading YAML/JSON inputs that may be given inline or as a file path (models, pipeline-definition). */




/** Resolves a user path against the workspace directory (GITHUB_WORKSPACE in Actions). */
function resolvePath(path, cwd) {
    return (0,external_node_path_namespaceObject.isAbsolute)(path) ? path : (0,external_node_path_namespaceObject.resolve)(cwd, path);
}
/** True when `text` names a file rather than holding inline YAML/JSON: one line, and a .json/.yaml name or no YAML syntax. */
function looksLikePath(text) {
    if (text.includes('\n'))
        return false;
    return /\.(json|ya?ml)$/i.test(text) || (!/[{}[\]:]/.test(text) && !text.startsWith('- '));
}
/**
 * Parses `text` as YAML (which includes JSON), or the file it names (relative to `cwd`).
 * Throws an Error whose message starts lower-case, to follow "Input 'x' cannot be read: ".
 */
function readStructuredText(text, cwd, options = {}) {
    const trimmed = text.trim();
    let body = trimmed;
    let source = 'inline';
    if (looksLikePath(trimmed)) {
        const path = resolvePath(trimmed, cwd);
        if (!(0,external_node_fs_namespaceObject.existsSync)(path) || !(0,external_node_fs_namespaceObject.statSync)(path).isFile()) {
            throw new Error(`no file ${path} exists (paths are relative to the workspace directory ${cwd}); give a file path or inline YAML/JSON`);
        }
        try {
            body = (0,external_node_fs_namespaceObject.readFileSync)(path, 'utf8');
        }
        catch (e) {
            throw new Error(`the file ${path} cannot be read (${e.message})`, { cause: e });
        }
        source = path;
    }
    const { YAMLParseError } = yaml();
    try {
        return { value: parseYamlText(body, options.verbatim ?? []), source };
    }
    catch (e) {
        const where = source === 'inline' ? '' : ` in ${source}`;
        const detail = e instanceof YAMLParseError ? e.message.split('\n')[0] : e.message;
        const message = `it is not valid YAML or JSON${where}: ${detail}`;
        const pos = e instanceof YAMLParseError ? e.linePos?.[0] : undefined;
        if (source !== 'inline' && pos)
            throw new LocatedError(message, { file: source, line: pos.line, column: pos.col });
        throw new Error(message, { cause: e });
    }
}
/** YAML to plain values, throwing the first error; numbers under a `verbatim` key become their source text. */
function parseYamlText(body, verbatim) {
    const { parseDocument, visit, isScalar } = yaml();
    const doc = parseDocument(body);
    if (doc.errors.length > 0)
        throw doc.errors[0];
    if (verbatim.length > 0) {
        visit(doc, {
            Pair(_, pair) {
                if (isScalar(pair.key) &&
                    verbatim.includes(String(pair.key.value)) &&
                    isScalar(pair.value) &&
                    typeof pair.value.value === 'number' &&
                    pair.value.source !== undefined) {
                    pair.value.value = pair.value.source;
                }
            }
        });
    }
    return doc.toJS();
}
/** True for a plain object (not null, not an array). */
function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * The offset of the first JSON syntax error in `text` (JSON.parse names no position on every Node version), found
 * by a small scanner with an explicit stack; undefined when the text is valid JSON.
 */
function jsonSyntaxErrorOffset(text) {
    let i = 0;
    const ws = () => {
        while (i < text.length && ' \t\n\r'.includes(text[i]))
            i++;
    };
    // What may come next: a value, or (inside a container) a separator or the closing bracket.
    const stack = [];
    let expect = 'value';
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/;
    // eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: the scanner must match them
    const string = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/;
    for (;;) {
        ws();
        if (i >= text.length)
            return stack.length === 0 && expect === 'after' ? undefined : i;
        const c = text[i];
        if (expect === 'value' || expect === 'key') {
            if (expect === 'key') {
                const m = string.exec(text.slice(i, i + 100_000));
                if (!m)
                    return i;
                i += m[0].length;
                ws();
                if (text[i] !== ':')
                    return i;
                i++;
                expect = 'value';
                continue;
            }
            if (c === '[' || c === '{') {
                stack.push(c);
                i++;
                ws();
                if (text[i] === (c === '[' ? ']' : '}')) {
                    stack.pop();
                    i++;
                    expect = 'after';
                }
                else
                    expect = c === '{' ? 'key' : 'value';
                continue;
            }
            const m = (c === '"' ? string : literal).exec(text.slice(i, i + 100_000));
            if (!m)
                return i;
            i += m[0].length;
            expect = 'after';
            continue;
        }
        const top = stack[stack.length - 1];
        if (!top)
            return i;
        if (c === ',') {
            i++;
            expect = top === '{' ? 'key' : 'value';
        }
        else if ((c === ']' && top === '[') || (c === '}' && top === '{')) {
            stack.pop();
            i++;
            expect = 'after';
        }
        else
            return i;
    }
}
/** Where a JSON.parse failure of `text` is, as a file line and column. */
function jsonErrorLocation(file, text, _e) {
    const offset = jsonSyntaxErrorOffset(text);
    if (offset === undefined)
        return undefined;
    const before = text.slice(0, offset);
    return { file, line: before.split('\n').length, column: before.length - before.lastIndexOf('\n') };
}

;// CONCATENATED MODULE: ./src/action/inputs/models-input.ts
/** The `models` input: a YAML or JSON list of files to upload or existing versions to reuse. */








/** `conversion.framework` values the SDK knows (§6.1). */
const FRAMEWORKS = [
    'onnx',
    'tensorflow',
    'python',
    'keras',
    'pytorch',
    'sklearn',
    'xgboost',
    'custom',
    'mlflow',
    'vllm',
    ...[
        'automatic-speech-recognition',
        'feature-extraction',
        'image-classification',
        'image-segmentation',
        'image-to-text',
        'object-detection',
        'question-answering',
        'sentiment-analysis',
        'stable-diffusion-text-2-img',
        'summarization',
        'text-classification',
        'text-generation',
        'translation',
        'zero-shot-classification',
        'zero-shot-image-classification',
        'zero-shot-object-detection'
    ].map((task) => `hugging-face-${task}`)
];
/** Architectures an engine or model can target (§8.2). */
const ARCHES = ['x86', 'arm', 'power10'];
/** Accelerators the action accepts by name (§8.2). */
const ACCELS = ['none', 'cuda', 'jetson', 'openvino'];
/** Accelerators tied to one architecture: jetson needs arm, openvino needs x86 (the SDK's compatibility check, §8.2). */
const ACCEL_ARCH = { jetson: 'arm', openvino: 'x86' };
/** Frameworks with a native runtime; every other framework needs both schemas at upload (§6.1). */
const NATIVE_FRAMEWORKS = ['onnx', 'tensorflow', 'python'];
/** The per-item schema keys, sent at the top level of the upload metadata (§6.1). */
const SCHEMA_KEYS = ['input_schema', 'output_schema'];
const FILE_KEYS = ['name', 'path', 'framework', 'arch', 'accel', ...SCHEMA_KEYS];
const EXISTING_KEYS = ['name', 'version', 'sha'];
const ID_KEYS = ['name', 'id'];
const SHA256 = /^[0-9a-f]{64}$/;
/** Parses the `models` input text; files are resolved against `cwd`, hashed and (onnx) read for their signature here, once. */
function parseModelsInput(text, cwd) {
    const input = Inputs.Models;
    const problems = [];
    let value;
    try {
        // An all-digit sha or version is text: YAML would read it as a (rounded) number.
        value = readStructuredText(text, cwd, { verbatim: ['sha', 'version'] }).value;
    }
    catch (e) {
        return { models: [], problems: [problemOf(e, `Input '${input}' cannot be read: ${e.message}.`)] };
    }
    if (!Array.isArray(value)) {
        const hint = isRecord(value) ? " Start each item with '- ', e.g. '- name: ccfraud' then '  path: models/ccfraud.onnx'." : '';
        return { models: [], problems: [`Input '${input}' must be a YAML or JSON list of models.${hint}`] };
    }
    if (value.length === 0)
        return { models: [], problems: [`Input '${input}' is an empty list; name at least one model or leave the input out.`] };
    const models = [];
    const seen = new Set();
    value.forEach((item, index) => {
        const at = `Input '${input}' item ${index + 1}`;
        if (!isRecord(item)) {
            problems.push(`${at} must be a mapping with 'name' and one of 'path', 'version' + 'sha' or 'id'.`);
            return;
        }
        const name = item.name;
        if (typeof name !== 'string' || name.trim() === '') {
            problems.push(`${at} has no 'name'; give the model's name in Wallaroo, e.g. 'name: ccfraud'.`);
            return;
        }
        const nameError = checkName(`${input}' item ${index + 1} 'name`, name, 'model');
        if (nameError)
            problems.push(nameError);
        if (seen.has(name))
            problems.push(`${at} repeats the model name "${name}"; each model may appear once.`);
        seen.add(name);
        // Unknown keys first: a mistyped 'paht' would otherwise read as a missing 'path'.
        const known = [...new Set([...FILE_KEYS, ...EXISTING_KEYS, ...ID_KEYS])];
        const unknown = Object.keys(item).filter((k) => !known.includes(k));
        if (unknown.length > 0) {
            const named = unknown.map((k) => {
                const close = closestWord(k, known.filter((c) => item[c] === undefined));
                return close ? `'${k}' (did you mean '${close}'?)` : `'${k}'`;
            });
            problems.push(`${at} ("${name}") has unknown key${unknown.length > 1 ? 's' : ''} ${named.join(', ')}; the keys are ${FILE_KEYS.join(', ')} (to upload a file), ${EXISTING_KEYS.join(', ')} or ${ID_KEYS.join(', ')} (an existing version).`);
            // The fix is the rename; a "needs 'path'" on top of it would only repeat the mistake.
            if (item.path === undefined && item.version === undefined && item.sha === undefined && item.id === undefined)
                return;
        }
        const hasPath = item.path !== undefined;
        const hasExisting = item.version !== undefined || item.sha !== undefined;
        const hasId = item.id !== undefined;
        const ways = [hasPath && "'path'", hasExisting && "'version'/'sha'", hasId && "'id'"].filter((w) => typeof w === 'string');
        if (ways.length > 1) {
            problems.push(`${at} ("${name}") has ${ways.join(' and ')}; give one of 'path' (a file to upload), 'version' + 'sha' or 'id' (an existing version).`);
            return;
        }
        if (ways.length === 0) {
            problems.push(`${at} ("${name}") needs 'path' (a model file to upload), or 'version' + 'sha' or 'id' (an existing model version).`);
            return;
        }
        const allowed = hasPath ? FILE_KEYS : hasId ? ID_KEYS : EXISTING_KEYS;
        const misplaced = Object.keys(item).filter((k) => !allowed.includes(k) && !unknown.includes(k));
        if (misplaced.length > 0) {
            problems.push(`${at} ("${name}") has key${misplaced.length > 1 ? 's' : ''} ${misplaced.map((k) => `'${k}'`).join(', ')}, which do${misplaced.length > 1 ? '' : 'es'} not go with '${hasPath ? 'path' : hasId ? 'id' : 'version'}'; allowed with it: ${allowed.join(', ')}.`);
        }
        if (hasPath) {
            const spec = parseFileItem(item, name, at, cwd, problems);
            if (spec)
                models.push(spec);
        }
        else if (hasId) {
            const id = typeof item.id === 'string' && /^\d+$/.test(item.id.trim()) ? Number(item.id) : item.id;
            if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
                problems.push(`${at} ("${name}") has 'id' ${JSON.stringify(item.id)}: give the model version's numeric id (the 'version_id' of the 'models' output, or the id an upload answers), e.g. 'id: 42'.`);
            }
            else
                models.push({ kind: 'id', name, versionId: id });
        }
        else {
            const { version, sha } = item;
            if (typeof version !== 'string' || version.trim() === '') {
                problems.push(`${at} ("${name}") needs 'version': the model version's UUID (file_info.version), e.g. 'version: 1d7191d4-5996-4750-b209-3a3a757bd4dd'.`);
            }
            if (typeof sha !== 'string' || !SHA256.test(sha)) {
                const given = sha === undefined ? '' : ` (it is ${JSON.stringify(typeof sha === 'string' && sha.length > 80 ? `${sha.slice(0, 80)}…` : sha)})`;
                const upper = typeof sha === 'string' && SHA256.test(sha.toLowerCase()) ? ` Write it in lower case: ${sha.toLowerCase()}.` : '';
                problems.push(`${at} ("${name}") needs 'sha': the file's SHA-256 as 64 lowercase hex digits (shown by 'sha256sum <file>')${given}.${upper}`);
            }
            if (typeof version === 'string' && typeof sha === 'string')
                models.push({ kind: 'existing', name, version: version.trim(), sha });
        }
    });
    return { models, problems };
}
function parseFileItem(item, name, at, cwd, problems) {
    const { path, framework = 'onnx', arch, accel } = item;
    let ok = true;
    const schemas = parseSchemas(item, name, at, typeof framework === 'string' ? framework : undefined, problems);
    if (!schemas)
        ok = false;
    if (typeof path !== 'string' || path.trim() === '') {
        problems.push(`${at} ("${name}") has an empty 'path'; give the model file's path relative to the repository root.`);
        return undefined;
    }
    const abs = resolvePath(path.trim(), cwd);
    let file;
    try {
        if (!(0,external_node_fs_namespaceObject.statSync)(abs).isFile())
            throw new Error('not a regular file');
        // Hashed in pieces, never held whole: models of several GB are common.
        file = hashFile(abs);
    }
    catch (e) {
        const code = e.code;
        const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${e.message})`;
        problems.push(`${at} ("${name}") 'path' ${abs} ${why}; paths are relative to the workspace directory ${cwd} (check out the repository first, e.g. actions/checkout).`);
        ok = false;
    }
    if (typeof framework !== 'string' || !FRAMEWORKS.includes(framework)) {
        problems.push(`${at} ("${name}") has 'framework' ${JSON.stringify(framework)}; use one of ${FRAMEWORKS.slice(0, 10).join(', ')} or hugging-face-<task>.`);
        ok = false;
    }
    if (arch !== undefined && (typeof arch !== 'string' || !ARCHES.includes(arch))) {
        problems.push(`${at} ("${name}") has 'arch' ${JSON.stringify(arch)}; use one of ${ARCHES.join(', ')}.`);
        ok = false;
    }
    if (accel !== undefined && (typeof accel !== 'string' || !ACCELS.includes(accel))) {
        problems.push(`${at} ("${name}") has 'accel' ${JSON.stringify(accel)}; use one of ${ACCELS.join(', ')}.`);
        ok = false;
    }
    // The SDK refuses these pairs before uploading (§8.2); refusing them here keeps them before any server change.
    const neededArch = typeof accel === 'string' ? ACCEL_ARCH[accel] : undefined;
    if (ok && neededArch && arch !== undefined && arch !== neededArch) {
        problems.push(`${at} ("${name}") has 'accel' ${accel} with 'arch' ${String(arch)}; ${accel} runs on ${neededArch} only, so set 'arch: ${neededArch}' or drop 'accel'.`);
        ok = false;
    }
    if (!ok || !file)
        return undefined;
    if (file.size === 0) {
        problems.push(`${at} ("${name}") 'path' ${abs} is empty (0 bytes); give the model file itself (a checkout without its Git LFS files leaves pointers or empty files).`);
        return undefined;
    }
    // ONNX is read here, so a file that is not a loadable model is refused before anything is uploaded.
    let signature;
    if (framework === 'onnx') {
        const read = onnxSignatureOf(abs);
        if ('problem' in read) {
            problems.push(`${at} ("${name}") 'path' ${abs} is not a loadable ONNX model: ${read.problem}. Give the .onnx file your exporter wrote (torch.onnx.export, tf2onnx, skl2onnx …), or set 'framework' to the model's real framework.`);
            return undefined;
        }
        signature = read.signature;
    }
    return {
        kind: 'file',
        name,
        path: abs,
        size: file.size,
        sha: file.sha,
        ...(signature ? { signature } : {}),
        framework: framework,
        ...(arch !== undefined ? { arch: arch } : {}),
        ...(accel !== undefined ? { accel: accel } : {}),
        ...schemas
    };
}
/** Checks `input_schema`/`output_schema`: required unless the framework is native; each base64 of an Arrow schema. */
function parseSchemas(item, name, at, framework, problems) {
    const fix = 'base64 of an Arrow IPC schema message, e.g. from Python: base64.b64encode(pyarrow.schema([...]).serialize()).decode()';
    const needed = framework !== undefined && FRAMEWORKS.includes(framework) && !NATIVE_FRAMEWORKS.includes(framework);
    const missing = SCHEMA_KEYS.filter((k) => item[k] === undefined);
    if (needed && missing.length > 0) {
        problems.push(`${at} ("${name}") has 'framework' ${framework}, which Wallaroo runs in a container and so needs 'input_schema' and 'output_schema' (only ${NATIVE_FRAMEWORKS.join(', ')} go without); missing: ${missing.map((k) => `'${k}'`).join(' and ')}. Give each as ${fix}.`);
        return undefined;
    }
    const out = {};
    let ok = true;
    for (const key of SCHEMA_KEYS) {
        const value = item[key];
        if (value === undefined)
            continue;
        const problem = schemaProblem(value);
        if (problem) {
            problems.push(`${at} ("${name}") has '${key}' that ${problem}; give ${fix}.`);
            ok = false;
            continue;
        }
        // YAML block scalars may wrap a long base64 text over lines; the server wants it in one piece.
        out[key === 'input_schema' ? 'inputSchema' : 'outputSchema'] = value.replace(/\s+/g, '');
    }
    return ok ? out : undefined;
}
/** Why a schema value is not base64 of an Arrow schema, or undefined when it is one. */
function schemaProblem(value) {
    if (typeof value !== 'string' || value.trim() === '')
        return 'is not a non-empty text';
    const text = value.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)
        return 'is not base64';
    try {
        const reader = arrow().RecordBatchReader.from(Buffer.from(text, 'base64'));
        reader.open();
        if (!reader.schema)
            return 'decodes to bytes that hold no Arrow schema';
        return undefined;
    }
    catch (e) {
        return `decodes to bytes that are not an Arrow schema (${e.message})`;
    }
}
/**
 * The engine's architecture (`arch`, or engine.arch of `engine-config`) and the files of `models` must agree: a model
 * converted for one architecture does not run on another. An entry that gives another `arch` is refused; an entry
 * without one is uploaded (and reused) for the engine's, so `arch: arm` deploys arm models. Changes `models` in place;
 * returns the problems. Versions named by version + sha or id are checked against the server before anything changes.
 */
function alignModelArch(models, engineArch) {
    if (typeof engineArch !== 'string' || !ARCHES.includes(engineArch))
        return [];
    const problems = [];
    models.forEach((m, i) => {
        if (m.kind !== 'file')
            return;
        if (m.arch === undefined)
            m.arch = engineArch;
        else if (m.arch !== engineArch) {
            problems.push(`Input '${Inputs.Arch}' is ${engineArch} but '${Inputs.Models}' item ${i + 1} ("${m.name}") has 'arch: ${m.arch}': a model converted for ${m.arch} cannot run on ${engineArch} engines. Set the same arch on both, or drop the entry's 'arch' (it then follows '${Inputs.Arch}').`);
        }
    });
    return problems;
}

;// CONCATENATED MODULE: ./src/action/inputs/engine-config-schema.ts
/**
 * The deployment config schema (wallaroo-api.md §8.2, the SDK's DeploymentConfig): which keys `engine-config` may
 * hold, of which types and in which ranges. A wrong type or a value out of range is an input error naming the key
 * and the fix; an unknown key is a warning (the schema is the SDK's, and a newer server may know more keys), sent
 * as given. The ranges are sanity bounds far beyond any real cluster (INFERRED, not Wallaroo's own limits): they
 * catch a typo such as a 20-digit replica count before it reaches the server.
 */


/** Bounds of the numbers a deployment may ask for (INFERRED sanity limits; change them here). */
const ENGINE_LIMITS = {
    /** Engine replicas (and autoscale replica_max). */
    replicas: 1000,
    /** GPUs per engine. */
    gpus: 64,
    /** CPUs per engine; Kubernetes counts in millicpus, so 0.001 is the smallest. */
    cpus: 1024,
    minCpus: 0.001,
    /** Memory per engine, in bytes (64 TiB). */
    memoryBytes: 64 * 1024 ** 4,
    /** Longest a timer can wait (setTimeout's 2^31-1 ms): also the longest load timeout. */
    millis: 2 ** 31 - 1
};
const engine_config_schema_int = (min, max) => ({ kind: 'int', min, max });
const str = (values) => ({ kind: 'string', ...(values ? { values } : {}) });
const engine_config_schema_ARCHES = ['x86', 'arm', 'power10'];
const engine_config_schema_ACCELS = ['none', 'cuda', 'jetson', 'openvino'];
const resourceSpec = {
    kind: 'object',
    doc: 'cpu, memory and GPU resources',
    keys: {
        cpu: { kind: 'cpu' },
        memory: { kind: 'memory' },
        'nvidia.com/gpu': engine_config_schema_int(0, ENGINE_LIMITS.gpus),
        'gpu.intel.com/i915': engine_config_schema_int(0, ENGINE_LIMITS.gpus),
        'qualcomm.com/qaic': engine_config_schema_int(0, ENGINE_LIMITS.gpus)
    }
};
const resources = { kind: 'object', doc: 'limits and requests', keys: { limits: resourceSpec, requests: resourceSpec } };
/** engine_config as the SDK builds it (§8.2). */
const ENGINE_CONFIG_SCHEMA = {
    kind: 'object',
    doc: 'the deployment config',
    keys: {
        engine: {
            kind: 'object',
            doc: 'the engine',
            keys: {
                cpu: { kind: 'number', min: ENGINE_LIMITS.minCpus, max: ENGINE_LIMITS.cpus },
                gpu: engine_config_schema_int(0, ENGINE_LIMITS.gpus),
                arch: str(engine_config_schema_ARCHES),
                accel: { kind: 'accel' },
                image: str(),
                replicas: engine_config_schema_int(1, ENGINE_LIMITS.replicas),
                node_selector: str(),
                autoscale: {
                    kind: 'object',
                    doc: 'autoscaling',
                    keys: {
                        type: str(['cpu', 'queue']),
                        replica_min: engine_config_schema_int(0, ENGINE_LIMITS.replicas),
                        replica_max: engine_config_schema_int(1, ENGINE_LIMITS.replicas),
                        cpu_utilization: engine_config_schema_int(1, 100),
                        scale_up_queue_depth: engine_config_schema_int(1, 1_000_000),
                        scale_down_queue_depth: engine_config_schema_int(1, 1_000_000),
                        autoscaling_window: engine_config_schema_int(1, 86_400)
                    }
                },
                python: { kind: 'object', doc: 'Python runtime settings', keys: { load_timeout_millis: engine_config_schema_int(1, ENGINE_LIMITS.millis) } },
                resources
            }
        },
        enginelb: { kind: 'object', doc: 'the engine load balancer', keys: { resources } },
        engineAux: {
            kind: 'object',
            doc: 'sidekicks (containerized models)',
            keys: {
                images: {
                    kind: 'map',
                    doc: 'sidekicks by model version',
                    values: {
                        kind: 'object',
                        doc: 'a sidekick',
                        keys: {
                            resources,
                            env: { kind: 'list', items: { kind: 'object', doc: 'an environment variable', keys: { name: str(), value: str() } } },
                            arch: str(engine_config_schema_ARCHES),
                            accel: { kind: 'accel' },
                            node_selector: str()
                        }
                    }
                }
            }
        },
        node_selector: { kind: 'map', doc: 'node labels', values: str() },
        workspace_id: engine_config_schema_int(1, Number.MAX_SAFE_INTEGER)
    }
};
/** Kubernetes CPU quantities: a number of CPUs, or millicpus written `500m`. */
const CPU_QUANTITY = /^(\d+(?:\.\d+)?)(m?)$/;
/** Kubernetes memory quantities (binary and decimal suffixes, or plain bytes). */
const MEMORY_QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?$/;
const MEMORY_FACTOR = {
    '': 1,
    k: 1e3,
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60
};
/** A memory quantity in bytes, or undefined when it is not one. */
function memoryBytes(text) {
    const m = MEMORY_QUANTITY.exec(text);
    return m ? Number(m[1]) * MEMORY_FACTOR[m[2] ?? ''] : undefined;
}
/** CPUs of a quantity (1, 0.5, "500m"), or undefined when it is not one. */
function cpuCount(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : undefined;
    if (typeof value !== 'string')
        return undefined;
    const m = CPU_QUANTITY.exec(value);
    return m ? Number(m[1]) / (m[2] ? 1000 : 1) : undefined;
}
/** Deeper than this, a value is no deployment config (the emulator and servers refuse deep JSON too). */
const MAX_DEPTH = 32;
/** Checks `value` (the parsed `engine-config`) against the schema: types, ranges and known keys. */
function checkEngineConfig(value) {
    const out = { errors: [], warnings: [] };
    if (depthOf(value) > MAX_DEPTH) {
        out.errors.push(`is nested more than ${MAX_DEPTH} levels deep, which no deployment config is; give the nested engine_config, e.g. {"engine": {"replicas": 2}}.`);
        return out;
    }
    walk(value, ENGINE_CONFIG_SCHEMA, '', out);
    return out;
}
/** The rules between keys of the final config (after the other deployment inputs are merged in). */
function crossCheckEngineConfig(config) {
    const out = { errors: [], warnings: [] };
    crossChecks(config, out);
    return out.errors;
}
/** Nesting depth of a JSON value, walked without recursion and stopping once past the limit. */
function depthOf(value) {
    let max = 0;
    const stack = [[value, 1]];
    while (stack.length > 0) {
        const [v, d] = stack.pop();
        if (typeof v !== 'object' || v === null)
            continue;
        max = Math.max(max, d);
        if (max > MAX_DEPTH)
            return max;
        for (const child of Object.values(v))
            stack.push([child, d + 1]);
    }
    return max;
}
function describeValue(v) {
    if (Array.isArray(v))
        return 'a list';
    if (isRecord(v))
        return 'a mapping';
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
function walk(value, node, path, out) {
    const at = path === '' ? 'the top level' : `'${path}'`;
    const bad = (what) => void out.errors.push(`has ${at} = ${describeValue(value)}: ${what}.`);
    switch (node.kind) {
        case 'object':
        case 'map': {
            if (!isRecord(value))
                return bad(`it must be a mapping (${node.doc})`);
            for (const [key, v] of Object.entries(value)) {
                const child = `${path === '' ? '' : `${path}.`}${key}`;
                if (node.kind === 'map') {
                    walk(v, node.values, child, out);
                    continue;
                }
                const known = node.keys[key];
                if (known)
                    walk(v, known, child, out);
                else {
                    const close = closestWord(key, Object.keys(node.keys).filter((k) => !(k in value)));
                    out.warnings.push(`has the key '${child}', which is not in Wallaroo's deployment config (${node.doc} takes ${Object.keys(node.keys).join(', ')})${close ? `; did you mean '${close}'?` : ''} It is sent as given; remove or rename it if it is a typo.`);
                }
            }
            return;
        }
        case 'list':
            if (!Array.isArray(value))
                return bad('it must be a list');
            value.forEach((v, i) => walk(v, node.items, `${path}[${i}]`, out));
            return;
        case 'int':
        case 'number': {
            if (typeof value !== 'number' || !Number.isFinite(value)) {
                const quoted = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? `; write it without quotes: ${Number(value)}` : '';
                return bad(`it must be a ${node.kind === 'int' ? 'whole number' : 'number'}${quoted}`);
            }
            if (node.kind === 'int' && !Number.isInteger(value))
                return bad(`it must be a whole number`);
            if (value < node.min || value > node.max)
                return bad(`it must be from ${node.min} to ${node.max}`);
            return;
        }
        case 'string':
            if (typeof value !== 'string')
                return bad(`it must be a string${node.values ? ` (one of ${node.values.join(', ')})` : ''}`);
            if (node.values && !node.values.includes(value))
                return bad(`use one of ${node.values.join(', ')}`);
            return;
        case 'accel':
            if (isRecord(value))
                return; // e.g. {"qaic": {...}}: its own settings, passed as given
            if (typeof value !== 'string' || !engine_config_schema_ACCELS.includes(value))
                return bad(`use one of ${engine_config_schema_ACCELS.join(', ')} (or a mapping such as {"qaic": {…}})`);
            return;
        case 'cpu': {
            const n = cpuCount(value);
            if (n === undefined)
                return bad('give a number of CPUs such as 1 or 0.5, or millicpus such as "500m"');
            if (n < ENGINE_LIMITS.minCpus || n > ENGINE_LIMITS.cpus)
                return bad(`it must be from ${ENGINE_LIMITS.minCpus} (1 millicpu) to ${ENGINE_LIMITS.cpus} CPUs`);
            return;
        }
        case 'memory': {
            const bytes = typeof value === 'string' ? memoryBytes(value) : typeof value === 'number' && Number.isInteger(value) ? value : undefined;
            if (bytes === undefined)
                return bad('give a Kubernetes quantity such as "512Mi" or "1Gi"');
            if (bytes <= 0 || bytes > ENGINE_LIMITS.memoryBytes)
                return bad(`it must be more than 0 and at most 64Ti`);
            return;
        }
    }
}
/** Rules between keys: requests within limits, replica counts within the autoscale range, accelerators on their arch. */
function crossChecks(config, out) {
    const engine = isRecord(config.engine) ? config.engine : {};
    const autoscale = isRecord(engine.autoscale) ? engine.autoscale : undefined;
    if (autoscale) {
        const { replica_min: min, replica_max: max } = autoscale;
        if (typeof min === 'number' && typeof max === 'number' && min > max)
            out.errors.push(`has 'engine.autoscale.replica_min' (${min}) above 'engine.autoscale.replica_max' (${max}); swap them or raise replica_max.`);
        if (typeof engine.replicas === 'number' && typeof max === 'number' && engine.replicas > max) {
            out.errors.push(`has 'engine.replicas' (${engine.replicas}) above 'engine.autoscale.replica_max' (${max}); the SDK requires the replica count to be at most replica_max.`);
        }
    }
    const checkResources = (where, r) => {
        if (!isRecord(r) || !isRecord(r.limits) || !isRecord(r.requests))
            return;
        const lc = cpuCount(r.limits.cpu);
        const rc = cpuCount(r.requests.cpu);
        if (lc !== undefined && rc !== undefined && rc > lc)
            out.errors.push(`has '${where}.requests.cpu' (${describeValue(r.requests.cpu)}) above '${where}.limits.cpu' (${describeValue(r.limits.cpu)}); Kubernetes refuses a request above its limit.`);
        const lm = typeof r.limits.memory === 'string' ? memoryBytes(r.limits.memory) : undefined;
        const rm = typeof r.requests.memory === 'string' ? memoryBytes(r.requests.memory) : undefined;
        if (lm !== undefined && rm !== undefined && rm > lm)
            out.errors.push(`has '${where}.requests.memory' (${describeValue(r.requests.memory)}) above '${where}.limits.memory' (${describeValue(r.limits.memory)}); Kubernetes refuses a request above its limit.`);
    };
    checkResources('engine.resources', engine.resources);
    if (isRecord(config.enginelb))
        checkResources('enginelb.resources', config.enginelb.resources);
    const needs = { jetson: 'arm', openvino: 'x86' };
    const accel = typeof engine.accel === 'string' ? engine.accel : undefined;
    if (accel && needs[accel] && typeof engine.arch === 'string' && engine.arch !== needs[accel]) {
        out.errors.push(`has 'engine.accel' ${accel} with 'engine.arch' ${engine.arch}; ${accel} runs on ${needs[accel]} only.`);
    }
}

;// CONCATENATED MODULE: ./src/action/inputs/engine-config.ts




/** A Kubernetes memory quantity as the SDK examples write it (512Mi, 1Gi, 1.5Gi, 1000M). */
const K8S_MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?$/;
/** Deep merge for plain objects; arrays and scalars from `over` replace those in `base`. */
function deepMerge(base, over) {
    const out = { ...base };
    for (const [k, v] of Object.entries(over)) {
        out[k] = isRecord(v) && isRecord(out[k]) ? deepMerge(out[k], v) : v;
    }
    return out;
}
/** Builds engine_config: the SDK's empty skeleton, then each input, then `engine-config` JSON merged last. */
function buildEngineConfig(raw) {
    const problems = [];
    const warnings = [];
    const engine = {};
    const limits = {};
    const requests = {};
    if (raw.arch) {
        if (ARCHES.includes(raw.arch))
            engine.arch = raw.arch;
        else
            problems.push(`Input '${Inputs.Arch}' is ${JSON.stringify(raw.arch)}: use one of ${ARCHES.join(', ')}.`);
    }
    if (raw.cpus) {
        const n = Number(raw.cpus);
        if (/^\d+(\.\d+)?$/.test(raw.cpus) && n > 0 && (n < ENGINE_LIMITS.minCpus || n > ENGINE_LIMITS.cpus)) {
            problems.push(`Input '${Inputs.Cpus}' is ${JSON.stringify(raw.cpus)}: give from ${ENGINE_LIMITS.minCpus} (one millicpu, the smallest Kubernetes unit) to ${ENGINE_LIMITS.cpus} CPUs per engine.`);
        }
        else if (/^\d+(\.\d+)?$/.test(raw.cpus) && n > 0) {
            engine.cpu = n;
            limits.cpu = n;
            requests.cpu = n;
        }
        else {
            const hint = /^\d+m$/.test(raw.cpus) ? ` Try "${Number(raw.cpus.slice(0, -1)) / 1000}".` : '';
            problems.push(`Input '${Inputs.Cpus}' is ${JSON.stringify(raw.cpus)}: give a positive number of CPUs such as 1 or 0.5.${hint}`);
        }
    }
    if (raw.memory) {
        const bytes = memoryBytes(raw.memory);
        if (K8S_MEMORY.test(raw.memory) && bytes !== undefined && bytes > ENGINE_LIMITS.memoryBytes) {
            problems.push(`Input '${Inputs.Memory}' is ${JSON.stringify(raw.memory)}: that is more than 64Ti per engine; give a Kubernetes quantity such as 512Mi or 4Gi.`);
        }
        else if (K8S_MEMORY.test(raw.memory) && parseFloat(raw.memory) > 0) {
            limits.memory = raw.memory;
            requests.memory = raw.memory;
        }
        else {
            const m = /^(\d+(?:\.\d+)?)\s*([KMGTPE])i?B$/i.exec(raw.memory);
            const hint = m ? ` Try "${m[1]}${m[2].toUpperCase()}i".` : '';
            problems.push(`Input '${Inputs.Memory}' is ${JSON.stringify(raw.memory)}: use a Kubernetes quantity such as 512Mi or 1Gi.${hint}`);
        }
    }
    if (raw.gpus) {
        if (/^\d+$/.test(raw.gpus) && Number(raw.gpus) > ENGINE_LIMITS.gpus) {
            problems.push(`Input '${Inputs.Gpus}' is ${JSON.stringify(raw.gpus)}: give a whole number of GPUs per engine from 0 to ${ENGINE_LIMITS.gpus}.`);
        }
        else if (/^\d+$/.test(raw.gpus)) {
            const gpus = Number(raw.gpus);
            if (gpus > 0) {
                engine.gpu = gpus;
                limits['nvidia.com/gpu'] = gpus;
                requests['nvidia.com/gpu'] = gpus;
            }
        }
        else {
            problems.push(`Input '${Inputs.Gpus}' is ${JSON.stringify(raw.gpus)}: give a whole number of GPUs (0 or more).`);
        }
    }
    if (raw.deploymentLabel)
        engine.node_selector = raw.deploymentLabel;
    if (raw.replicas) {
        if (/^\d+$/.test(raw.replicas) && Number(raw.replicas) >= 1 && Number(raw.replicas) <= ENGINE_LIMITS.replicas)
            engine.replicas = Number(raw.replicas);
        else
            problems.push(`Input '${Inputs.Replicas}' is ${JSON.stringify(raw.replicas.length > 40 ? `${raw.replicas.slice(0, 40)}…` : raw.replicas)}: give a whole number of engine replicas from 1 to ${ENGINE_LIMITS.replicas}.`);
    }
    if (Object.keys(limits).length > 0)
        engine.resources = { limits: { ...limits }, requests: { ...requests } };
    let config = { engine, enginelb: {}, engineAux: { images: {} } };
    if (raw.engineConfig) {
        let extra;
        try {
            extra = JSON.parse(raw.engineConfig);
        }
        catch (e) {
            problems.push(`Input '${Inputs.EngineConfig}' is not valid JSON (${e.message}); give an object such as {"engine": {"autoscale": {"type": "cpu", "replica_min": 1, "replica_max": 3}}}.`);
        }
        if (extra !== undefined) {
            if (isRecord(extra)) {
                // Checked against the deployment config schema, not passed on unread.
                const checked = checkEngineConfig(extra);
                problems.push(...checked.errors.map((e) => `Input '${Inputs.EngineConfig}' ${e}`));
                warnings.push(...checked.warnings.map((w) => `Input '${Inputs.EngineConfig}' ${w}`));
                config = deepMerge(config, extra);
            }
            else
                problems.push(`Input '${Inputs.EngineConfig}' must be a JSON object (the nested engine_config, e.g. {"engine": {...}}), not ${Array.isArray(extra) ? 'an array' : typeof extra}.`);
        }
    }
    // The seed: GPU deployments need a deployment label, or the pods never schedule (§8.2). A raw
    // engine-config can ask for GPUs through the resource alone, so look there too.
    const merged = config;
    const finalGpu = Math.max(Number(merged.engine?.gpu ?? 0), gpuResource(merged.engine?.resources?.limits), gpuResource(merged.engine?.resources?.requests));
    if (finalGpu > 0 && !merged.engine?.node_selector) {
        const source = Number(merged.engine?.gpu ?? 0) > 0 && raw.gpus ? `Input '${Inputs.Gpus}'` : `Input '${Inputs.EngineConfig}'`;
        problems.push(`${source} asks for ${finalGpu} GPU(s) but '${Inputs.DeploymentLabel}' is empty: GPU deployments need the node label of your GPU nodepool, e.g. 'deployment-label: wallaroo.ai/accelerator:a100'.`);
    }
    if (problems.length === 0)
        problems.push(...crossCheckEngineConfig(config).map((e) => `The deployment inputs ('${Inputs.EngineConfig}' with ${[Inputs.Replicas, Inputs.Cpus, Inputs.Memory].map((i) => `'${i}'`).join(', ')}) give a config that ${e}`));
    return { engineConfig: merged, problems, warnings };
}
/** GPUs asked for through the `nvidia.com/gpu` resource (a number or a numeric string). */
function gpuResource(spec) {
    const n = Number(spec?.['nvidia.com/gpu'] ?? 0);
    return Number.isFinite(n) ? n : 0;
}

;// CONCATENATED MODULE: ./src/action/inputs/definition.ts



/**
 * Parses `pipeline-definition` (inline YAML/JSON or a file). A ModelInference model may leave out
 * `version` and `sha`: they are filled from the `models` input entry of the same name (see fillDefinition).
 */
function parseDefinition(text, cwd) {
    const input = Inputs.PipelineDefinition;
    let value;
    try {
        value = readStructuredText(text, cwd).value;
    }
    catch (e) {
        return { problems: [problemOf(e, `Input '${input}' cannot be read: ${e.message}.`)] };
    }
    if (!isRecord(value)) {
        return { problems: [`Input '${input}' must be a mapping such as {"steps": [{"ModelInference": {"models": [{"name": "ccfraud"}]}}]}.`] };
    }
    const problems = [];
    const steps = value.steps;
    if (steps !== undefined && !Array.isArray(steps))
        problems.push(`Input '${input}' has 'steps' that is not a list; write steps as a list of single-key mappings.`);
    if (Array.isArray(steps)) {
        steps.forEach((step, i) => {
            const at = `Input '${input}' step ${i + 1}`;
            if (!isRecord(step) || Object.keys(step).length !== 1) {
                problems.push(`${at} must be a mapping with exactly one key (the step kind), e.g. ModelInference.`);
                return;
            }
            if ('ModelInference' in step) {
                const mi = step.ModelInference;
                if (!isRecord(mi) || !Array.isArray(mi.models) || mi.models.length === 0) {
                    problems.push(`${at} ModelInference needs 'models': a non-empty list of {name, version, sha} (version and sha may be left out for models listed in '${Inputs.Models}').`);
                    return;
                }
                mi.models.forEach((m, j) => checkModelRef(m, `${at} ModelInference`, j, problems));
            }
            else if ('RandomSplit' in step) {
                checkRandomSplit(step.RandomSplit, at, problems);
            }
        });
    }
    return problems.length > 0 ? { problems } : { definition: value, problems };
}
/** Checks one model reference of a step: a name, and both or neither of version and sha. */
function checkModelRef(m, at, j, problems) {
    if (!isRecord(m) || typeof m.name !== 'string' || m.name === '') {
        problems.push(`${at} model ${j + 1} needs a 'name'.`);
    }
    else if ((m.version === undefined) !== (m.sha === undefined)) {
        problems.push(`${at} model "${m.name}" gives only one of 'version' and 'sha'; give both, or neither to use the '${Inputs.Models}' entry named "${m.name}".`);
    }
    else if (m.version !== undefined && (typeof m.version !== 'string' || typeof m.sha !== 'string')) {
        problems.push(`${at} model "${m.name}" needs 'version' (a UUID string) and 'sha' (hex string).`);
    }
}
/** Checks an A/B split as the SDK's add_random_split writes it: {hash_key?, weights: [{model, weight}]} with some weight above 0. */
function checkRandomSplit(split, at, problems) {
    const example = `e.g. {"RandomSplit": {"hash_key": null, "weights": [{"model": {"name": "champion"}, "weight": 2}, {"model": {"name": "challenger"}, "weight": 1}]}}`;
    if (!isRecord(split) || !Array.isArray(split.weights) || split.weights.length === 0) {
        problems.push(`${at} RandomSplit needs 'weights': a non-empty list of {model, weight}, ${example}.`);
        return;
    }
    if (split.hash_key !== undefined && split.hash_key !== null && typeof split.hash_key !== 'string') {
        problems.push(`${at} RandomSplit has 'hash_key' ${JSON.stringify(split.hash_key)}: give the name of an input column (a string) or null.`);
    }
    let positive = false;
    split.weights.forEach((w, j) => {
        if (!isRecord(w) || !isRecord(w.model)) {
            problems.push(`${at} RandomSplit weight ${j + 1} needs 'model' ({name}, with version and sha unless '${Inputs.Models}' has it) and 'weight', ${example}.`);
            return;
        }
        checkModelRef(w.model, `${at} RandomSplit weight`, j, problems);
        if (typeof w.weight !== 'number' || !Number.isFinite(w.weight) || w.weight < 0) {
            problems.push(`${at} RandomSplit weight ${j + 1} has 'weight' ${JSON.stringify(w.weight)}: give a number, 0 or more.`);
        }
        else if (w.weight > 0)
            positive = true;
    });
    if (split.weights.every((w) => isRecord(w) && typeof w.weight === 'number') && !positive) {
        problems.push(`${at} RandomSplit has no weight above 0, so no model could answer; give at least one model a positive weight.`);
    }
}
/** The default definition: one ModelInference step per model, in the order given. */
function defaultDefinition(models) {
    return { steps: models.map((m) => ({ ModelInference: { models: [{ name: m.name, version: m.version, sha: m.sha }] } })) };
}
/**
 * The models a step runs: every model of a ModelInference step (one, or a shadow deploy's champion and challengers) and
 * every model of a RandomSplit's weights. Other step kinds (AuditResults, MultiOut, …) run none.
 */
function stepModels(step) {
    if (step.ModelInference)
        return step.ModelInference.models ?? [];
    const split = step.RandomSplit;
    if (split && Array.isArray(split.weights))
        return split.weights.map((w) => w.model).filter((m) => m !== undefined);
    return [];
}
/** A copy of `step` with each of its models replaced by `fn(model)`. */
function mapStepModels(step, fn) {
    if (step.ModelInference)
        return { ...step, ModelInference: { ...step.ModelInference, models: step.ModelInference.models.map(fn) } };
    const split = step.RandomSplit;
    if (split && Array.isArray(split.weights))
        return { ...step, RandomSplit: { ...split, weights: split.weights.map((w) => ({ ...w, model: fn(w.model) })) } };
    return step;
}
/** True when some step runs at least one model (a pipeline without one cannot answer an inference). */
function hasModelStep(definition) {
    return (definition.steps ?? []).some((step) => stepModels(step).length > 0);
}
/** Model names referenced without version/sha (to be filled from the `models` input), in any step kind. */
function unresolvedModelNames(definition) {
    return (definition.steps ?? []).flatMap((step) => stepModels(step)
        .filter((m) => m.version === undefined)
        .map((m) => m.name));
}
/** A copy of `definition` with every model lacking version/sha (in ModelInference and RandomSplit steps) filled from `byName`; throws if one is missing. */
function fillDefinition(definition, byName) {
    const steps = definition.steps?.map((step) => mapStepModels(step, (m) => {
        if (m.version !== undefined)
            return m;
        const ref = byName.get(m.name);
        if (!ref)
            throw new Error(`pipeline-definition names model "${m.name}" without version and sha, and 'models' has no entry of that name`);
        return { ...m, version: ref.version, sha: ref.sha };
    }));
    return steps ? { ...definition, steps } : { ...definition };
}
/** Every model a definition uses, in step order, without duplicates (for the deploy body's `models`). */
function modelRefsOf(definition) {
    const out = [];
    for (const step of definition.steps ?? []) {
        for (const m of stepModels(step)) {
            if (!out.some((o) => o.name === m.name && o.version === m.version))
                out.push({ name: m.name, version: m.version, sha: m.sha });
        }
    }
    return out;
}
/** Deep equality where object key order does not matter and array order does. */
function deepEqual(a, b) {
    if (a === b)
        return true;
    if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (isRecord(a) && isRecord(b)) {
        const ka = Object.keys(a).filter((k) => a[k] !== undefined);
        const kb = Object.keys(b).filter((k) => b[k] !== undefined);
        return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
    }
    return false;
}
/** True when two definitions describe the same pipeline (a `{}` definition equals one with `steps: []`). */
function sameDefinition(a, b) {
    const norm = (d) => ({ ...d, steps: d.steps ?? [] });
    return deepEqual(norm(a), norm(b));
}

;// CONCATENATED MODULE: ./src/action/settings.ts
/** What the action does; `deploy` is the full flow. */
const OPERATIONS = [
    'deploy',
    'upload-model',
    'create-pipeline',
    'undeploy',
    'copy-pipeline',
    'status',
    'infer',
    'get-url',
    'sweep',
    'promote',
    'reject'
];
/** What to do with this run's deployment when it fails (`on-failure`). */
const FAILURE_POLICIES = ['rollback', 'undeploy', 'keep'];
/** When the post step removes what this run created (`teardown`). */
const TEARDOWN_MODES = ['always', 'on-failure', 'never'];
/** How `deploy` puts this run's models live (`strategy`): replace what runs, shadow it, or split traffic with it. */
const STRATEGIES = ['basic', 'shadow', 'canary'];
/** When a shadow deploy's challenger replaces the champion (`promote`). */
const PROMOTE_POLICIES = ['never', 'if-within', 'always'];

;// CONCATENATED MODULE: ./src/action/inputs/smoke-input.ts
/** Reading the `smoke-input` file in its own format: pandas-records JSON or an Arrow IPC file (§9.2). */






/** The magic bytes an Arrow IPC *file* starts with (a stream does not have them). */
const ARROW_MAGIC = 'ARROW1';
/** Reads and checks the smoke input (or another input file, e.g. `compare-input`); throws an Error whose message is a full input-error sentence. */
function readSmokeInput(path, cwd, input = Inputs.SmokeInput) {
    const abs = resolvePath(path, cwd);
    const format = inputFileFormat(abs);
    if (!format) {
        throw new Error(`Input '${input}' is "${path}": use a pandas-records .json file (e.g. data/smoke_test.df.json) or an Arrow IPC .arrow file.`);
    }
    let bytes;
    try {
        bytes = (0,external_node_fs_namespaceObject.readFileSync)(abs);
    }
    catch (e) {
        const code = e.code;
        const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${e.message})`;
        throw new Error(`Input '${input}' file ${abs} ${why}; paths are relative to the workspace directory ${cwd}.`, { cause: e });
    }
    const body = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return format === 'arrow' ? readArrow(abs, body, input) : readRecords(abs, bytes.toString('utf8'), body, input);
}
function readRecords(abs, text, body, input) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (e) {
        const message = `Input '${input}' file ${abs} is not valid JSON (${e.message}).`;
        const location = jsonErrorLocation(abs, text, e);
        throw location ? new LocatedError(message, location) : new Error(message);
    }
    if (!Array.isArray(value) || value.length === 0 || !value.every(isRecord)) {
        const got = Array.isArray(value) ? (value.length === 0 ? 'an empty array' : 'an array with non-object items') : isRecord(value) ? 'an object' : typeof value;
        throw new Error(`Input '${input}' file ${abs} holds ${got}; pandas-records JSON is a non-empty array of row objects, e.g. [{"tensor": [1.0, 2.0]}] (pandas: df.to_json(orient="records")).`);
    }
    return { path: abs, format: 'pandas-records', body, rows: value.length };
}
function readArrow(abs, body, input) {
    const magic = Buffer.from(body.subarray(0, ARROW_MAGIC.length)).toString('latin1');
    if (magic !== ARROW_MAGIC) {
        throw new Error(`Input '${input}' file ${abs} is not an Arrow IPC file (it does not start with "ARROW1"); write it with pyarrow.ipc.new_file (an Arrow *file*, not a stream).`);
    }
    let rows;
    try {
        rows = readArrowFile(body).numRows;
    }
    catch (e) {
        throw new Error(`Input '${input}' file ${abs} is not a readable Arrow IPC file (${e.message}); write it again with pyarrow.ipc.new_file, or give the rows as pandas-records .json.`, { cause: e });
    }
    if (rows === 0)
        throw new Error(`Input '${input}' file ${abs} has no rows; the smoke inference needs at least one.`);
    return { path: abs, format: 'arrow', body, rows };
}

;// CONCATENATED MODULE: ./src/action/inputs/smoke-fit.ts
/**
 * The smoke input against the pipeline's first model, before anything is created: every model input needs a column
 * (by name, or the lone column of a one-column file for a one-input model, as the engine matches them), and every
 * row of that column must fit the input's declared shape and element type. Catches, from the file and the model
 * alone, what the engine would only refuse after the new version is deployed: a missing or misnamed column, a row
 * of the wrong width (28 values for 29), a value of the wrong type, a null, a value nested the wrong way (a single
 * value for a vector, ragged or too deep), and a fixed batch size the file does not have.
 */




/**
 * The model the pipeline's input goes to, when it is a file whose signature was read: the first model of the first
 * step of `pipeline-definition`, or else the first entry of `models`. Undefined when that is not known here (an
 * existing version, a non-ONNX file, or a first step of another kind).
 */
function firstModelOf(definition, models) {
    const name = definition ? definition.steps?.[0]?.ModelInference?.models?.[0]?.name : models[0]?.name;
    const spec = models.find((m) => m.name === name);
    return spec?.kind === 'file' && spec.signature ? { name: spec.name, signature: spec.signature } : undefined;
}
/** Problems reported per column: enough to see the pattern, few enough to read. */
const MAX_ROW_PROBLEMS = 3;
/** Nesting past this is no tensor row any model takes. */
const smoke_fit_MAX_DEPTH = 32;
function kindOf(type) {
    if (/^(float|double|bfloat16|float16|float8|float4)/.test(type))
        return 'float';
    if (/^u?int\d+$/.test(type))
        return 'integer';
    if (type === 'bool')
        return 'bool';
    if (type === 'string')
        return 'string';
    return 'other';
}
/** Every way the smoke input does not fit `model`, as full sentences naming 'smoke-input' and the fix. */
function smokeInputMisfits(input, model) {
    let columns;
    try {
        columns = input.format === 'arrow' ? arrowColumns(input.body) : recordColumns(input.body);
    }
    catch {
        // readSmokeInput already checked the file; anything it let through that cannot be read as columns is left to the engine.
        return [];
    }
    const at = `Input '${Inputs.SmokeInput}' file ${input.path}`;
    const who = `model "${model.name}" (the pipeline's first model)`;
    const problems = [];
    const inputs = model.signature.inputs.filter((i) => i.tensor);
    for (const info of inputs) {
        let column = columns.find((c) => c.name === info.name);
        if (!column && model.signature.inputs.length === 1 && columns.length === 1)
            column = columns[0];
        if (!column) {
            const names = columns.map((c) => `"${c.name}"`).join(', ');
            const close = closestWord(info.name, columns.map((c) => c.name));
            const fix = close ? `rename column "${close}" to "${info.name}"` : `add a column "${info.name}"`;
            problems.push(`${at} has no column "${info.name}", which ${who} takes as input (the file's columns: ${names}); ${fix}.`);
            continue;
        }
        problems.push(...columnMisfits(at, who, column, info, input.rows));
    }
    return problems;
}
/** The rows of one column against one model input: batch size, then each row's shape and values. */
function columnMisfits(at, who, column, info, rows) {
    const label = column.name === info.name ? `column "${column.name}"` : `column "${column.name}" (fed to input "${info.name}")`;
    const kind = kindOf(info.type);
    const declared = info.dims ? `shape [${info.dims.map((d) => (d === null ? '?' : d)).join(', ')}]` : 'no declared shape';
    const takes = `${who} input "${info.name}" takes ${info.type} values with ${declared}`;
    const batch = info.dims?.[0];
    if (typeof batch === 'number' && batch > 0 && batch !== rows) {
        return [`${at} has ${rows} row(s), but ${takes}: batches of exactly ${batch} row(s); give ${batch} row(s).`];
    }
    // Dims after the batch: a number is fixed, a name (or an unknown) takes any size.
    const rowDims = info.dims?.slice(1);
    const found = [];
    let count = 0;
    column.values.forEach((value, row) => {
        const problem = rowMisfit(value, rowDims, kind, info.type);
        if (!problem)
            return;
        if (++count <= MAX_ROW_PROBLEMS)
            found.push(`row ${row + 1} ${problem}`);
    });
    if (count === 0)
        return [];
    const more = count > MAX_ROW_PROBLEMS ? ` (and ${count - MAX_ROW_PROBLEMS} more row(s))` : '';
    return [`${at} does not fit ${takes}: in ${label}, ${found.join('; ')}${more}. Give each row ${rowText(rowDims, info.type)}.`];
}
/** What a fitting row is, in words: "29 float values", "a [3, 4] list of int64 values", "one string value". */
function rowText(rowDims, type) {
    if (!rowDims)
        return `${type} values`;
    if (rowDims.length === 0)
        return `one ${type} value`;
    if (rowDims.length === 1)
        return typeof rowDims[0] === 'number' ? `${rowDims[0]} ${type} values` : `a list of ${type} values`;
    return `a [${rowDims.map((d) => (typeof d === 'number' ? d : '*')).join(', ')}] nested list of ${type} values`;
}
/** Why one row does not fit, or undefined when it does. */
function rowMisfit(value, rowDims, kind, type) {
    if (value === null || value === undefined)
        return 'is null (tensor values may not be null)';
    const shape = shapeOf(value, 0);
    if (typeof shape === 'string')
        return shape;
    if (rowDims) {
        const want = rowDims;
        const size = (dims) => dims.every((d) => typeof d === 'number') ? dims.reduce((a, b) => a * b, 1) : undefined;
        const wantSize = size(want);
        if (shape.length === 0) {
            if (wantSize !== 1)
                return `holds a single value (${smoke_fit_short(value)}), but a row takes ${wantSize ?? 'a list of'} values`;
        }
        else if (want.length <= 1 && shape.length === 1) {
            if (typeof want[0] === 'number' ? shape[0] !== want[0] : false)
                return `has ${shape[0]} values, but a row takes ${want[0]}`;
            if (want.length === 0 && shape[0] !== 1)
                return `has ${shape[0]} values, but a row takes one`;
        }
        else if (shape.length !== want.length || shape.some((d, i) => typeof want[i] === 'number' && want[i] !== d)) {
            return `has shape [${shape.join(', ')}], but a row takes [${want.map((d) => (typeof d === 'number' ? d : '*')).join(', ')}]`;
        }
    }
    return leafMisfit(value, kind, type);
}
/** The nested-list shape of a row value, or why it has none (ragged, too deep). */
function shapeOf(value, depth) {
    if (!Array.isArray(value))
        return [];
    if (depth > smoke_fit_MAX_DEPTH)
        return `is nested more than ${smoke_fit_MAX_DEPTH} levels deep`;
    if (value.length === 0)
        return [0];
    const first = shapeOf(value[0], depth + 1);
    if (typeof first === 'string')
        return first;
    for (let i = 1; i < value.length; i++) {
        const s = shapeOf(value[i], depth + 1);
        if (typeof s === 'string')
            return s;
        if (s.join(',') !== first.join(','))
            return `is ragged (element 1 has shape [${first.join(', ')}], element ${i + 1} has [${s.join(', ')}])`;
    }
    return [value.length, ...first];
}
/** The first leaf of the wrong type, in words. */
function leafMisfit(value, kind, type) {
    const stack = [value];
    let index = 0;
    while (stack.length > 0) {
        const v = stack.pop();
        if (Array.isArray(v)) {
            for (let i = v.length - 1; i >= 0; i--)
                stack.push(v[i]);
            continue;
        }
        index++;
        if (v === null || v === undefined)
            return `has a null value (tensor values may not be null)`;
        const ok = kind === 'other' ||
            (kind === 'float' && typeof v === 'number') ||
            (kind === 'integer' && typeof v === 'number' && Number.isInteger(v)) ||
            (kind === 'bool' && (typeof v === 'boolean' || v === 0 || v === 1)) ||
            (kind === 'string' && typeof v === 'string');
        if (!ok) {
            const what = typeof v === 'number' ? `the number ${v}` : `a ${Array.isArray(v) ? 'list' : isRecord(v) ? 'mapping' : typeof v} (${smoke_fit_short(v)})`;
            return `has ${what} at value ${index}, but the input takes ${kind === 'integer' ? `whole numbers (${type})` : `${type} values`}`;
        }
    }
    return undefined;
}
function smoke_fit_short(v) {
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
/** pandas-records rows as columns, in the order keys first appear. */
function recordColumns(body) {
    const rows = JSON.parse(new TextDecoder().decode(body));
    const names = [];
    for (const r of rows)
        for (const k of Object.keys(r))
            if (!names.includes(k))
                names.push(k);
    return names.map((name) => ({ name, values: rows.map((r) => (name in r ? r[name] : null)) }));
}
/** An Arrow file's columns as plain values (lists become arrays, int64 numbers). */
function arrowColumns(body) {
    // Through the guard, like readSmokeInput: apache-arrow alone can loop forever on a damaged file.
    const table = readArrowFile(body);
    return table.schema.fields.map((field, i) => {
        const vector = table.getChildAt(i);
        const values = [];
        for (let r = 0; r < table.numRows; r++)
            values.push(plain(vector?.get(r)));
        return { name: field.name, values };
    });
}
function plain(v) {
    if (v === null || v === undefined)
        return null;
    if (typeof v === 'bigint')
        return Number(v);
    const loaded = arrowIfLoaded();
    if ((loaded && v instanceof loaded.Vector) || ArrayBuffer.isView(v))
        return Array.from(v, plain);
    if (Array.isArray(v))
        return v.map(plain);
    if (typeof v === 'object') {
        const o = v;
        return typeof o.toJSON === 'function' ? o.toJSON() : v;
    }
    return v;
}

;// CONCATENATED MODULE: ./src/action/inputs/ephemeral.ts
/**
 * `ephemeral: true`: one pipeline per pull request (or per commit), named from `pipeline` plus `-pr-<number>` on
 * pull_request events and `-<sha7>` otherwise; DNS-safe and at most 63 characters (§4), without a trailing '-'.
 */

/** Wallaroo's name length limit (§4). */
const MAX_LENGTH = 63;
/** The ephemeral pipeline name, or a problem sentence when the run has neither a PR number nor a commit sha. */
function ephemeralPipelineName(base, gh) {
    let suffix;
    if (gh.prNumber !== undefined)
        suffix = `-pr-${gh.prNumber}`;
    else if (gh.sha && /^[0-9a-f]{7,}$/i.test(gh.sha))
        suffix = `-${gh.sha.slice(0, 7).toLowerCase()}`;
    else {
        return {
            problem: `Input '${Inputs.Ephemeral}' is true, but this run has neither a pull request number (GITHUB_EVENT_PATH of a pull_request event) nor a commit (GITHUB_SHA) to name the pipeline after; run it in a workflow, or set '${Inputs.Ephemeral}' to false and give the full name in '${Inputs.Pipeline}'.`
        };
    }
    // Kubernetes-safe: lower case, runs of anything else become one '-'.
    const safe = base
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^[^a-z]+/, '');
    const cut = safe.slice(0, MAX_LENGTH - suffix.length).replace(/-+$/, '');
    return { name: `${cut}${suffix}` };
}

;// CONCATENATED MODULE: ./src/action/answers.ts
/**
 * Reading inference answer records (§9.3) the way the golden check, `write-output` and the who-answered check need
 * them: the `out` fields of a record, nested (`{out: {dense_1: [..]}}`) or flattened (`{"out.dense_1": [..]}`),
 * and the `metadata` block that says which pipeline version and model answered.
 */

/** Keys of an answer record that are not outputs (§9.3), for records written without an `out` block. */
const NON_OUTPUT_KEYS = new Set(['time', 'in', 'out', 'check_failures', 'anomaly', 'metadata', 'shadow_data']);
const NON_OUTPUT_PREFIXES = ['in.', 'anomaly.', 'metadata.', 'shadow_data.'];
/** The A/B split's note of which model answered (`out._model_split`): bookkeeping, not a model output. */
const MODEL_SPLIT = '_model_split';
/** `out` without the split note, so goldens and comparisons see the model's outputs only. */
function withoutSplit(out) {
    if (!(MODEL_SPLIT in out))
        return out;
    const { [MODEL_SPLIT]: _split, ...rest } = out;
    return rest;
}
/**
 * A shadow challenger's outputs in one record: the `out_<model name>` group, nested (`{"out_ccfraud-xgb": {variable:
 * [..]}}`) or flattened (`"out_ccfraud-xgb.variable"`), as shadow deploys answer (docs/emulator.md).
 */
function shadowOutFields(record, model) {
    if (!isRecord(record))
        return undefined;
    const group = record[`out_${model}`];
    if (isRecord(group))
        return group;
    const prefix = `out_${model}.`;
    const flat = Object.keys(record).filter((k) => k.startsWith(prefix));
    return flat.length > 0 ? Object.fromEntries(flat.map((k) => [k.slice(prefix.length), record[k]])) : undefined;
}
/**
 * The model an A/B split sent a record to (`out._model_split`: a list of one JSON text), as `{name, version, sha}`:
 * 2023 servers write that object, later ones `{model_version: {name, file_info: {version, sha}}, config}`.
 */
function splitModelOf(record) {
    if (!isRecord(record))
        return undefined;
    let value = isRecord(record.out) ? record.out[MODEL_SPLIT] : record[`out.${MODEL_SPLIT}`];
    if (Array.isArray(value))
        value = value[0];
    if (typeof value === 'string') {
        try {
            value = JSON.parse(value);
        }
        catch {
            return undefined;
        }
    }
    if (!isRecord(value))
        return undefined;
    const mv = isRecord(value.model_version) ? value.model_version : value;
    const info = isRecord(mv.file_info) ? mv.file_info : mv;
    const text = (v) => (typeof v === 'string' && v !== '' ? v : undefined);
    const name = text(mv.name);
    const version = text(info.version);
    const sha = text(info.sha);
    return name || version || sha ? { ...(name ? { name } : {}), ...(version ? { version } : {}), ...(sha ? { sha } : {}) } : undefined;
}
/**
 * The output fields of one record: `out` when nested, the `out.`-prefixed keys when flattened, or (for a file of
 * bare output records such as `[{"dense_1": [0.1]}]`) every key that is not one of the record's other blocks.
 */
function outFields(record) {
    if (!isRecord(record))
        return undefined;
    if (isRecord(record.out))
        return withoutSplit(record.out);
    const flat = Object.keys(record).filter((k) => k.startsWith('out.') && k !== `out.${MODEL_SPLIT}`);
    if (flat.length > 0)
        return Object.fromEntries(flat.map((k) => [k.slice(4), record[k]]));
    const bare = Object.keys(record).filter((k) => !NON_OUTPUT_KEYS.has(k) && !NON_OUTPUT_PREFIXES.some((p) => k.startsWith(p)));
    return Object.fromEntries(bare.map((k) => [k, record[k]]));
}
/**
 * A shadow deploy's challenger outputs (§7.1 add_shadow_deploy): top-level `out_<model>` groups (nested) or
 * `out_<model>.<field>` keys (flattened), by challenger name; undefined when the record has none.
 */
function shadowOutputs(record) {
    if (!isRecord(record))
        return undefined;
    const groups = {};
    for (const [key, value] of Object.entries(record)) {
        const m = /^out_([^.]+)(?:\.(.+))?$/.exec(key);
        if (!m)
            continue;
        if (m[2] === undefined) {
            if (isRecord(value))
                groups[m[1]] = { ...(groups[m[1]] ?? {}), ...value };
        }
        else
            groups[m[1]] = { ...(groups[m[1]] ?? {}), [m[2]]: value };
    }
    return Object.keys(groups).length > 0 ? groups : undefined;
}
/** The metadata of one record, nested or flattened; last_model is a JSON string `{model_name, model_sha}` (or already an object). */
function answerOrigin(record) {
    if (!isRecord(record))
        return {};
    const meta = isRecord(record.metadata) ? record.metadata : undefined;
    const pick = (key) => (meta ? meta[key] : record[`metadata.${key}`]);
    const version = pick('pipeline_version');
    const origin = {};
    if (typeof version === 'string' && version !== '')
        origin.pipelineVersion = version;
    let last = pick('last_model');
    if (typeof last === 'string' && last.trim().startsWith('{')) {
        try {
            last = JSON.parse(last);
        }
        catch {
            last = undefined;
        }
    }
    if (isRecord(last)) {
        const name = typeof last.model_name === 'string' ? last.model_name : undefined;
        const sha = typeof last.model_sha === 'string' ? last.model_sha : undefined;
        if (name || sha)
            origin.lastModel = { ...(name ? { name } : {}), ...(sha ? { sha } : {}) };
    }
    return origin;
}

;// CONCATENATED MODULE: ./src/action/inputs/expected-output.ts
/**
 * The `expected-output` file (golden answers): pandas-records JSON with one record per smoke-input row, holding the
 * expected `out` fields. Accepted as written by `write-output` (`[{"dense_1": [0.99]}]`), as whole answer records
 * (`smoke-output`, or a saved inference answer: only `out` is compared) or flattened (`{"out.dense_1": […]}`).
 */





/** Reads and checks the golden file; throws an Error whose message is a full input-error sentence. */
function readExpectedOutput(path, cwd) {
    const input = Inputs.ExpectedOutput;
    const abs = resolvePath(path, cwd);
    let text;
    try {
        text = (0,external_node_fs_namespaceObject.readFileSync)(abs, 'utf8');
    }
    catch (e) {
        const code = e.code;
        const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${e.message})`;
        throw new Error(`Input '${input}' file ${abs} ${why}; paths are relative to the workspace directory ${cwd}. Record one with operation 'infer' and '${Inputs.WriteOutput}'.`, { cause: e });
    }
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (e) {
        const message = `Input '${input}' file ${abs} is not valid JSON (${e.message}); it must be pandas-records JSON such as [{"dense_1": [0.0015]}].`;
        const location = jsonErrorLocation(abs, text, e);
        throw location ? new LocatedError(message, location) : new Error(message);
    }
    if (!Array.isArray(value) || value.length === 0) {
        const got = Array.isArray(value) ? 'an empty array' : isRecord(value) ? 'an object' : typeof value;
        throw new Error(`Input '${input}' file ${abs} holds ${got}; it must be a non-empty array with one record of output fields per row of '${Inputs.SmokeInput}', e.g. [{"dense_1": [0.0015]}].`);
    }
    const rows = [];
    for (let i = 0; i < value.length; i++) {
        const fields = outFields(value[i]);
        if (fields === undefined) {
            throw new Error(`Input '${input}' file ${abs} record ${i + 1} is not an object; each record holds the output fields of one row, e.g. {"dense_1": [0.0015]}.`);
        }
        if (Object.keys(fields).length === 0) {
            throw new Error(`Input '${input}' file ${abs} record ${i + 1} has no output fields (only ${Object.keys(value[i]).join(', ') || 'nothing'}); give the expected 'out' values, e.g. {"dense_1": [0.0015]}.`);
        }
        rows.push(fields);
    }
    return { path: abs, rows };
}

;// CONCATENATED MODULE: ./src/action/inputs/github-context.ts
/** The workflow run the action is part of, read from the runner's GITHUB_* variables and event payload. */



/** Events whose payload describes a pull request. */
const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);
/** The pull request number from the event payload, or from a `refs/pull/<n>/merge` ref. */
function prNumberOf(env) {
    const path = env[Env.EventPath];
    if (path) {
        try {
            const payload = JSON.parse((0,external_node_fs_namespaceObject.readFileSync)(path, 'utf8'));
            if (isRecord(payload)) {
                const pr = isRecord(payload.pull_request) ? payload.pull_request.number : payload.number;
                if (typeof pr === 'number' && Number.isInteger(pr) && pr > 0)
                    return pr;
            }
        }
        catch {
            // An unreadable payload leaves the ref to tell.
        }
    }
    const m = /^refs\/pull\/(\d+)\//.exec(env[Env.Ref] ?? '');
    return m ? Number(m[1]) : undefined;
}
/** What the environment says about the run; every field is optional (local runs have none). */
function readGithubContext(env) {
    const eventName = env[Env.EventName] || undefined;
    const ctx = {};
    if (eventName)
        ctx.eventName = eventName;
    if (eventName && PR_EVENTS.has(eventName)) {
        const pr = prNumberOf(env);
        if (pr !== undefined)
            ctx.prNumber = pr;
    }
    const put = (key, name) => {
        const v = env[name]?.trim();
        if (v)
            ctx[key] = v;
    };
    put('sha', Env.Sha);
    put('repository', Env.Repository);
    put('serverUrl', Env.ServerUrl);
    put('apiUrl', Env.ApiUrl);
    put('runId', Env.RunId);
    return ctx;
}
/** A link to the workflow run, when the environment names one. */
function runLink(gh) {
    if (!gh.repository || !gh.runId)
        return undefined;
    return `${gh.serverUrl ?? 'https://github.com'}/${gh.repository}/actions/runs/${gh.runId}`;
}

;// CONCATENATED MODULE: ./src/action/inputs/tolerance.ts
/** A non-negative finite number written as JSON would write it (1e-6, 0.001, 0). */
const NUMBER = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
/** Parses a tolerance; throws an Error whose message (lower-case start) says what is accepted. */
function parseTolerance(text) {
    const t = text.trim();
    const fail = (why) => {
        throw new Error(`${why}; write one number for both bounds (1e-6) or abs=… and/or rel=… separated by a comma (abs=1e-6,rel=1e-4)`);
    };
    const num = (s, what) => {
        if (!NUMBER.test(s.trim()))
            fail(`${what} ${JSON.stringify(s.trim())} is not a non-negative number`);
        return Number(s.trim());
    };
    if (t === '')
        fail('it is empty');
    if (!t.includes('=')) {
        const n = num(t, 'the value');
        return { abs: n, rel: n };
    }
    const parts = {};
    for (const part of t.split(',')) {
        const m = /^\s*(abs|rel)\s*=(.*)$/.exec(part);
        if (!m)
            fail(`${JSON.stringify(part.trim())} is not abs=<number> or rel=<number>`);
        const key = m[1];
        if (parts[key] !== undefined)
            fail(`${key} is given twice`);
        parts[key] = num(m[2], key);
    }
    // A bound left out allows nothing on its own, so the other one decides.
    return { abs: parts.abs ?? 0, rel: parts.rel ?? 0 };
}
/** The tolerance as users write it, for messages. */
function formatTolerance(t) {
    return `abs=${t.abs},rel=${t.rel}`;
}

;// CONCATENATED MODULE: ./src/action/inputs/rollout.ts
/**
 * The champion-and-challenger inputs of `deploy`: `strategy` (basic, shadow, canary), `compare-with-live`,
 * `compare-input`, `decision-threshold`, the gates `max-live-deviation` / `max-changed-rows`, `promote`,
 * `canary-weight` and `hash-key`. Checked together, since most only make sense beside another.
 */






/** A non-negative or any finite number written plainly (0.5, 1e-3, -2). */
const rollout_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
/** Parses and cross-checks the champion-and-challenger inputs; every problem goes to `c.problems`. */
function parseRolloutInputs(c) {
    const { get, given, problems } = c;
    const strategy = c.choice(Inputs.Strategy, STRATEGIES);
    const compareWithLive = c.bool(Inputs.CompareWithLive);
    const promote = c.choice(Inputs.Promote, PROMOTE_POLICIES);
    // Shadow deploys always compare (the challengers answer beside the champion); basic ones when asked.
    const compares = strategy === 'shadow' || (strategy === 'basic' && compareWithLive);
    const needsComparison = (name) => {
        if (given(name) && !compares) {
            problems.push(`Input '${name}' only applies when the deploy compares answers with the live model: set '${Inputs.CompareWithLive}: true', or '${Inputs.Strategy}: shadow'.`);
        }
    };
    if (compareWithLive && strategy !== 'basic') {
        problems.push(strategy === 'shadow'
            ? `Input '${Inputs.CompareWithLive}' is not needed with '${Inputs.Strategy}: shadow': a shadow deploy always compares its challengers with the champion. Remove '${Inputs.CompareWithLive}'.`
            : `Input '${Inputs.CompareWithLive}' does not work with '${Inputs.Strategy}: canary': each request of a canary is answered by one model or the other, so answers cannot be compared row by row. Use '${Inputs.Strategy}: shadow' to compare first, then a canary.`);
    }
    let compareInput;
    needsComparison(Inputs.CompareInput);
    if (given(Inputs.CompareInput)) {
        try {
            compareInput = readSmokeInput(get(Inputs.CompareInput), c.cwd, Inputs.CompareInput);
        }
        catch (e) {
            problems.push(problemOf(e));
        }
    }
    if (compares && !given(Inputs.CompareInput) && !given(Inputs.SmokeInput)) {
        const why = strategy === 'shadow' ? `'${Inputs.Strategy}: shadow'` : `'${Inputs.CompareWithLive}'`;
        problems.push(`${why} needs rows to send to both models: give '${Inputs.SmokeInput}' (a few rows) or '${Inputs.CompareInput}' (a larger file, JSON or Arrow).`);
    }
    let decisionThreshold;
    needsComparison(Inputs.DecisionThreshold);
    if (given(Inputs.DecisionThreshold)) {
        const text = get(Inputs.DecisionThreshold);
        if (rollout_NUMBER.test(text))
            decisionThreshold = Number(text);
        else
            problems.push(`Input '${Inputs.DecisionThreshold}' is ${JSON.stringify(text)}: give the score at which a one-value output changes class, e.g. 0.5 for a fraud probability.`);
    }
    const gates = {};
    needsComparison(Inputs.MaxLiveDeviation);
    if (given(Inputs.MaxLiveDeviation)) {
        const text = get(Inputs.MaxLiveDeviation);
        if (rollout_NUMBER.test(text) && Number(text) >= 0)
            gates.maxDeviation = Number(text);
        else
            problems.push(`Input '${Inputs.MaxLiveDeviation}' is ${JSON.stringify(text)}: give the largest |new - live| answer difference allowed, a number of 0 or more, e.g. 0.05.`);
    }
    needsComparison(Inputs.MaxChangedRows);
    if (given(Inputs.MaxChangedRows)) {
        const text = get(Inputs.MaxChangedRows);
        const percent = /^(\d+(\.\d*)?)\s*%$/.exec(text);
        if (/^\d+$/.test(text))
            gates.maxChangedRows = { count: Number(text) };
        else if (percent && Number(percent[1]) <= 100)
            gates.maxChangedRows = { percent: Number(percent[1]) };
        else
            problems.push(`Input '${Inputs.MaxChangedRows}' is ${JSON.stringify(text)}: give a number of rows (e.g. 3) or a percentage of the rows compared (e.g. 2%).`);
    }
    const hasGate = gates.maxDeviation !== undefined || gates.maxChangedRows !== undefined;
    if (given(Inputs.Promote)) {
        if (strategy !== 'shadow') {
            problems.push(`Input '${Inputs.Promote}' only applies with '${Inputs.Strategy}: shadow'; a canary is settled later with operation 'promote' or 'reject'.`);
        }
        else if (promote === 'if-within' && !hasGate) {
            problems.push(`Input '${Inputs.Promote}: if-within' needs a gate to be within: give '${Inputs.MaxLiveDeviation}' and/or '${Inputs.MaxChangedRows}'.`);
        }
        else if (promote === 'always' && hasGate) {
            problems.push(`Input '${Inputs.Promote}: always' promotes whatever the comparison shows, so '${Inputs.MaxLiveDeviation}' and '${Inputs.MaxChangedRows}' would do nothing; use '${Inputs.Promote}: if-within' to promote only within them, or remove the gates.`);
        }
    }
    let canaryWeight;
    if (given(Inputs.CanaryWeight)) {
        const text = get(Inputs.CanaryWeight);
        if (strategy !== 'canary')
            problems.push(`Input '${Inputs.CanaryWeight}' only applies with '${Inputs.Strategy}: canary'.`);
        else if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 99)
            canaryWeight = Number(text);
        else
            problems.push(`Input '${Inputs.CanaryWeight}' is ${JSON.stringify(text)}: give the challenger's share of requests as a whole percentage from 1 to 99, e.g. 10.`);
    }
    else if (strategy === 'canary') {
        problems.push(`'${Inputs.Strategy}: canary' needs '${Inputs.CanaryWeight}': the challenger's share of requests in percent (1 to 99), e.g. 10.`);
    }
    let hashKey;
    if (given(Inputs.HashKey)) {
        if (strategy !== 'canary')
            problems.push(`Input '${Inputs.HashKey}' only applies with '${Inputs.Strategy}: canary' (it keeps requests with the same value on one model).`);
        else
            hashKey = get(Inputs.HashKey);
    }
    if (c.operation === 'deploy' && strategy !== 'basic') {
        const label = `'${Inputs.Strategy}: ${strategy}'`;
        if (given(Inputs.PipelineDefinition)) {
            problems.push(`${label} builds the pipeline definition itself (the live champion plus this run's models); remove '${Inputs.PipelineDefinition}' and list the challenger(s) in '${Inputs.Models}'.`);
        }
        if (c.modelCount === 0) {
            problems.push(`${label} needs the challenger in '${Inputs.Models}': the model(s) to run beside the live champion.`);
        }
        else if (strategy === 'canary' && c.modelCount > 1) {
            problems.push(`${label} splits traffic between the champion and one challenger, but '${Inputs.Models}' has ${c.modelCount} entries; give one.`);
        }
        else if (strategy === 'shadow' && promote !== 'never' && c.modelCount > 1) {
            problems.push(`Input '${Inputs.Promote}: ${promote}' promotes the challenger, but '${Inputs.Models}' has ${c.modelCount} challengers; give one, or use '${Inputs.Promote}: never' to compare several.`);
        }
    }
    if (hashKey && c.smokeInput) {
        const columns = inputColumns(c.smokeInput);
        if (columns && !columns.includes(hashKey)) {
            problems.push(`Input '${Inputs.HashKey}' is "${hashKey}", but '${Inputs.SmokeInput}' has no such column (columns: ${columns.map((n) => `"${n}"`).join(', ')}); name a column your requests carry, e.g. a customer id, so the same value always reaches the same model.`);
        }
    }
    return {
        strategy,
        compareWithLive,
        ...(compareInput ? { compareInput } : {}),
        ...(decisionThreshold !== undefined ? { decisionThreshold } : {}),
        gates,
        promote,
        ...(canaryWeight !== undefined ? { canaryWeight } : {}),
        ...(hashKey !== undefined ? { hashKey } : {})
    };
}
/** The column names of an input file (the keys of its records, or its Arrow fields); undefined when unreadable. */
function inputColumns(input) {
    try {
        if (input.format === 'arrow')
            return readArrowFile(input.body).schema.fields.map((f) => f.name);
        const rows = JSON.parse(new TextDecoder().decode(input.body));
        if (!Array.isArray(rows))
            return undefined;
        return [...new Set(rows.filter(isRecord).flatMap((r) => Object.keys(r)))];
    }
    catch {
        return undefined;
    }
}
/** The input a comparison sends: `compare-input`, else `smoke-input`. */
function comparisonInput(rollout, smokeInput) {
    return rollout?.compareInput ?? smokeInput;
}

;// CONCATENATED MODULE: ./src/action/inputs/parse.ts
/**
 * Turns the raw inputs into ActionSettings. Pure apart from reading the files the inputs name; collects
 * every problem and throws one InputError, so a user fixes everything in one round.
 */

















/** Parses and checks every input; throws InputError listing every problem. */
function parseInputs(read, env, cwd) {
    const problems = [];
    const get = (name) => (read(name) ?? '').trim() || InputDefaults[name] || OperationInputDefaults[name] || '';
    const given = (name) => (read(name) ?? '').trim() !== '';
    // Operation first: it decides which other inputs are required or refused.
    const opText = get(Inputs.Operation);
    const operation = OPERATIONS.includes(opText) ? opText : undefined;
    if (!operation) {
        problems.push(`Input '${Inputs.Operation}' is ${JSON.stringify(opText)}: use one of ${OPERATIONS.join(', ')}${didYouMean(opText, OPERATIONS)}.`);
    }
    else {
        const { required, optional } = OperationInputs[operation];
        for (const name of required) {
            if (!given(name))
                problems.push(`Input '${name}' is required by operation '${operation}'.${requiredHint(name)}`);
        }
        for (const name of OperationSpecificInputs) {
            if (given(name) && !required.includes(name) && !optional.includes(name)) {
                const takers = OPERATIONS.filter((op) => OperationInputs[op].required.includes(name) || OperationInputs[op].optional.includes(name));
                problems.push(`Input '${name}' does not apply to operation '${operation}'; it is used by ${takers.map((t) => `'${t}'`).join(', ')}. Remove it or change '${Inputs.Operation}'.`);
            }
        }
    }
    const urlFromEnv = !given(Inputs.Url) && (env[Env.Url]?.trim() ?? '') !== '';
    const url = parseUrl(urlFromEnv ? `The ${Env.Url} environment variable` : `Input '${Inputs.Url}'`, urlFromEnv ? (env[Env.Url] ?? '').trim() : get(Inputs.Url), problems, `set '${Inputs.Url}' (or the ${Env.Url} environment variable) to your Wallaroo API address, e.g. https://wallaroo.example.com`);
    const authUrl = given(Inputs.AuthUrl) ? parseUrl(`Input '${Inputs.AuthUrl}'`, get(Inputs.AuthUrl), problems, '') : url;
    const auth = parseAuth(get, env, problems);
    // Workspace: a numeric id or a name.
    let workspace;
    const wsText = get(Inputs.Workspace);
    if (wsText) {
        if (/^\d+$/.test(wsText))
            workspace = { id: Number(wsText) };
        else {
            const err = checkName(Inputs.Workspace, wsText, 'workspace');
            if (err)
                problems.push(`${err} An existing workspace with another name can be given by its numeric id.`);
            workspace = { name: wsText };
        }
    }
    const createWorkspace = parseBoolean(Inputs.CreateWorkspace, get(Inputs.CreateWorkspace), problems);
    const github = readGithubContext(env);
    let pipeline = nameInput(Inputs.Pipeline, get, problems);
    const ephemeral = parseBoolean(Inputs.Ephemeral, get(Inputs.Ephemeral), problems);
    let ephemeralBase;
    if (ephemeral && pipeline) {
        const derived = ephemeralPipelineName(pipeline, github);
        if ('problem' in derived)
            problems.push(derived.problem);
        else {
            ephemeralBase = pipeline;
            pipeline = derived.name;
        }
    }
    // A pipeline name starts with a letter, so digits are an id (a deploy step's 'pipeline-id' output).
    const sourceText = get(Inputs.SourcePipeline);
    const sourcePipelineId = /^\d+$/.test(sourceText) && Number(sourceText) > 0 ? Number(sourceText) : undefined;
    const sourcePipeline = sourcePipelineId !== undefined ? sourceText : nameInput(Inputs.SourcePipeline, get, problems);
    const newPipeline = nameInput(Inputs.NewPipeline, get, problems);
    const copyOptions = parseCopyOptions(operation, get, given, problems);
    if (sourcePipeline && newPipeline && sourcePipeline === newPipeline) {
        problems.push(`Input '${Inputs.NewPipeline}' is the same as '${Inputs.SourcePipeline}' ("${newPipeline}"); give the copy a new name.`);
    }
    const parsedModels = given(Inputs.Models) ? parseModelsInput(read(Inputs.Models), cwd) : { models: [], problems: [] };
    problems.push(...parsedModels.problems);
    const models = parsedModels.models;
    if (operation === 'upload-model') {
        for (const m of models) {
            if (m.kind !== 'file')
                problems.push(`Input '${Inputs.Models}' entry "${m.name}" names an existing version; operation 'upload-model' uploads files, so give 'path' instead.`);
        }
    }
    let pipelineDefinition;
    if (given(Inputs.PipelineDefinition)) {
        const parsed = parseDefinition(read(Inputs.PipelineDefinition), cwd);
        problems.push(...parsed.problems);
        pipelineDefinition = parsed.definition;
        // An empty pipeline cannot answer an inference, so deploying one only fails later (or, without a smoke
        // input, "succeeds" with nothing to serve). create-pipeline may make one, as pipelines/create allows (§7.1).
        if (pipelineDefinition && operation === 'deploy' && !hasModelStep(pipelineDefinition)) {
            const instead = given(Inputs.Models) ? ` or leave '${Inputs.PipelineDefinition}' out to run the models of '${Inputs.Models}' in order` : '';
            problems.push(`Input '${Inputs.PipelineDefinition}' has no step that runs a model (ModelInference or RandomSplit), and operation 'deploy' cannot deploy an empty pipeline (it could not answer an inference). Add a step such as {"steps": [{"ModelInference": {"models": [{"name": "ccfraud"}]}}]}${instead}; use operation 'create-pipeline' to create an empty pipeline.`);
        }
        if (pipelineDefinition && parsedModels.problems.length === 0) {
            const known = new Set(models.map((m) => m.name));
            for (const name of unresolvedModelNames(pipelineDefinition)) {
                if (!known.has(name)) {
                    problems.push(`Input '${Inputs.PipelineDefinition}' uses model "${name}" without 'version' and 'sha', and '${Inputs.Models}' has no entry named "${name}"; add it to '${Inputs.Models}' or give its version and sha.`);
                }
            }
        }
    }
    if ((operation === 'deploy' || operation === 'create-pipeline') && !given(Inputs.Models) && !given(Inputs.PipelineDefinition)) {
        problems.push(`Operation '${operation}' needs '${Inputs.Models}' or '${Inputs.PipelineDefinition}' (or both): say which models the pipeline runs.`);
    }
    const built = buildEngineConfig({
        arch: get(Inputs.Arch),
        gpus: get(Inputs.Gpus),
        deploymentLabel: get(Inputs.DeploymentLabel),
        cpus: get(Inputs.Cpus),
        memory: get(Inputs.Memory),
        replicas: get(Inputs.Replicas),
        engineConfig: get(Inputs.EngineConfig)
    });
    // Other operations refuse these inputs above; one message per mistake is enough.
    const takesEngineConfig = operation === undefined || operation === 'deploy' || (operation === 'copy-pipeline' && copyOptions.deployCopy);
    if (takesEngineConfig)
        problems.push(...built.problems);
    problems.push(...alignModelArch(models, built.engineConfig.engine?.arch));
    const inputWarnings = takesEngineConfig ? built.warnings : [];
    // These feed timers, which cannot hold more than MAX_TIMER_MS (a longer wait would fire at once).
    const timeoutMs = durationInput(Inputs.Timeout, get, problems, MAX_TIMER_MS);
    const requestTimeoutMs = durationInput(Inputs.RequestTimeout, get, problems, MAX_TIMER_MS);
    const pollIntervalMs = durationInput(Inputs.PollInterval, get, problems, MAX_TIMER_MS);
    let smokeInput;
    if (given(Inputs.SmokeInput)) {
        try {
            smokeInput = readSmokeInput(get(Inputs.SmokeInput), cwd);
        }
        catch (e) {
            problems.push(problemOf(e));
        }
    }
    // The smoke input against the model it is sent to, before anything is created (deploy only: the other operations
    // send it to a pipeline that is already deployed, whose models the inputs do not describe).
    if (operation === 'deploy' && smokeInput) {
        const first = firstModelOf(pipelineDefinition, models);
        if (first)
            problems.push(...smokeInputMisfits(smokeInput, first));
    }
    // Golden answers: read now, so a missing or malformed file fails before anything changes on the server.
    let expectedOutput;
    if (given(Inputs.ExpectedOutput)) {
        try {
            expectedOutput = readExpectedOutput(get(Inputs.ExpectedOutput), cwd);
        }
        catch (e) {
            problems.push(problemOf(e));
        }
        if ((operation === 'deploy' || operation === 'copy-pipeline' || operation === 'promote' || operation === 'reject') && !given(Inputs.SmokeInput)) {
            problems.push(`Input '${Inputs.ExpectedOutput}' needs '${Inputs.SmokeInput}': the golden answers are compared with the answers to that input. Give the input file the goldens were recorded from.`);
        }
        if (expectedOutput && smokeInput && expectedOutput.rows.length !== smokeInput.rows) {
            problems.push(`Input '${Inputs.ExpectedOutput}' has ${expectedOutput.rows.length} record(s) but '${Inputs.SmokeInput}' has ${smokeInput.rows} row(s); the goldens need one record per input row. Record them again from this input with operation 'infer' and '${Inputs.WriteOutput}'.`);
        }
    }
    // Champion and challenger (deploy): strategy, comparison with what is live, gates, canary.
    const rollout = operation === 'deploy'
        ? parseRolloutInputs({
            operation,
            get,
            given,
            bool: (name) => parseBoolean(name, get(name), problems),
            choice: (name, values) => enumInput(name, get(name), values, problems),
            smokeInput,
            modelCount: models.length,
            cwd,
            problems
        })
        : undefined;
    const compares = rollout !== undefined && (rollout.strategy === 'shadow' || rollout.compareWithLive);
    if (given(Inputs.Tolerance) && !given(Inputs.ExpectedOutput) && !compares) {
        problems.push(`Input '${Inputs.Tolerance}' only applies with '${Inputs.ExpectedOutput}' (it bounds the golden check) or a comparison with the live model; give the golden file or remove '${Inputs.Tolerance}'.`);
    }
    let tolerance = { abs: 0, rel: 0 };
    try {
        tolerance = parseTolerance(get(Inputs.Tolerance));
    }
    catch (e) {
        problems.push(`Input '${Inputs.Tolerance}' is ${JSON.stringify(get(Inputs.Tolerance))}: ${e.message}.`);
    }
    let writeOutput;
    if (given(Inputs.WriteOutput)) {
        writeOutput = resolvePath(get(Inputs.WriteOutput), cwd);
        if (!writeOutput.toLowerCase().endsWith('.json')) {
            problems.push(`Input '${Inputs.WriteOutput}' is "${get(Inputs.WriteOutput)}": the answers are written as pandas-records JSON, so give a .json path, e.g. goldens/ccfraud.expected.json.`);
        }
        if ((operation === 'deploy' || operation === 'copy-pipeline' || operation === 'promote' || operation === 'reject') && !given(Inputs.SmokeInput)) {
            problems.push(`Input '${Inputs.WriteOutput}' needs '${Inputs.SmokeInput}': it records the answers to that input.`);
        }
    }
    const errorGraceMs = durationInput(Inputs.ErrorGrace, get, problems, MAX_TIMER_MS);
    const onFailure = enumInput(Inputs.OnFailure, get(Inputs.OnFailure), FAILURE_POLICIES, problems);
    const teardown = enumInput(Inputs.Teardown, get(Inputs.Teardown), TEARDOWN_MODES, problems);
    const dryRun = parseBoolean(Inputs.DryRun, get(Inputs.DryRun), problems);
    // sweep
    let prefix;
    if (given(Inputs.Prefix)) {
        prefix = get(Inputs.Prefix);
        if (!/^[a-zA-Z][a-zA-Z0-9-]*$/.test(prefix)) {
            problems.push(`Input '${Inputs.Prefix}' is ${JSON.stringify(prefix)}: pipeline names start with a letter and hold ASCII letters, digits and '-', so a prefix that can match one must too, e.g. ccfraud-pr-.`);
        }
    }
    const maxAgeMs = given(Inputs.MaxAge) ? durationInput(Inputs.MaxAge, get, problems) : undefined;
    const closedPrs = parseBoolean(Inputs.ClosedPrs, get(Inputs.ClosedPrs), problems);
    const tokenText = (read(Inputs.GithubToken) ?? '').trim();
    // The runner fills in `${{ github.token }}`; outside a workflow the unexpanded default means "none".
    const githubToken = (tokenText && !tokenText.startsWith('${{') ? tokenText : env[Env.Token]?.trim()) || undefined;
    if (operation === 'sweep') {
        if (maxAgeMs === undefined && !closedPrs) {
            problems.push(`Operation 'sweep' needs '${Inputs.MaxAge}' (e.g. 7d) and/or '${Inputs.ClosedPrs}: true': say which pipelines with prefix '${prefix ?? ''}' are stale.`);
        }
        if (closedPrs && !githubToken) {
            problems.push(`Input '${Inputs.ClosedPrs}' needs a GitHub token to read the pull requests: keep '${Inputs.GithubToken}' at its default (\${{ github.token }}) and give the job 'pull-requests: read'.`);
        }
        else if (closedPrs && !github.repository) {
            problems.push(`Input '${Inputs.ClosedPrs}' needs the repository (GITHUB_REPOSITORY) to read its pull requests; run the sweep in a workflow.`);
        }
    }
    // The PR comment: on pull_request events unless switched off; elsewhere only when asked (and then refused: no PR).
    const comment = given(Inputs.Comment) ? parseBoolean(Inputs.Comment, get(Inputs.Comment), problems) : github.prNumber !== undefined;
    if (given(Inputs.Comment) && comment && github.prNumber === undefined) {
        problems.push(`Input '${Inputs.Comment}' is true, but this run is not for a pull request (no pull_request event), so there is nothing to comment on; remove '${Inputs.Comment}' or run the step on pull_request events.`);
    }
    let deploymentId;
    const depText = get(Inputs.DeploymentId);
    if (depText) {
        if (/^\d+$/.test(depText) && Number(depText) > 0)
            deploymentId = Number(depText);
        else
            problems.push(`Input '${Inputs.DeploymentId}' is ${JSON.stringify(depText)}: give the numeric deployment id (the 'deployment-id' output of the deploy step, e.g. 14).`);
    }
    if (problems.length > 0 || !operation || !auth)
        throw new InputError(problems);
    return {
        operation,
        url,
        authUrl,
        auth,
        workspace,
        createWorkspace,
        pipeline,
        pipelineDefinition,
        models,
        engineConfig: built.engineConfig,
        timeoutMs,
        requestTimeoutMs,
        pollIntervalMs,
        smokeInput,
        deploymentId,
        sourcePipeline,
        ...(sourcePipelineId !== undefined ? { sourcePipelineId } : {}),
        newPipeline,
        ...copyOptions,
        expectedOutput,
        tolerance,
        writeOutput,
        errorGraceMs,
        onFailure,
        teardown,
        ...(ephemeralBase ? { ephemeralBase } : {}),
        dryRun,
        ...(inputWarnings.length > 0 ? { inputWarnings } : {}),
        prefix,
        maxAgeMs,
        closedPrs,
        githubToken,
        github,
        comment,
        ...(rollout ? { rollout } : {})
    };
}
/**
 * copy-pipeline's own options: `source-version` (a version UUID) and `deploy-copy`; the deploy and check inputs apply
 * only with `deploy-copy: true`.
 */
function parseCopyOptions(operation, get, given, problems) {
    const deployCopy = parseBoolean(Inputs.DeployCopy, get(Inputs.DeployCopy), problems);
    let sourceVersion;
    if (given(Inputs.SourceVersion)) {
        sourceVersion = get(Inputs.SourceVersion);
        if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(sourceVersion)) {
            const hint = /^\d+$/.test(sourceVersion)
                ? " A number is a version id; pipelines/copy takes the UUID (the 'pipeline-version' output, not 'pipeline-version-id')."
                : '';
            problems.push(`Input '${Inputs.SourceVersion}' is ${JSON.stringify(sourceVersion)}: give the UUID of the source pipeline's version to copy, e.g. 5d0326fa-6753-4252-bb56-3b2106a8c671.${hint}`);
        }
    }
    if (operation === 'copy-pipeline' && !deployCopy) {
        for (const name of CopyDeployInputs) {
            if (given(name))
                problems.push(`Input '${name}' applies to operation 'copy-pipeline' only with '${Inputs.DeployCopy}: true' (it deploys the copy, then waits for it and checks it); add that, or remove '${name}'.`);
        }
    }
    return { deployCopy, ...(sourceVersion ? { sourceVersion } : {}) };
}
/** One of a fixed list of words, e.g. on-failure; an unknown word lists the valid ones. */
function enumInput(input, text, values, problems) {
    if (values.includes(text))
        return text;
    problems.push(`Input '${input}' is ${JSON.stringify(text)}: use one of ${values.join(', ')}${didYouMean(text, values)}.`);
    return values[0];
}
/** " (did you mean 'x'?)" for a word close to one of `values`, else ''. */
function didYouMean(text, values) {
    const close = text === '' ? undefined : closestWord(text, values);
    return close ? ` (did you mean '${close}'?)` : '';
}
function requiredHint(name) {
    switch (name) {
        case Inputs.Workspace:
            return ' Give the workspace name (e.g. fraud-team) or its numeric id.';
        case Inputs.Pipeline:
            return ' Give the pipeline name, e.g. ccfraud.';
        case Inputs.Models:
            return " Give a YAML list such as '- name: ccfraud' / '  path: models/ccfraud.onnx'.";
        case Inputs.SmokeInput:
            return ' Give a pandas-records .json or Arrow .arrow file to send to the pipeline.';
        default:
            return '';
    }
}
/** Checks an address; `subject` names where it came from, e.g. "Input 'url'". */
function parseUrl(subject, text, problems, missingHint) {
    if (text === '') {
        problems.push(`${subject} is required: ${missingHint}.`);
        return '';
    }
    let u;
    try {
        u = new URL(text);
    }
    catch {
        problems.push(`${subject} is ${JSON.stringify(text)}: not a URL; give the full address with its scheme, e.g. https://wallaroo.example.com.`);
        return '';
    }
    // First, so no later message repeats the address with its credentials.
    if (u.username || u.password) {
        problems.push(`${subject} contains credentials; remove them from the URL and use the '${Inputs.Token}' or '${Inputs.Username}'/'${Inputs.Password}' inputs.`);
        return '';
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
        problems.push(`${subject} is ${JSON.stringify(text)}: only http:// and https:// addresses are supported.`);
        return '';
    }
    if (u.search || u.hash) {
        problems.push(`${subject} is ${JSON.stringify(text)}: remove the query or fragment; give only the base address, e.g. ${u.origin}.`);
        return '';
    }
    // The action appends /v1/api/... and /auth/realms/... itself; a path ending in either is a copied endpoint,
    // not a reverse-proxy prefix (other paths are kept as prefixes).
    const copied = u.pathname.match(/^(.*?)\/(v1\/api|auth)(\/.*)?$/);
    if (copied) {
        const base = `${u.origin}${copied[1]}`;
        problems.push(`${subject} is ${JSON.stringify(text)}: give the base address without '/${copied[2]}'; the action appends the API paths itself. Try ${base}.`);
        return '';
    }
    return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
}
function parseAuth(get, env, problems) {
    const token = get(Inputs.Token);
    const clientSecret = get(Inputs.ClientSecret);
    const clientId = get(Inputs.ClientId);
    const userInput = get(Inputs.Username);
    const passwordInput = get(Inputs.Password);
    if (token && (userInput || passwordInput)) {
        problems.push(`Inputs '${Inputs.Token}' and '${Inputs.Username}'/'${Inputs.Password}' are both given; use one way to sign in: a token, or a user and password.`);
        return undefined;
    }
    if (token) {
        for (const input of [Inputs.ClientSecret, Inputs.ClientId]) {
            if (get(input))
                problems.push(`Input '${input}' does not apply when signing in with '${Inputs.Token}' (the token is used as it is); remove it, or remove '${Inputs.Token}'.`);
        }
        return { kind: 'token', token };
    }
    // Each of user and password falls back to its environment variable on its own (§2.2 names them), so a
    // password from a secret input works with WALLAROO_USER set for the job, and the other way round.
    const envUser = env[Env.User]?.trim() ?? '';
    const envPassword = env[Env.Password] ?? '';
    const username = userInput || envUser;
    const password = passwordInput || envPassword;
    const client = clientId ? { clientId } : {};
    if (username && password)
        return { kind: 'password', username, password, ...(clientSecret ? { clientSecret } : {}), ...client };
    if (!username && !password && clientId) {
        // No user anywhere: the client's own service account (client_credentials grant, §2.1).
        if (clientSecret)
            return { kind: 'client', clientId, clientSecret };
        problems.push(`Input '${Inputs.ClientId}' without a user signs in as that client's service account (the client_credentials grant), which needs '${Inputs.ClientSecret}': pass it from a secret, e.g. \${{ secrets.WALLAROO_CLIENT_SECRET }}; or give '${Inputs.Username}' and '${Inputs.Password}' to sign in as a user through this client.`);
        return undefined;
    }
    if (username) {
        problems.push(userInput
            ? `Input '${Inputs.Password}' is required with '${Inputs.Username}' (or set ${Env.Password}); pass it from a secret, e.g. \${{ secrets.WALLAROO_PASSWORD }}.`
            : `${Env.User} is set in the environment but no password is given: give '${Inputs.Password}' or set ${Env.Password}, from a secret, e.g. \${{ secrets.WALLAROO_PASSWORD }}.`);
    }
    else if (password) {
        problems.push(passwordInput
            ? `Input '${Inputs.Username}' is required with '${Inputs.Password}' (or set ${Env.User}).`
            : `${Env.Password} is set in the environment but no user is given: give '${Inputs.Username}' or set ${Env.User}.`);
    }
    else if (clientSecret) {
        problems.push(`Input '${Inputs.ClientSecret}' is given without a user: give '${Inputs.Username}' and '${Inputs.Password}' to sign in as a user through the confidential client, or '${Inputs.ClientId}' (e.g. api-client) to sign in as the client's service account (client_credentials grant; Wallaroo's docs describe such tokens for inference).`);
    }
    else {
        problems.push(`No credentials: give '${Inputs.Token}', or '${Inputs.Username}' and '${Inputs.Password}' (or the ${Env.User}/${Env.Password} environment variables), from repository secrets.`);
    }
    return undefined;
}
function parseBoolean(input, text, problems) {
    const t = text.toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(t))
        return true;
    if (['false', 'no', 'off', '0'].includes(t))
        return false;
    problems.push(`Input '${input}' is ${JSON.stringify(text)}: use true or false.`);
    return false;
}
function nameInput(input, get, problems) {
    const text = get(input);
    if (!text)
        return undefined;
    const err = checkName(input, text, 'pipeline');
    if (err)
        problems.push(err);
    return text;
}
function durationInput(input, get, problems, maxMs) {
    const text = get(input);
    try {
        return parseDuration(text, maxMs);
    }
    catch (e) {
        problems.push(`Input '${input}' is ${JSON.stringify(text)}: ${e.message}.`);
        return 0;
    }
}

;// CONCATENATED MODULE: ./src/action/steps/ambiguous-create.ts
/**
 * A create whose answer was lost: the server may have applied it (a 5xx after the work was done, a connection cut
 * after the request was sent, no answer in time). Creates are never re-sent (a second workspace, model version or
 * pipeline version would be made), so the action looks instead: what it finds is used as if the create had
 * answered; when nothing is there, the failure stands and says nothing was created.
 */

/** Whether a failed create may have been applied by the server. */
function mayHaveApplied(e) {
    if (!(e instanceof WallarooApiError))
        return false;
    switch (e.code) {
        case 'SERVER_ERROR':
        case 'UNAVAILABLE':
        case 'TIMEOUT':
        case 'BAD_RESPONSE':
            return true;
        case 'NETWORK':
            return e.connectFailed !== true;
        default:
            return false;
    }
}
/**
 * Runs `create`; when it fails in a way the server may have applied, runs `find` (read-only) and returns what it
 * found, logging that the create went through after all. Otherwise (or when nothing is found) the failure stands,
 * with a note that nothing was created.
 */
async function createOrFind(what, log, create, find) {
    try {
        return await create();
    }
    catch (e) {
        if (!mayHaveApplied(e))
            throw e;
        let found;
        try {
            found = await find();
        }
        catch {
            // Could not look: the create's own failure is the one to report.
            throw e;
        }
        if (found === undefined) {
            const err = e;
            throw new WallarooApiError({
                code: err.code,
                endpoint: err.endpoint,
                attempts: err.attempts,
                ...(err.status !== undefined ? { status: err.status } : {}),
                ...(err.serverMessage !== undefined ? { serverMessage: err.serverMessage } : {}),
                body: err.body,
                ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
                ...(err.connectFailed !== undefined ? { connectFailed: err.connectFailed } : {}),
                message: `${err.detail.replace(/[.\s]+$/, '')} (the action looked: ${what} was not created, so a re-run starts clean)`,
                ...(err.advice !== undefined ? { advice: err.advice } : {}),
                cause: err
            });
        }
        log.warning(`Creating ${what} failed (${e.detail}), but the server had done it: the action found it and goes on with it.`);
        return found;
    }
}

;// CONCATENATED MODULE: ./src/action/steps/pipeline.ts
/**
 * Pipelines (§7): find one by name in the workspace, and get a version with the wanted definition,
 * reusing the current version when it already has it (pipelines/create always adds a version, §11.4).
 */




/** The workspace's pipelines, or undefined when the server has no list_pipelines (older than 2025). */
async function listPipelinesIn(api, workspaceId) {
    try {
        return (await api.listPipelines(workspaceId)).pipelines ?? [];
    }
    catch (e) {
        if (e instanceof WallarooApiError && e.code === 'NOT_FOUND')
            return undefined;
        throw e;
    }
}
/** The pipeline named `name` among `items` of the workspace. */
function pickPipeline(items, workspaceId, name) {
    return items.find((i) => i.pipeline?.pipeline_id === name && (i.pipeline.workspace_id === undefined || i.pipeline.workspace_id === workspaceId));
}
/** Looks a pipeline up by name in the workspace. */
async function findPipeline(api, workspaceId, name) {
    const items = await listPipelinesIn(api, workspaceId);
    if (items === undefined)
        return { kind: 'unsupported' };
    const item = pickPipeline(items, workspaceId, name);
    return item ? { kind: 'found', item } : { kind: 'absent' };
}
/** A numeric pipeline-version id from list_pipelines (the field is typed string in the generated client). */
function versionPk(item) {
    const id = item?.pipeline_version?.id;
    if (typeof id === 'number')
        return id;
    if (typeof id === 'string' && /^\d+$/.test(id))
        return Number(id);
    return undefined;
}
/** The current version's definition as far as list_pipelines shows it. */
function currentDefinition(item) {
    const pv = item.pipeline_version;
    if (!pv)
        return undefined;
    if (pv.definition)
        return pv.definition;
    if (Array.isArray(pv.steps))
        return { steps: pv.steps };
    return undefined;
}
/** True when both pipelines' current versions have the same definition (as far as list_pipelines shows it). */
function sameCurrentDefinition(a, b) {
    const da = currentDefinition(a);
    const db = currentDefinition(b);
    return da !== undefined && db !== undefined && sameDefinition(da, db);
}
/** Reuses the pipeline's current version when its definition equals `definition`, else creates a new version. */
async function ensurePipelineVersion(ctx, workspaceId, name, definition) {
    const { api, log, record } = ctx;
    const lookup = await findPipeline(api, workspaceId, name);
    if (lookup.kind === 'unsupported') {
        log.info(`Pipeline "${name}": this server has no pipelines/list_pipelines (older than 2025), so the current version's definition cannot be read and compared; a new version is created (re-runs reuse the version only on servers that list pipelines).`);
    }
    const before = lookup.kind === 'found' ? lookup.item : undefined;
    const wasDeployed = lookup.kind === 'unsupported' ? undefined : before?.deployment?.deployed === true;
    const previousVersionId = versionPk(before);
    const current = before && currentDefinition(before);
    const deploymentId = before?.deployment?.id;
    const deployedEngineConfig = isRecord(before?.deployment?.engine_config) ? before.deployment.engine_config : undefined;
    const known = {
        wasDeployed,
        ...(deploymentId !== undefined ? { deploymentId } : {}),
        ...(deployedEngineConfig ? { deployedEngineConfig } : {}),
        ...(before ? { current: { versionId: previousVersionId, version: before.pipeline_version?.version ?? undefined, definition: current } } : {})
    };
    if (before && previousVersionId !== undefined && current && sameDefinition(current, definition)) {
        log.info(`Pipeline "${name}": the current version ${previousVersionId} already has this definition; reusing it.`);
        const version = before.pipeline_version?.version ?? undefined;
        record.pipeline = { name, id: before.pipeline.id, versionId: previousVersionId, version, created: false, versionReused: true, previousVersionId };
        return { pipelineId: before.pipeline.id, versionId: previousVersionId, ...(version ? { version } : {}), ...known };
    }
    // pipelines/create adds a version every time, so a lost answer is looked for, never re-sent: a current version
    // with this definition that was not the current one before is the one this call made.
    const created = await createOrFind(`a version of pipeline "${name}"`, log, () => api.createPipeline(name, workspaceId, definition), async () => {
        const after = await findPipeline(api, workspaceId, name);
        if (after.kind !== 'found')
            return undefined;
        const versionId = versionPk(after.item);
        const def = currentDefinition(after.item);
        if (versionId === undefined || versionId === previousVersionId || !def || !sameDefinition(def, definition))
            return undefined;
        return { pipeline_pk_id: after.item.pipeline.id, pipeline_variant_pk_id: versionId, pipeline_variant_version: after.item.pipeline_version?.version ?? '' };
    });
    const isNew = lookup.kind === 'absent';
    log.info(`Pipeline "${name}": ${isNew ? 'created with' : 'new'} version ${created.pipeline_variant_pk_id} (${created.pipeline_variant_version}).`);
    record.pipeline = {
        name,
        id: created.pipeline_pk_id,
        versionId: created.pipeline_variant_pk_id,
        version: created.pipeline_variant_version,
        created: isNew,
        versionReused: false,
        ...(previousVersionId !== undefined ? { previousVersionId } : {})
    };
    if (isNew)
        record.created.push({ kind: 'pipeline', id: created.pipeline_pk_id, name });
    record.created.push({ kind: 'pipeline-version', id: created.pipeline_variant_pk_id, name });
    ctx.checkpoint();
    return { pipelineId: created.pipeline_pk_id, versionId: created.pipeline_variant_pk_id, version: created.pipeline_variant_version, ...known };
}

;// CONCATENATED MODULE: ./src/action/run-record.ts
/**
 * What a run did, phase by phase: ids, what was created or reused, timings and the outcome. Outputs and
 * the job summary are rendered from it, and it is saved with core.saveState so a later `post:` step
 * (teardown, rollback) knows exactly what this run created.
 */

/** A new, empty record. */
function newRunRecord(operation, startedAt) {
    return { operation, startedAt, models: [], created: [], phases: [], cleanup: [] };
}
/** Runs one phase in its own log group: times it, records its outcome, and wraps a failure with what was being done. */
async function phase(ctx, name, doing, fn) {
    const { record, clock, log } = ctx;
    const start = clock.now();
    log.group?.(doing.charAt(0).toUpperCase() + doing.slice(1));
    try {
        const result = await during(doing, fn);
        record.phases.push({ name, ms: clock.now() - start, outcome: 'ok' });
        return result;
    }
    catch (e) {
        record.phases.push({ name, ms: clock.now() - start, outcome: 'failed' });
        throw e;
    }
    finally {
        log.endGroup?.();
    }
}
/** JSON for core.saveState, without the (possibly large) smoke records. */
function serializeRecord(record) {
    const { smoke, ...rest } = record;
    return JSON.stringify(smoke ? { ...rest, smoke: { ...smoke, records: smoke.records.slice(0, 5) } } : rest);
}
/** The record the main step saved, as the post step reads it back; undefined when absent or unreadable. */
function parseSavedRecord(text) {
    if (!text)
        return undefined;
    try {
        const value = JSON.parse(text);
        if (typeof value !== 'object' || value === null || typeof value.operation !== 'string')
            return undefined;
        value.cleanup ??= [];
        value.created ??= [];
        value.phases ??= [];
        value.models ??= [];
        return value;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/action/steps/workspace.ts
/** Resolves the `workspace` input to an id (§5): exact name match in workspaces/list, or a numeric id; creates it when allowed. */





/** The named workspace does not exist (or is not visible): undeploy treats that as nothing to do. */
class WorkspaceNotFound extends InputMismatch {
}
/** Finds the `workspace` input among the visible workspaces (read-only); an id that is not there is an error. */
async function findWorkspace(ctx) {
    const wanted = required(ctx.settings.workspace, 'workspace');
    const { workspaces } = await ctx.api.listWorkspaces();
    if ('id' in wanted) {
        const found = workspaces.find((w) => w.id === wanted.id);
        if (!found) {
            throw new WorkspaceNotFound(`no workspace with id ${wanted.id} is visible to this user (visible: ${describe(workspaces)}); check '${Inputs.Workspace}', or ask a workspace owner to add the user`);
        }
        return { found };
    }
    const found = pick(workspaces, wanted.name);
    return found ? { found } : { found: undefined, visible: workspaces };
}
/** Why a missing workspace is not created for this operation, as a complete message; undefined when it may be. */
function refusalToCreate(ctx, visible) {
    const { settings } = ctx;
    const wanted = required(settings.workspace, 'workspace');
    const name = 'name' in wanted ? wanted.name : String(wanted.id);
    const mayCreate = OperationsCreatingWorkspace.includes(settings.operation);
    if (mayCreate && settings.createWorkspace)
        return undefined;
    const why = mayCreate
        ? ` and '${Inputs.CreateWorkspace}' is false; set it to true to create it`
        : `; check '${Inputs.Workspace}' (operation '${settings.operation}' does not create workspaces)`;
    return `workspace "${name}" does not exist or this user is not a member (visible: ${describe(visible)})${why}`;
}
/**
 * The workspace id; records it (and whether this run created it). Only OperationsCreatingWorkspace may create it,
 * and only when `refuseCreate` gives no reason against it (e.g. the run needs something a new workspace cannot hold).
 */
async function resolveWorkspace(ctx, refuseCreate) {
    const { settings, api, record, log } = ctx;
    const wanted = required(settings.workspace, 'workspace');
    const lookup = await findWorkspace(ctx);
    if (lookup.found) {
        const { id, name } = lookup.found;
        if ('name' in wanted)
            log.info(`Workspace "${name}" (id ${id}) found.`);
        record.workspace = { id, name, created: false };
        return id;
    }
    if (!('name' in wanted))
        throw new Error('internal: a workspace id that findWorkspace did not refuse is missing');
    const notCreated = refusalToCreate(ctx, lookup.visible);
    if (notCreated)
        throw new WorkspaceNotFound(notCreated);
    const refusal = refuseCreate?.();
    if (refusal)
        throw new InputMismatch(refusal);
    let id;
    try {
        // A create whose answer was lost is looked for before it counts as failed (never sent twice).
        id = await createOrFind(`workspace "${wanted.name}"`, log, async () => (await api.createWorkspace(wanted.name)).workspace_id, async () => pick((await api.listWorkspaces()).workspaces, wanted.name)?.id);
    }
    catch (e) {
        // Another run may have created it between our list and our create: look again before failing.
        if (e instanceof WallarooApiError && (e.code === 'CONFLICT' || e.code === 'BAD_REQUEST' || e.code === 'FORBIDDEN')) {
            const again = pick((await api.listWorkspaces()).workspaces, wanted.name);
            if (again) {
                record.workspace = { id: again.id, name: again.name, created: false };
                return again.id;
            }
            const refused = notAMember(ctx, wanted.name, e);
            if (refused)
                throw refused;
        }
        throw e;
    }
    log.info(`Workspace "${wanted.name}" created (id ${id}).`);
    record.workspace = { id, name: wanted.name, created: true };
    record.created.push({ kind: 'workspace', id, name: wanted.name });
    return id;
}
/**
 * The workspace is not in the user's list, yet the server refuses to create it: names are unique across the platform,
 * so it exists and this user is not a member (409; INFERRED §3), or the user may not create it (403). Said as such,
 * not as a conflict with the pipeline's state.
 */
function notAMember(ctx, name, e) {
    const server = e.detail.replace(/[.\s]+$/, '');
    const fix = `ask one of its members or an admin to add this user (workspaces/add_user), or choose another '${Inputs.Workspace}'`;
    if (e.code === 'CONFLICT') {
        return new WorkspaceNotMember(`workspace "${name}" exists, but this user is not a member of it, so it is not in the user's workspace list and cannot be created again (${server}); ${fix}`);
    }
    if (e.code === 'FORBIDDEN') {
        return new WorkspaceNotMember(`workspace "${name}" is not in this user's workspace list, and the server refused to create it (${server}): it exists and this user is not a member, or the user may not create workspaces; ${fix}`);
    }
    return undefined;
}
/** The workspace exists, but the user is not a member: an input to change (or a membership to ask for), nothing was changed. */
class WorkspaceNotMember extends InputMismatch {
}
function pick(workspaces, name) {
    const same = workspaces.filter((w) => w.name === name);
    return same.find((w) => !w.archived) ?? same[0];
}
function describe(workspaces) {
    if (workspaces.length === 0)
        return 'none';
    const names = workspaces.slice(0, 8).map((w) => `"${w.name}" (${w.id})`);
    return names.join(', ') + (workspaces.length > 8 ? `, … ${workspaces.length - 8} more` : '');
}

;// CONCATENATED MODULE: ./src/action/steps/diagnose.ts

function reasonText(reason) {
    if (reason === null || reason === undefined)
        return '';
    return Array.isArray(reason) ? reason.join('; ') : reason;
}
function podLine(kind, pod) {
    const reason = reasonText(pod.reason);
    const details = (pod.details ?? []).filter((d, i, all) => all.indexOf(d) === i);
    const parts = [`${kind} ${pod.name}: ${pod.status}`];
    if (reason)
        parts.push(`reason: ${reason}`);
    if (details.length > 0)
        parts.push(`details: ${details.join('; ')}`);
    return parts.join(', ');
}
/** One line per engine, load balancer, sidekick and model, each with status and reason. */
function describeDeployment(status) {
    if (!status)
        return ['no deployment status (the server answered 404: not deployed yet, or already undeployed)'];
    const lines = [];
    lines.push(`deployment: ${status.status}${status.details && status.details.length > 0 ? ` (${status.details.join(', ')})` : ''}`);
    for (const e of status.engines ?? []) {
        lines.push(podLine('engine', e));
        for (const m of e.model_statuses?.models ?? []) {
            const id = m.model_version_id !== undefined ? ` (version id ${m.model_version_id})` : '';
            lines.push(`  model ${m.name} ${m.version}${id}: ${m.status}`);
        }
    }
    for (const lb of status.engine_lbs ?? [])
        lines.push(podLine('engine-lb', lb));
    for (const s of status.sidekicks ?? [])
        lines.push(podLine('sidekick', s));
    if ((status.engines ?? []).length === 0)
        lines.push('no engine pods reported yet');
    return lines;
}
/** Every reason text in a status, lower-cased, for matching scheduler messages. */
function allReasons(status) {
    const pods = [...(status.engines ?? []), ...(status.engine_lbs ?? []), ...(status.sidekicks ?? [])];
    return pods
        .map((p) => `${reasonText(p.reason)} ${(p.details ?? []).join(' ')}`)
        .join(' ')
        .toLowerCase();
}
/** Kubernetes' words for a pod that cannot be placed on any node. */
const UNSCHEDULABLE = /nodes are available|insufficient |didn't match|node affinity|untolerated taint|unschedulable|imagepullbackoff|errimagepull/i;
/** The reason an engine is Pending because it cannot be scheduled (or its image pulled), if one is. */
function schedulingReason(status) {
    for (const e of status?.engines ?? []) {
        if (e.status !== 'Pending')
            continue;
        const text = [reasonText(e.reason), ...(e.details ?? [])].join('; ');
        if (UNSCHEDULABLE.test(text))
            return text;
    }
    return undefined;
}
/** Which input to change, judged from Kubernetes' scheduling reasons; undefined when nothing in them points anywhere. */
function fixFromReasons(status) {
    if (!status)
        return undefined;
    const reasons = allReasons(status);
    if (reasons.includes('insufficient nvidia.com/gpu')) {
        return `No node has a free GPU: check '${Inputs.DeploymentLabel}' names your GPU nodepool's label, or lower '${Inputs.Gpus}'.`;
    }
    const cpu = reasons.includes('insufficient cpu');
    const mem = reasons.includes('insufficient memory');
    if (cpu || mem) {
        const which = [cpu ? `'${Inputs.Cpus}'` : '', mem ? `'${Inputs.Memory}'` : ''].filter(Boolean).join(' and ');
        return `The cluster lacks free ${cpu && mem ? 'CPU and memory' : cpu ? 'CPU' : 'memory'}: lower ${which} (or '${Inputs.Replicas}'), or ask your Wallaroo administrator for capacity.`;
    }
    if (/imagepullbackoff|errimagepull/.test(reasons)) {
        return 'An engine image cannot be pulled; ask your Wallaroo administrator to check the registry access of the cluster.';
    }
    if (/didn't match .*node selector|node affinity/.test(reasons)) {
        return `No node matches '${Inputs.DeploymentLabel}'; check the label of your nodepool.`;
    }
    return undefined;
}
/** Which input to change, judged from Kubernetes' scheduling reasons; `timeout` when nothing points elsewhere. */
function suggestFix(status, timeoutText) {
    return fixFromReasons(status) ?? `If the deployment is just slow (containerized models can take minutes), raise '${Inputs.Timeout}' (now ${timeoutText}).`;
}

;// CONCATENATED MODULE: ./src/action/steps/wait.ts
/**
 * Polling until something is ready: a deadline from the start, polls backing off from a first interval
 * to a cap with jitter, one log line per change and a heartbeat while nothing changes (house style §5).
 */





/** The deadline passed; carries the last value seen so the caller can explain why. */
class WaitTimeoutError extends Error {
    lastValue;
    lastLabel;
    elapsedMs;
    polls;
    lastError;
    failedPolls;
    lastPollCut;
    constructor(lastValue, lastLabel, elapsedMs, polls, 
    /** The error of the last poll, when it failed (undefined when the last poll answered). */
    lastError, 
    /** How many polls in a row, up to the last, failed with a transient error. */
    failedPolls = 0, 
    /** The deadline cut the last poll after polls that failed: lastError is their failure, not the cut (else the cut is lastError). */
    lastPollCut = false) {
        super(`still ${lastLabel} after ${formatDuration(elapsedMs)} (${polls} polls)`);
        this.lastValue = lastValue;
        this.lastLabel = lastLabel;
        this.elapsedMs = elapsedMs;
        this.polls = polls;
        this.lastError = lastError;
        this.failedPolls = failedPolls;
        this.lastPollCut = lastPollCut;
        this.name = 'WaitTimeoutError';
    }
}
/** classify() said the thing failed for good. */
class WaitFailedError extends Error {
    lastValue;
    elapsedMs;
    constructor(message, lastValue, elapsedMs) {
        super(message);
        this.lastValue = lastValue;
        this.elapsedMs = elapsedMs;
        this.name = 'WaitFailedError';
    }
}
/** Growth factor of the interval between polls. */
const BACKOFF = 1.5;
/** Jitter: each pause is the interval times a factor in [0.8, 1.2), then capped. */
const JITTER = 0.4;
/** The pause before poll number `poll` (0-based after the first) for a given random draw. */
function pollDelayMs(baseMs, maxMs, random) {
    return Math.min(maxMs, Math.round(baseMs * (1 - JITTER / 2 + JITTER * random)));
}
/** Polls until classify says done or failed, or the deadline passes (then WaitTimeoutError). */
async function waitForStatus(o) {
    const start = o.now();
    const heartbeatMs = o.heartbeatMs ?? 30_000;
    let base = Math.max(1, o.initialIntervalMs);
    let polls = 0;
    let lastLabel;
    let lastValue;
    let lastError;
    let failedPolls = 0;
    let lastLogAt = start;
    for (;;) {
        o.signal?.throwIfAborted();
        polls++;
        let label;
        try {
            const value = await o.fetch();
            lastValue = value;
            lastError = undefined;
            failedPolls = 0;
            const c = o.classify(value);
            if (c.state === 'done')
                return { value, elapsedMs: o.now() - start, polls };
            if (c.state === 'failed')
                throw new WaitFailedError(c.message, value, o.now() - start);
            label = c.label;
        }
        catch (e) {
            // The poll itself was cut by the deadline: it is the last (failed) poll of a wait that timed out. When the polls
            // before it failed too, their answer (say a 503) tells the user more than the cut does.
            if (o.isDeadlineError?.(e)) {
                const earlier = lastError !== undefined;
                throw new WaitTimeoutError(lastValue, lastLabel ?? 'waiting', o.now() - start, polls, earlier ? lastError : e, failedPolls + 1, earlier);
            }
            if (e instanceof WaitFailedError || !o.isTransientError?.(e))
                throw e;
            lastError = e;
            failedPolls++;
            label = `unreachable (${messageOf(e)})`;
        }
        const t = o.now();
        const elapsed = t - start;
        if (label !== lastLabel) {
            o.onChange?.(label, elapsed);
            lastLabel = label;
            lastLogAt = t;
        }
        else if (t - lastLogAt >= heartbeatMs) {
            o.onHeartbeat?.(label, elapsed);
            lastLogAt = t;
        }
        if (elapsed >= o.timeoutMs)
            throw new WaitTimeoutError(lastValue, label, elapsed, polls, lastError, failedPolls);
        const delay = Math.min(pollDelayMs(base, o.maxIntervalMs, o.random()), o.timeoutMs - elapsed);
        await o.sleep(delay, o.signal);
        // A pause that ran to the deadline ends the wait here: a poll now could only outlast it.
        if (o.now() - start >= o.timeoutMs)
            throw new WaitTimeoutError(lastValue, label, o.now() - start, polls, lastError, failedPolls);
        const cap = o.steady && o.now() - start < o.steady.untilMs ? Math.min(o.steady.intervalMs, o.maxIntervalMs) : o.maxIntervalMs;
        base = Math.min(cap, base * BACKOFF);
    }
}
/** Errors the wait loops ride out: the client already retried them, but the deadline has the last word. */
function isTransientApiError(e) {
    return e instanceof WallarooApiError && ['NETWORK', 'TIMEOUT', 'UNAVAILABLE', 'SERVER_ERROR', 'RATE_LIMITED'].includes(e.code);
}
/**
 * waitForStatus with this run's settings: what is left of the `timeout` deadline (for the run's own work, or for
 * cleaning up after a failure, which may use the reserve), pauses growing from `poll-interval` to a steady
 * STEADY_POLL_INTERVAL_MS for the first STEADY_POLL_WINDOW_MS, then to 15 s (each at least poll-interval),
 * transient API errors ridden out, and log lines about `subject`.
 */
function pollForRun(ctx, subject, poll, use = 'main') {
    const { clock, log, settings } = ctx;
    const { firstPauseMs, ...rest } = poll;
    return waitForStatus({
        ...clock,
        ...rest,
        timeoutMs: budgetMs(ctx, use),
        initialIntervalMs: firstPauseMs ?? settings.pollIntervalMs,
        maxIntervalMs: Math.max(MAX_POLL_INTERVAL_MS, settings.pollIntervalMs),
        steady: { intervalMs: Math.max(STEADY_POLL_INTERVAL_MS, settings.pollIntervalMs), untilMs: STEADY_POLL_WINDOW_MS },
        isTransientError: isTransientApiError,
        isDeadlineError: (e) => e instanceof WallarooApiError && e.code === 'DEADLINE',
        onChange: (label, ms) => log.info(`${subject}: ${label} (${formatDuration(ms)})`),
        onHeartbeat: (label, ms) => log.info(`${subject}: still ${label} after ${formatDuration(ms)}`)
    });
}
/** Deployment status (§8.3): Running is done; 404, Starting, Deployed and even Error are pending until the deadline (a transient Error is normal). */
function classifyDeployment(status) {
    if (status === null)
        return { state: 'pending', label: 'not found yet (404)' };
    if (status.status === 'Running')
        return { state: 'done' };
    const details = status.details && status.details.length > 0 ? ` (${status.details.join(', ')})` : '';
    return { state: 'pending', label: `${status.status}${details}` };
}
/**
 * Why a conversion failed, in words: the server's error_summary (2025+), or, where the server gives none (servers
 * before 2025 report only `status: "error"`, §6.2), where the reason can be read.
 */
function conversionFailure(mv) {
    if (mv.error_summary && mv.error_summary !== 'null')
        return mv.error_summary;
    const framework = mv.conversion?.framework ? ` ${mv.conversion.framework}` : '';
    return (`the server gives no error_summary (Wallaroo before 2025 reports only status "error"); read the reason in the Wallaroo UI ` +
        `(the model version's details in its workspace) or in the logs of the model conversion on the cluster, and check that the file is a valid${framework} model`);
}
/** Model conversion (§6.2): `ready` is done, `error` fails with the server's error_summary (or where to look), the rest is pending. */
function classifyConversion(v) {
    const mv = v.model_version.model_version;
    if (mv.status === 'ready')
        return { state: 'done' };
    if (mv.status === 'error')
        return { state: 'failed', message: `model "${mv.name}" version ${mv.id} failed conversion: ${conversionFailure(mv)}` };
    return { state: 'pending', label: mv.status };
}

;// CONCATENATED MODULE: ./src/action/steps/deploy-models.ts
/**
 * Which fields the action fills. INFERRED, each from a recording:
 * - `models`: what the 2023 recordings send (servers of that time need it); a server that derives the models from the
 *   steps finds the same ones here.
 * - `model_ids`: what the 2026 REST tutorial sends (the version ids an upload answers); sent only when the id of every
 *   model is known, so it never names fewer models than `models`.
 * - `model_configs`: no recording sends it, and configs exist right after upload on every release (§12): not sent.
 */
const DEPLOY_MODEL_FIELDS = { models: true, modelIds: true, modelConfigs: false };
/** The key of a model in `versionIds`. */
function modelKey(m) {
    return `${m.name}@${m.version}`;
}
/**
 * The model fields of a deploy body for the models of a pipeline version (in step order, each once), given the numeric
 * version ids known for some of them (by modelKey).
 */
function deployModelFields(refs, versionIds = new Map()) {
    if (refs.length === 0)
        return {};
    const ids = refs.map((m) => versionIds.get(modelKey(m)));
    const allKnown = ids.every((id) => id !== undefined);
    return {
        ...(DEPLOY_MODEL_FIELDS.models ? { models: refs } : {}),
        ...(DEPLOY_MODEL_FIELDS.modelIds && allKnown ? { model_ids: ids } : {})
    };
}

;// CONCATENATED MODULE: ./src/action/steps/deploy.ts
/**
 * Deployment (§8): pipelines/deploy with the nested engine_config, then waiting for Running through 404s and
 * transient Errors; an Error (or an unschedulable engine) that lasts `error-grace` fails at once.
 */











/** The deployment name the status endpoint takes: `{deploy_id}-{deployment id}` (§4). */
function deploymentName(pipeline, deploymentId) {
    return `${pipeline}-${deploymentId}`;
}
/**
 * The pipelines/deploy body for a version; the models it names are chosen in deploy-models.ts (§8.1).
 * `pipeline_version` (the UUID) goes along when known; a version whose numeric id is not known is deployed by its
 * UUID alone (INFERRED from the generated client, where only deploy_id is required).
 */
function deployBody(t, engineConfig) {
    // Without the definition (a version known only from a status), the models the status showed stand in.
    const models = t.definition ? modelRefsOf(t.definition) : (t.models ?? []);
    return {
        deploy_id: t.pipeline,
        ...(t.versionId !== undefined ? { pipeline_version_pk_id: t.versionId } : {}),
        ...(t.versionId === undefined && t.version ? { pipeline_version: t.version } : {}),
        ...(t.pipelineId !== undefined ? { pipeline_id: t.pipelineId } : {}),
        ...deployModelFields(models, t.modelVersionIds),
        ...(engineConfig ? { engine_config: engineConfig } : {})
    };
}
/** Sends pipelines/deploy; returns the deployment id (stable per pipeline across redeploys, §11.4). */
async function deployVersion(ctx, t) {
    const { api, log, record, settings } = ctx;
    const base = t.engineConfig ?? settings.engineConfig;
    const engineConfig = { ...base, workspace_id: base.workspace_id ?? t.workspaceId };
    // Unknown on servers without list_pipelines: then the deployment is not claimed as created by this run,
    // so a later teardown cannot undeploy something that was running before.
    const { wasDeployed } = t;
    // Saved before sending: if the step is killed while the request is out, the post step still knows to look.
    record.deployment = { ...record.deployment, requested: true, ...(wasDeployed !== undefined ? { wasDeployed } : {}) };
    ctx.checkpoint();
    const { id } = await api.deployPipeline(deployBody(t, engineConfig));
    const name = deploymentName(t.pipeline, id);
    log.info(`Deployment ${name} (id ${id}) requested for pipeline version ${t.versionId}${wasDeployed ? ' (it was already deployed: the engines are updated in place)' : ''}.`);
    record.deployment = { ...record.deployment, id, name };
    if (wasDeployed === false)
        record.created.push({ kind: 'deployment', id, name });
    ctx.checkpoint();
    return { id, name };
}
/** A failed poll in words: the server's answer (or the network error) and what to do about it. */
function describePollError(ctx, e) {
    if (!(e instanceof WallarooApiError))
        return messageOf(e);
    const detail = e.detail.replace(/[.\s]+$/, '');
    const hint = hintFor(e, ctx.settings) ?? e.advice;
    return hint ? `${detail}. ${hint}` : detail;
}
/** Whether a status is in trouble that `error-grace` bounds: Error, or an engine Pending for a scheduling reason. */
function troubleOf(s) {
    if (!s)
        return undefined;
    if (s.status === 'Error')
        return 'Error';
    const reason = schedulingReason(s);
    return reason ? `an engine Pending (${reason})` : undefined;
}
/**
 * Polls status/get_deployment until Running. Ends early when the deployment stays in Error (or unschedulable) for
 * `error-grace`; at the deadline explains every engine, model and the input to change.
 */
async function waitForRunning(ctx, name, opts = {}) {
    const { api, clock, log, record, settings } = ctx;
    const graceText = formatDuration(settings.errorGraceMs);
    const start = clock.now();
    const budget = budgetMs(ctx, opts.use ?? 'main');
    let sawError = false;
    let troubleSince;
    // Each distinct Error report is logged once, so a persistent Error does not repeat every poll.
    const reportedErrors = new Set();
    const reportError = (s, trouble) => {
        const lines = describeDeployment(s);
        const key = lines.join('\n');
        if (reportedErrors.has(key))
            return;
        reportedErrors.add(key);
        const fix = fixFromReasons(s);
        // Warn now rather than at the deadline: a real scheduling problem would otherwise stay silent.
        // Whichever ends the wait first: the deadline, or the grace for this state.
        const until = settings.errorGraceMs < budget
            ? `for up to '${Inputs.ErrorGrace}' (${graceText}) in this state`
            : `until '${Inputs.Timeout}' (${formatDuration(settings.timeoutMs)}) runs out`;
        log.warning(`Deployment ${name} reports ${trouble} after ${formatDuration(clock.now() - start)}; Wallaroo can report a transient Error while starting, ` +
            `so the action keeps waiting ${until}.\n${lines.map((l) => `  ${l}`).join('\n')}` +
            (fix ? `\nIf it persists: ${fix}` : ''));
    };
    try {
        const { value, elapsedMs } = await pollForRun(ctx, `Deployment ${name}`, {
            fetch: () => api.getDeployment(name),
            classify: (s) => {
                // Kept current, so a cancelled run still reports the last status it saw.
                if (record.deployment)
                    record.deployment.status = statusOutput(s);
                const trouble = troubleOf(s);
                if (!trouble || !s) {
                    troubleSince = undefined;
                    return classifyDeployment(s);
                }
                if (s.status === 'Error')
                    sawError = true;
                troubleSince ??= clock.now();
                reportError(s, trouble);
                const lasted = clock.now() - troubleSince;
                if (lasted >= settings.errorGraceMs) {
                    return {
                        state: 'failed',
                        message: `deployment ${name} stayed in ${trouble} for ${formatDuration(lasted)} ('${Inputs.ErrorGrace}' is ${graceText})`
                    };
                }
                return classifyDeployment(s);
            }
        }, opts.use ?? 'main');
        const status = value;
        if (record.deployment)
            record.deployment.status = statusOutput(status);
        log.info(`Deployment ${name} is Running after ${formatDuration(elapsedMs)}.`);
        return status;
    }
    catch (e) {
        if (e instanceof WaitFailedError)
            throw persistentErrorFailure(ctx, e);
        if (!(e instanceof WaitTimeoutError))
            throw e;
        throw timeoutFailure(ctx, name, e, sawError, budget);
    }
}
/** The deployment stayed in Error past `error-grace`: its reasons and the input to change, without waiting out `timeout`. */
function persistentErrorFailure(ctx, e) {
    const status = e.lastValue;
    if (ctx.record.deployment)
        ctx.record.deployment.status = statusOutput(status);
    const lines = describeDeployment(status).map((l) => `  ${l}`);
    const fix = fixFromReasons(status) ?? `Check the reasons above; if the deployment only needs longer to recover, raise '${Inputs.ErrorGrace}'.`;
    return new ActionFailure(`${e.message}:\n${lines.join('\n')}\n${fix}`, 'deploy-failed');
}
/** The wait's limit in words: the time it had, and how `timeout` was shared out. */
function budgetText(ctx, budgetMs) {
    const timeoutText = formatDuration(ctx.settings.timeoutMs);
    return ctx.deadline.reserveMs > 0
        ? `${formatDuration(budgetMs)} (the deploy's share of '${Inputs.Timeout}' ${timeoutText}; ${formatDuration(ctx.deadline.reserveMs)} is kept for '${Inputs.OnFailure}')`
        : `${formatDuration(budgetMs)} ('${Inputs.Timeout}' is ${timeoutText} for the whole step)`;
}
/** Why the deadline passed: the last status with its engines and the input to change, or the failing status calls. */
function timeoutFailure(ctx, name, e, sawError, budget) {
    const timeoutText = formatDuration(ctx.settings.timeoutMs);
    const last = e.lastValue;
    if (ctx.record.deployment)
        ctx.record.deployment.status = statusOutput(last);
    const head = `deployment ${name} did not reach Running within ${budgetText(ctx, budget)}`;
    const pollFailure = e.lastError === undefined ? undefined : describePollError(ctx, e.lastError);
    if (last === undefined && pollFailure !== undefined) {
        // Not one status was read: nothing is known about the deployment, and a longer timeout would not help.
        const cut = e.lastPollCut ? ', the last still out when the deadline came' : '';
        return new ActionFailure(`${head}: no status call succeeded (${e.polls} poll${e.polls === 1 ? '' : 's'}${cut}); the last one ${e.lastPollCut ? 'to answer ' : ''}failed: ${pollFailure}`, 'deploy-timeout');
    }
    const lastLabel = last === undefined ? e.lastLabel : labelOf(last);
    const transientNote = sawError && last?.status !== 'Error' ? ' (an Error status was seen on the way)' : '';
    const failedNote = pollFailure === undefined
        ? ''
        : ` Then the last ${e.failedPolls === 1 ? 'poll' : `${e.failedPolls} polls`} failed${e.lastPollCut ? ' (the last was still out when the deadline came); the one before it answered' : ''}: ${pollFailure.replace(/([^.])$/, '$1.')}`;
    const lines = describeDeployment(last).map((l) => `  ${l}`);
    return new ActionFailure(`${head}: last status ${lastLabel} after ${e.polls} polls${transientNote}.${failedNote}\n${lines.join('\n')}\n${suggestFix(last, timeoutText)}`, 'deploy-timeout');
}
/** The label a status was logged with. */
function labelOf(status) {
    const c = classifyDeployment(status);
    return c.state === 'pending' ? c.label : (status?.status ?? 'unknown');
}

;// CONCATENATED MODULE: ./src/action/steps/deployment-url.ts
/**
 * Finding a pipeline's deployment without pipelines/list_pipelines (servers before 2025): the external inference URL
 * (admin/get_pipeline_external_url, §9.1) is `…/pipelines/infer/<pipeline>-<deployment id>/<pipeline>`, so it names
 * the deployment once the pipeline has been deployed, even after an undeploy. Only when the server gives no URL that
 * names it does an operation need the `deployment-id` input.
 */


/** The deployment name inside an inference URL (`…/pipelines/infer/<pipeline>-<id>/<pipeline>`, §9.1), if it has that form. */
function deploymentInUrl(url, pipeline) {
    const escaped = pipeline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = url.match(new RegExp(`/pipelines/infer/(${escaped}-(\\d+))(?:/|$)`));
    return m ? { id: Number(m[2]), name: deploymentName(pipeline, Number(m[2])) } : undefined;
}
/** Reads the pipeline's inference URL and the deployment it names; a 404 means the pipeline was never deployed (or does not exist). */
async function deploymentFromUrl(ctx, workspaceId, pipeline) {
    let url;
    try {
        url = await ctx.api.getExternalUrl(workspaceId, pipeline);
    }
    catch (e) {
        if (e instanceof WallarooApiError && e.code === 'NOT_FOUND')
            return { kind: 'none', detail: e.detail.replace(/[.\s]+$/, '') };
        throw e;
    }
    const named = deploymentInUrl(url, pipeline);
    if (!named) {
        ctx.log.debug(`the inference URL ${url} does not name the deployment of "${pipeline}"`);
        return { kind: 'unnamed', url };
    }
    ctx.log.info(`Pipeline "${pipeline}": its inference URL names deployment ${named.name} (this server has no pipelines/list_pipelines to look it up).`);
    return { kind: 'named', ...named, url };
}

;// CONCATENATED MODULE: ./src/action/steps/who-answered.ts
/**
 * Proof that this run's pipeline version answered the smoke inference: the answer's `metadata.pipeline_version`
 * (2024+ servers) must be the version this run deployed and `metadata.last_model` this run's last model; where the
 * server leaves pipeline_version empty (2023), the last model's name and sha decide. Another deploy of the same
 * pipeline in between would otherwise pass its answers off as this run's.
 */




/** Another run replaced this run's version: the failure policy must not act (what serves now is the other run's). */
class ReplacedByAnotherRun extends ActionFailure {
    constructor(message) {
        super(message, 'deploy-failed');
        this.name = 'ReplacedByAnotherRun';
    }
}
/**
 * The models that may answer last, i.e. name `metadata.last_model`: the last step that runs models decides. One model
 * of a ModelInference step; the champion (first model) of a shadow deploy (several models, then AuditResults/MultiOut,
 * whose reply is the champion's); any weighted model of a RandomSplit. Empty when that cannot be told (a step with
 * several models that is not a shadow deploy).
 */
function lastModelsOf(definition) {
    const steps = definition.steps ?? [];
    for (let i = steps.length - 1; i >= 0; i--) {
        const models = stepModels(steps[i]);
        if (models.length === 0)
            continue;
        if (steps[i].RandomSplit) {
            const weights = steps[i].RandomSplit.weights;
            return weights.filter((w) => w.weight > 0).map((w) => w.model);
        }
        if (models.length === 1)
            return models;
        const shadow = i < steps.length - 1 && steps.slice(i + 1).every((s) => 'AuditResults' in s || 'MultiOut' in s);
        return shadow ? [models[0]] : [];
    }
    return [];
}
/** How to stop two runs deploying one pipeline at once, for messages. */
function concurrencyAdvice(pipeline) {
    return (`Let one deploy of a pipeline run at a time: give the job (or workflow) a concurrency group without cancelling the run in progress, e.g.\n` +
        `  concurrency:\n    group: wallaroo-${pipeline}\n    cancel-in-progress: false`);
}
/** Checks the answer records against this run's version and last model; records how it was verified. */
function checkWhoAnswered(ctx, records, ours) {
    const { record, log } = ctx;
    const origins = records.map(answerOrigin);
    const versions = [...new Set(origins.map((o) => o.pipelineVersion).filter((v) => v !== undefined))];
    const replaced = (what) => {
        throw new ReplacedByAnotherRun(`the smoke inference was answered by ${what}, not by this run's deployment: another deploy of pipeline "${ours.pipeline}" replaced it while this run was checking it. ` +
            `This run's answers could not be checked, and nothing was rolled back or undeployed (what serves now belongs to the other run). ${concurrencyAdvice(ours.pipeline)}`);
    };
    if (versions.length > 0 && ours.version) {
        const foreign = versions.find((v) => v !== ours.version);
        if (foreign)
            replaced(`pipeline version ${foreign} (this run deployed ${ours.version})`);
        record.answeredBy = { verified: 'pipeline-version', detail: `answered by pipeline version ${ours.version}` };
        return;
    }
    const models = origins.map((o) => o.lastModel).filter((m) => m !== undefined);
    const candidates = ours.lastModels ?? [];
    if (models.length > 0 && candidates.length > 0) {
        const matches = (m, want) => (m.name === undefined || m.name === want.name) && (m.sha === undefined || want.sha === undefined || m.sha === want.sha);
        const foreign = models.find((m) => !candidates.some((want) => matches(m, want)));
        const ourNames = candidates.map((w) => `"${w.name}", sha ${w.sha?.slice(0, 12)}…`).join(' or ');
        if (foreign)
            replaced(`model "${foreign.name ?? '?'}" (sha ${foreign.sha?.slice(0, 12) ?? '?'}…; this run's last model is ${ourNames})`);
        const answered = candidates.find((want) => matches(models[0], want)) ?? candidates[0];
        record.answeredBy = {
            verified: 'last-model',
            detail: `answered by model "${answered.name}" (sha ${answered.sha?.slice(0, 12)}…); this server does not report the pipeline version`
        };
        return;
    }
    const why = records.length === 0
        ? 'the answer has no records'
        : `the answer carries no metadata naming the pipeline version or last model (add 'metadata' to the dataset, or check '${Inputs.Pipeline}')`;
    record.answeredBy = { verified: 'no', detail: why };
    log.info(`Who answered the smoke inference could not be verified: ${why}.`);
}

;// CONCATENATED MODULE: ./src/action/steps/live-version.ts







/** The pipeline version UUID a status reports for the pipeline (2024+ servers; undefined on 2023). */
function statusVersion(s, pipeline) {
    for (const e of s?.engines ?? []) {
        for (const p of e.pipeline_statuses?.pipelines ?? []) {
            if ((p.id === undefined || p.id === pipeline) && typeof p.version === 'string' && p.version !== '')
                return p.version;
        }
    }
    return undefined;
}
/** The models a status says the engines run (name, version, sha), without repeats. */
function statusModels(s) {
    const seen = new Map();
    for (const e of s?.engines ?? []) {
        for (const m of e.model_statuses?.models ?? [])
            seen.set(`${m.name}@${m.version}`, { name: m.name, version: m.version, sha: m.sha });
    }
    return [...seen.values()];
}
/** True when the status runs exactly the models of `definition` (by name and version). */
function runsModelsOf(s, definition) {
    if (!definition)
        return false;
    const want = new Set(modelRefsOf(definition).map((m) => `${m.name}@${m.version}`));
    const have = new Set(statusModels(s).map((m) => `${m.name}@${m.version}`));
    return want.size > 0 && want.size === have.size && [...want].every((k) => have.has(k));
}
/** Whether a status belongs to this run's version: by UUID where reported, else by the models it runs. */
function isOurs(s, t) {
    const v = statusVersion(s, t.pipeline);
    if (v !== undefined && t.version !== undefined)
        return v === t.version;
    return runsModelsOf(s, t.definition);
}
/** Waits while another run's rollout is Starting; returns the settled status (null when not deployed). */
async function settle(ctx, t, name, first) {
    const busy = (s) => s !== null && s.status === 'Starting' && !isOurs(s, t);
    if (!busy(first))
        return first;
    const label = (s) => {
        const v = statusVersion(s, t.pipeline);
        return `Starting a rollout of ${v ? `version ${v}` : 'other models'} (another run's)`;
    };
    ctx.log.warning(`Deployment ${name} is ${label(first)}: waiting for it to settle before deploying this run's version, so two rollouts never overlap. ${concurrencyAdvice(t.pipeline).split('\n')[0]}`);
    let polls = 0;
    try {
        const { value } = await pollForRun(ctx, `Concurrency guard: deployment ${name}`, {
            fetch: () => ctx.api.getDeployment(name),
            // The poll number makes every label new, so every poll is logged while the guard waits.
            classify: (s) => (busy(s) ? { state: 'pending', label: `${label(s)}, still waiting (poll ${++polls})` } : { state: 'done' })
        });
        return value;
    }
    catch (e) {
        if (!(e instanceof WaitTimeoutError))
            throw e;
        throw new ActionFailure(`another run's rollout of pipeline "${t.pipeline}" was still Starting after ${formatDuration(e.elapsedMs)}, so this run did not deploy over it (nothing was changed). ${concurrencyAdvice(t.pipeline)}\nOr raise '${Inputs.Timeout}'.`, 'deploy-failed');
    }
}
/** The concurrency guard, then the record of the version Running before this run (record.previous). */
async function guardAndRecordPrevious(ctx, t) {
    if (t.deploymentId === undefined || t.wasDeployed !== true)
        return;
    const name = deploymentName(t.pipeline, t.deploymentId);
    const status = await settle(ctx, t, name, await ctx.api.getDeployment(name));
    if (status?.status !== 'Running') {
        if (status)
            ctx.log.info(`Deployment ${name} is ${status.status} before this run deploys; there is no Running version to roll back to.`);
        return;
    }
    const version = statusVersion(status, t.pipeline);
    const cur = t.current;
    // The numeric id is known when the running version is the pipeline's current one (by UUID, or by its models on 2023 servers).
    const isCurrent = cur !== undefined && (version !== undefined ? cur.version === version : runsModelsOf(status, cur.definition));
    const previous = {
        ...(isCurrent && cur?.versionId !== undefined ? { versionId: cur.versionId } : {}),
        ...(version ? { version } : isCurrent && cur?.version ? { version: cur.version } : {}),
        ...(isCurrent && cur?.definition ? { definition: cur.definition } : {}),
        ...(t.deployedEngineConfig ? { engineConfig: t.deployedEngineConfig } : {}),
        models: statusModels(status)
    };
    ctx.record.previous = previous;
    if (previous.versionId === undefined && previous.version === undefined) {
        // 2023 servers without list_pipelines: the status names the models, not the pipeline version.
        const models = previous.models.map((m) => `"${m.name}"`).join(', ') || 'no models it names';
        ctx.log.info(`Before this run, deployment ${name} runs a pipeline version with ${models}, which the server does not identify (no list_pipelines, no version in its status), so '${Inputs.OnFailure}: rollback' could not go back to it: after a failure the deployment would be left as it is (outcome cleanup-failed).`);
        ctx.checkpoint();
        return;
    }
    const id = previous.versionId !== undefined ? `pipeline version ${previous.versionId}` : 'a pipeline version';
    ctx.log.info(`Before this run, deployment ${name} runs ${id}${previous.version ? ` (${previous.version})` : ''}: '${Inputs.OnFailure}: rollback' goes back to it.`);
    ctx.checkpoint();
}

;// CONCATENATED MODULE: ./src/action/steps/smoke.ts


/** The pipeline's external inference URL (§9.1); recorded for the outputs. */
async function inferenceUrl(ctx, workspaceId, pipeline) {
    const url = await ctx.api.getExternalUrl(workspaceId, pipeline);
    ctx.record.inferenceUrl = url;
    return url;
}
/** Makes Arrow row values JSON-safe: vectors and typed arrays become arrays, bigints numbers (or strings when too large). */
function toPlain(v) {
    if (typeof v === 'bigint')
        return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    if (v === null || v === undefined)
        return v ?? null;
    if (ArrayBuffer.isView(v))
        return Array.from(v, toPlain);
    if (Array.isArray(v))
        return v.map(toPlain);
    // A list cell of an Arrow table is a Vector.
    const loaded = arrowIfLoaded();
    if (loaded && v instanceof loaded.Vector)
        return Array.from(v, toPlain);
    if (typeof v === 'object') {
        const o = v;
        // Arrow rows (StructRow, MapRow) turn themselves into plain objects.
        if (typeof o.toJSON === 'function' && !(v instanceof Date))
            return toPlain(o.toJSON());
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
    }
    if (typeof v === 'number' && !Number.isFinite(v))
        return String(v);
    return v;
}
/** Decodes an inference answer (pandas-records JSON or an Arrow IPC file) into plain records. */
async function decodeAnswer(contentType, body) {
    const isArrow = /arrow/i.test(contentType) || Buffer.from(body.subarray(0, 6)).toString('latin1') === 'ARROW1';
    if (isArrow) {
        await loadParsers({ arrow: true });
        // The answer is checked like an input file: a damaged Arrow answer must fail, not hang the step.
        return readArrowFile(body)
            .toArray()
            .map((row) => toPlain(row));
    }
    const text = new TextDecoder().decode(body);
    if (text.trim() === '')
        return [];
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
}
/** Posts the smoke input and decodes the answer (recorded as the run's smoke outcome). */
async function runSmoke(ctx, url, input) {
    const outcome = await runSmokeRequest(ctx, url, input);
    ctx.record.smoke = outcome;
    return outcome;
}
/** Posts the smoke input and decodes the answer; a 4xx/5xx surfaces as the client's WallarooApiError with the engine's text. */
async function runSmokeRequest(ctx, url, input) {
    ctx.log.info(`Smoke inference: ${input.rows} row(s) from ${input.path} as ${input.format} to ${url}`);
    const answer = await postInput(ctx, url, input);
    const outcome = { latencyMs: Math.round(answer.latencyMs), inputRows: input.rows, records: answer.records, contentType: answer.contentType };
    ctx.log.info(`Smoke inference answered ${answer.records.length} record(s) in ${formatDuration(answer.latencyMs)}.`);
    return outcome;
}
/** Posts an input file in its own format to an inference URL and decodes the answer records (retrying a 503 while the engine warms up). */
async function postInput(ctx, url, input) {
    const result = await ctx.api.infer({ url, format: input.format, body: input.body, retryUnavailable: true });
    try {
        return { records: await decodeAnswer(result.contentType, result.body), latencyMs: result.latencyMs, contentType: result.contentType };
    }
    catch (e) {
        throw new Error(`the inference answer (${result.contentType || 'no content type'}, ${result.body.length} bytes) could not be decoded: ${e.message}`, { cause: e });
    }
}

;// CONCATENATED MODULE: ./src/action/steps/golden.ts
/**
 * The golden check: the smoke answers compared with `expected-output`, row by row and field by field (row count,
 * field names, shapes, values within `tolerance`; NaN equals NaN only when both are NaN). Pure: the caller
 * decides what a mismatch does.
 */



/** Mismatches kept for the message and the summary; the rest are counted. */
const MAX_MISMATCHES_SHOWN = 10;
/** A value that compares as a number: numbers, and the NaN/Infinity spellings JSON cannot hold (pandas writes NaN as null). */
function asNumber(v) {
    if (typeof v === 'number')
        return v;
    if (v === null || v === 'NaN' || v === 'nan')
        return Number.NaN;
    if (v === 'Infinity' || v === 'inf')
        return Number.POSITIVE_INFINITY;
    if (v === '-Infinity' || v === '-inf')
        return Number.NEGATIVE_INFINITY;
    return undefined;
}
/** The nested array shape of a value, e.g. [2,3]; [] for a scalar. */
function golden_shapeOf(v) {
    const shape = [];
    let cur = v;
    while (Array.isArray(cur)) {
        shape.push(cur.length);
        cur = cur[0];
    }
    return shape;
}
/** A value as the diff shows it: numbers to 10 significant digits, anything else as short JSON. */
function showValue(v) {
    if (typeof v === 'number')
        return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10)));
    if (v === undefined)
        return '(absent)';
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
/** Within tolerance, math.isclose style: |a - b| <= max(abs, rel * max(|a|, |b|)). */
function within(expected, got, tol) {
    if (Number.isNaN(expected) || Number.isNaN(got))
        return Number.isNaN(expected) && Number.isNaN(got);
    if (!Number.isFinite(expected) || !Number.isFinite(got))
        return expected === got;
    return Math.abs(got - expected) <= Math.max(tol.abs, tol.rel * Math.max(Math.abs(expected), Math.abs(got)));
}
/** Compares one row's value at `path`, adding mismatches; returns the numeric deviations seen. */
class Comparison {
    tol;
    mismatches = [];
    valuesCompared = 0;
    maxDeviation = null;
    maxDeviationAt;
    constructor(tol) {
        this.tol = tol;
    }
    add(m) {
        this.mismatches.push(m);
    }
    value(row, path, expected, got) {
        const e = asNumber(expected);
        const g = asNumber(got);
        if (e !== undefined && g !== undefined)
            return this.number(row, path, e, g);
        if (Array.isArray(expected) || Array.isArray(got)) {
            if (!Array.isArray(expected) || !Array.isArray(got) || expected.length !== got.length) {
                this.add({ row, field: path, kind: 'shape', expected: `shape [${golden_shapeOf(expected).join(',')}]`, got: `shape [${golden_shapeOf(got).join(',')}]` });
                return;
            }
            expected.forEach((item, i) => this.value(row, `${path}[${i}]`, item, got[i]));
            return;
        }
        if (isRecord(expected) && isRecord(got))
            return this.fields(row, expected, got, `${path}.`);
        this.valuesCompared++;
        if (typeof expected !== typeof got || isRecord(expected) !== isRecord(got)) {
            this.add({ row, field: path, kind: 'type', expected: showValue(expected), got: showValue(got) });
        }
        else if (JSON.stringify(expected) !== JSON.stringify(got)) {
            this.add({ row, field: path, kind: 'value', expected: showValue(expected), got: showValue(got) });
        }
    }
    number(row, path, e, g) {
        this.valuesCompared++;
        const deviation = Math.abs(g - e);
        if (Number.isFinite(deviation) && (this.maxDeviation === null || deviation > this.maxDeviation)) {
            this.maxDeviation = deviation;
            this.maxDeviationAt = `row ${row + 1} ${path}`;
        }
        if (!within(e, g, this.tol)) {
            this.add({ row, field: path, kind: 'value', expected: showValue(e), got: showValue(g), ...(Number.isNaN(deviation) ? {} : { deviation }) });
        }
    }
    /** Field names first (missing, extra), then each shared field's value. */
    fields(row, expected, got, prefix = '') {
        for (const [name, value] of Object.entries(expected)) {
            if (!(name in got))
                this.add({ row, field: `${prefix}${name}`, kind: 'missing-field', expected: showValue(value), got: '(absent)' });
            else
                this.value(row, `${prefix}${name}`, value, got[name]);
        }
        for (const name of Object.keys(got)) {
            if (!(name in expected))
                this.add({ row, field: `${prefix}${name}`, kind: 'extra-field', expected: '(absent)', got: showValue(got[name]) });
        }
    }
}
/** Compares the answer records with the golden rows. */
function compareAnswers(expected, records, tol) {
    const c = new Comparison(tol);
    if (records.length !== expected.rows.length) {
        c.add({ row: -1, field: '', kind: 'row-count', expected: `${expected.rows.length} row(s)`, got: `${records.length} row(s)` });
    }
    const rows = Math.min(records.length, expected.rows.length);
    for (let i = 0; i < rows; i++)
        c.fields(i, expected.rows[i], outFields(records[i]) ?? {});
    return {
        passed: c.mismatches.length === 0,
        rowsExpected: expected.rows.length,
        rowsGot: records.length,
        valuesCompared: c.valuesCompared,
        maxDeviation: c.maxDeviation,
        ...(c.maxDeviationAt ? { maxDeviationAt: c.maxDeviationAt } : {}),
        mismatches: c.mismatches.slice(0, MAX_MISMATCHES_SHOWN),
        totalMismatches: c.mismatches.length,
        tolerance: tol,
        expectedPath: expected.path
    };
}
/** A deviation for messages: 3 significant digits in exponent form. */
function showDeviation(d) {
    return d === undefined || d === null ? '' : d === 0 ? '0' : d.toExponential(2);
}
/** One diff line, e.g. `row 7 dense_1[0]: expected 0.99300325, got 0.9618 (off by 3.12e-2)`. */
function mismatchLine(m) {
    if (m.kind === 'row-count')
        return `row count: expected ${m.expected}, got ${m.got}`;
    const what = m.kind === 'missing-field'
        ? ' (field missing from the answer)'
        : m.kind === 'extra-field'
            ? ' (field not in the goldens)'
            : m.kind === 'shape'
                ? ' (shapes differ)'
                : '';
    const off = m.deviation !== undefined ? ` (off by ${showDeviation(m.deviation)})` : '';
    return `row ${m.row + 1} ${m.field}: expected ${m.expected}, got ${m.got}${off}${what}`;
}
/** The failure text of a golden check that did not pass: counts, tolerance, the largest deviation and the diff. */
function goldenFailureText(g) {
    const lines = g.mismatches.map((m) => `  ${mismatchLine(m)}`);
    const more = g.totalMismatches > g.mismatches.length ? [`  … and ${g.totalMismatches - g.mismatches.length} more`] : [];
    const largest = g.maxDeviation !== null ? `; the largest deviation is ${showDeviation(g.maxDeviation)} at ${g.maxDeviationAt}` : '';
    return (`the answers differ from the goldens in ${g.expectedPath}: ${g.totalMismatches} mismatch(es) beyond tolerance ${formatTolerance(g.tolerance)} ` +
        `(${g.valuesCompared} value(s) compared${largest}):\n${[...lines, ...more].join('\n')}`);
}

;// CONCATENATED MODULE: ./src/action/steps/check-answers.ts
/**
 * What follows a smoke inference: proof that this run's version answered (deploy), the answers written for
 * `write-output`, and the golden check against `expected-output`.
 */









/** Writes the answers' output fields as pandas-records JSON, one record per line: exactly what `expected-output` reads. */
function writeAnswers(path, records) {
    const rows = records.map((r) => outFields(r) ?? {});
    (0,external_node_fs_namespaceObject.mkdirSync)((0,external_node_path_namespaceObject.dirname)(path), { recursive: true });
    (0,external_node_fs_namespaceObject.writeFileSync)(path, `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`);
}
/** Compares with the goldens and logs the verdict; does not throw. */
function goldenCheck(ctx, records) {
    const expected = ctx.settings.expectedOutput;
    if (!expected)
        return undefined;
    const result = compareAnswers(expected, records, ctx.settings.tolerance);
    const dev = result.maxDeviation === null ? '' : `; largest deviation ${showDeviation(result.maxDeviation)}`;
    if (result.passed)
        ctx.log.info(`Golden check passed: ${result.rowsGot} row(s), ${result.valuesCompared} value(s) within tolerance of ${expected.path}${dev}.`);
    return result;
}
/** Who answered, the written answers and the golden check; a mismatch throws (outcome smoke-failed). */
function checkAnswers(ctx, records, origin) {
    const { settings, record, log } = ctx;
    if (origin)
        checkWhoAnswered(ctx, records, origin);
    // Written before the verdict, so a failing run still leaves the answers to inspect (or to take as new goldens).
    if (settings.writeOutput) {
        writeAnswers(settings.writeOutput, records);
        log.info(`Wrote ${records.length} answer record(s) to ${settings.writeOutput} ('${Inputs.WriteOutput}'); use it as '${Inputs.ExpectedOutput}' to check later runs against these answers.`);
    }
    const golden = goldenCheck(ctx, records);
    if (!golden)
        return;
    record.golden = golden;
    if (!golden.passed)
        throw new ActionFailure(goldenFailureText(golden), 'smoke-failed');
}
/**
 * The smoke inference on `origin.pipeline` and the check of its answers (`check`, by default checkAnswers: who
 * answered, goldens, write-output), each in its own phase.
 */
async function smokeAndCheck(ctx, url, input, origin, check = (records, o) => checkAnswers(ctx, records, o)) {
    const smoke = await phase(ctx, 'smoke', `running the smoke inference on "${origin.pipeline}"`, () => runSmoke(ctx, url, input));
    await phase(ctx, 'check', `checking the smoke answers of "${origin.pipeline}"`, async () => check(smoke.records, origin));
}

;// CONCATENATED MODULE: ./src/action/steps/undeploy.ts





/** Undeploys and waits until the deployment is gone; `use` says whose share of the deadline the wait takes. */
async function undeployAndWait(ctx, t, use) {
    const { api, record, log, settings } = ctx;
    log.info(`Undeploying ${t.name} (deployment id ${t.deploymentId}).`);
    await api.undeployPipeline({ deployment_id: t.deploymentId, ...(t.pipelineId !== undefined ? { pipeline_id: t.pipelineId } : {}) });
    try {
        await pollForRun(ctx, `Deployment ${t.name}`, {
            fetch: () => api.getDeployment(t.name),
            classify: (s) => (s === null ? { state: 'done' } : { state: 'pending', label: s.status })
        }, use);
    }
    catch (e) {
        if (e instanceof WaitTimeoutError) {
            record.deployment = { ...record.deployment, status: statusOutput(e.lastValue) };
            throw new ActionFailure(`deployment ${t.name} still exists (${e.lastLabel}) after ${formatDuration(e.elapsedMs)}; raise '${Inputs.Timeout}' (now ${formatDuration(settings.timeoutMs)})`);
        }
        throw e;
    }
    record.deployment = { ...record.deployment, status: NOT_DEPLOYED };
    log.info(`Deployment ${t.name} is undeployed.`);
}

;// CONCATENATED MODULE: ./src/action/steps/failure-policy.ts
/**
 * `on-failure`: what happens to this run's deployment when its wait fails or times out, the smoke inference or the
 * golden check fails, or the run is cancelled (then the post step calls this). `rollback` redeploys the version that
 * was Running before (recorded before deploying) and checks it the same way; with nothing Running before, it
 * undeploys. `undeploy` takes the deployment down; `keep` leaves it as it is. Never throws: the result is recorded.
 */













/** The deployment this run made, found from the record or (if the deploy answer was lost) from list_pipelines. */
async function ourDeployment(ctx, t) {
    const d = ctx.record.deployment;
    if (d?.id !== undefined)
        return { id: d.id, name: d.name ?? deploymentName(t.pipeline, d.id) };
    if (t.deploymentId !== undefined)
        return { id: t.deploymentId, name: deploymentName(t.pipeline, t.deploymentId) };
    const found = await findPipeline(ctx.api, t.workspaceId, t.pipeline);
    const id = found.kind === 'found' ? found.item.deployment?.id : undefined;
    return id === undefined ? undefined : { id, name: deploymentName(t.pipeline, id) };
}
/**
 * Runs what follows a deploy request (wait, checks); when it fails, applies `on-failure` in this step and rethrows.
 * After a cancel the post step applies the policy instead: this step has only seconds left before it is killed.
 */
async function underFailurePolicy(ctx, t, work) {
    try {
        return await work();
    }
    catch (e) {
        if (ctx.record.cancelled)
            throw e;
        await phase(ctx, 'on-failure', `applying '${Inputs.OnFailure}: ${ctx.settings.onFailure}'`, () => applyFailurePolicy(ctx, t, e, 'main')).catch(() => undefined);
        throw e;
    }
}
/** Applies `on-failure` after `failure`; records (and logs) what it did. */
async function applyFailurePolicy(ctx, t, failure, where) {
    const policy = ctx.settings.onFailure;
    const done = (result, detail, extra = {}) => {
        const outcome = { action: policy, result, detail, where, ...extra };
        ctx.record.cleanup.push(outcome);
        (result === 'failed' ? ctx.log.warning : ctx.log.info)(`on-failure: ${policy}: ${detail}`);
        ctx.checkpoint();
        return outcome;
    };
    // From here requests may use the time kept back for this (the run's own share is spent or the run failed).
    ctx.deadline.cleaningUp = true;
    const cause = failure instanceof PhaseError ? failure.cause : failure;
    if (cause instanceof ReplacedByAnotherRun)
        return done('skipped', "not applied: another run replaced this deployment, and what serves now is that run's");
    if (policy === 'keep')
        return done('skipped', 'the deployment is left as it is; fix the cause or deploy again');
    try {
        const deployment = await ourDeployment(ctx, t);
        if (!deployment)
            return done('skipped', 'nothing was deployed, so there is nothing to undo');
        const status = await ctx.api.getDeployment(deployment.name);
        if (status === null) {
            ctx.record.deployment = { ...ctx.record.deployment, status: NOT_DEPLOYED };
            return done('skipped', `deployment ${deployment.name} is not deployed, so there is nothing to undo`);
        }
        // Another run may have deployed since this one failed: its version is not ours to roll back or undeploy.
        const serving = statusVersion(status, t.pipeline);
        const previous = ctx.record.previous;
        if (!isOurs(status, t)) {
            if (policy === 'rollback' && serving !== undefined && previous?.version === serving && status.status === 'Running') {
                return done('done', `deployment ${deployment.name} already runs the previous version ${serving} again`, {
                    rolledBackTo: { version: serving, versionId: previous.versionId }
                });
            }
            if (serving !== undefined)
                return done('skipped', `deployment ${deployment.name} now runs version ${serving}, not this run's: another run deployed it, so it is left as it is`);
        }
        if (policy === 'rollback' && previous)
            return await rollBack(ctx, t, deployment, done);
        await undeployAndWait(ctx, { deploymentId: deployment.id, name: deployment.name, pipelineId: t.pipelineId }, 'cleanup');
        const why = policy === 'rollback' ? 'nothing was Running before this run, so rolling back means undeploying: ' : '';
        return done('done', `${why}deployment ${deployment.name} is undeployed`);
    }
    catch (e) {
        return done('failed', `it failed, so this run's deployment may still be live: ${describeFailureBriefly(e, ctx.settings)}`);
    }
}
/** Redeploys the previous version, waits for Running and checks it with the smoke input (and the goldens, for the report). */
async function rollBack(ctx, t, deployment, done) {
    const { api, record, settings, clock, log } = ctx;
    const previous = record.previous;
    const label = previous.versionId !== undefined
        ? `pipeline version ${previous.versionId}${previous.version ? ` (${previous.version})` : ''}`
        : `pipeline version ${previous.version}`;
    if ((previous.versionId !== undefined && previous.versionId === t.versionId) || (previous.version !== undefined && previous.version === t.version)) {
        return done('skipped', `the version Running before this run is this run's own ${label} (the definition did not change), so there is nothing to roll back to; it is left as it is`);
    }
    if (previous.versionId === undefined && previous.version === undefined) {
        return done('failed', `the server did not say which pipeline version was Running before (it reports neither the version nor list_pipelines), so it cannot be redeployed; the failed deployment is left as it is`);
    }
    const started = clock.now();
    log.info(`Rolling back deployment ${deployment.name} to ${label}.`);
    await api.deployPipeline(deployBody({
        pipeline: t.pipeline,
        pipelineId: t.pipelineId,
        versionId: previous.versionId,
        version: previous.version,
        definition: previous.definition,
        models: previous.models
    }, previous.engineConfig));
    const status = await waitForRunning(ctx, deployment.name, { use: 'cleanup' });
    record.deployment = { ...record.deployment, status: statusOutput(status) };
    const rolledBackTo = {
        ...(previous.version ? { version: previous.version } : {}),
        ...(previous.versionId !== undefined ? { versionId: previous.versionId } : {})
    };
    let smoke;
    if (settings.smokeInput) {
        try {
            const url = record.inferenceUrl ?? (await inferenceUrl(ctx, t.workspaceId, t.pipeline));
            const answer = await runSmokeRequest(ctx, url, settings.smokeInput);
            const golden = goldenCheck(ctx, answer.records);
            smoke = {
                records: answer.records.length,
                latencyMs: answer.latencyMs,
                ...(golden ? { golden: { passed: golden.passed, maxDeviation: golden.maxDeviation } } : {})
            };
        }
        catch (e) {
            return done('failed', `${label} is Running again, but its smoke inference failed: ${messageOf(e)}`, { rolledBackTo });
        }
    }
    const check = smoke
        ? `; its smoke inference answered ${smoke.records} record(s)${smoke.golden ? ` (golden check ${smoke.golden.passed ? 'passed' : 'failed, as expected if the goldens were recorded for the new version'})` : ''}`
        : '';
    return done('done', `rolled back to ${label}: Running again after ${formatDuration(clock.now() - started)}${check}`, {
        rolledBackTo,
        ...(smoke ? { smoke } : {})
    });
}

;// CONCATENATED MODULE: ./src/action/operations/copy-pipeline.ts















/** Finds the source (by name or id) and a pipeline already named like the copy; refuses a copy that would clash. */
async function locateSource(ctx, workspaceId) {
    const { api, settings } = ctx;
    const source = required(settings.sourcePipeline, 'source-pipeline');
    const target = required(settings.newPipeline, 'new-pipeline');
    const items = await listPipelinesIn(api, workspaceId);
    if (items === undefined) {
        if (settings.sourcePipelineId !== undefined) {
            ctx.log.info(`This server has no pipelines/list_pipelines (older than 2025): copying pipeline id ${settings.sourcePipelineId} without checking whether "${target}" exists already.`);
            return { sourceId: settings.sourcePipelineId, listed: false };
        }
        throw new InputMismatch(`this Wallaroo server has no pipelines/list_pipelines (older than 2025), so '${Inputs.SourcePipeline}' "${source}" cannot be resolved to an id; give the pipeline's numeric id instead, e.g. the 'pipeline-id' output of the step that deployed it (source-pipeline: \${{ steps.deploy.outputs.pipeline-id }})`);
    }
    const from = settings.sourcePipelineId !== undefined ? items.find((i) => i.pipeline.id === settings.sourcePipelineId) : pickPipeline(items, workspaceId, source);
    if (!from)
        throw new InputMismatch(`no pipeline ${settings.sourcePipelineId !== undefined ? `with id ${source}` : `"${source}"`} in workspace ${workspaceId}; check '${Inputs.SourcePipeline}'`);
    const to = pickPipeline(items, workspaceId, target);
    if (to) {
        const wanted = settings.sourceVersion;
        // A named version other than the latest: its definition is not in the list, so the copy cannot be compared with it.
        if (wanted && from.pipeline_version?.version !== wanted) {
            throw new InputMismatch(`pipeline "${target}" already exists in workspace ${workspaceId} (id ${to.pipeline.id}), and whether it holds version ${wanted} of "${from.pipeline.pipeline_id}" cannot be told (only the latest version's definition can be read); choose another '${Inputs.NewPipeline}'`);
        }
        if (!sameCurrentDefinition(from, to)) {
            throw new InputMismatch(`pipeline "${target}" already exists in workspace ${workspaceId} (id ${to.pipeline.id}) with another definition than "${from.pipeline.pipeline_id}"; choose another '${Inputs.NewPipeline}'`);
        }
    }
    return { sourceId: from.pipeline.id, source: from, ...(to ? { existing: to } : {}), listed: true };
}
/** pipelines/copy; a 409 without list_pipelines means the name is taken, which the action could not check first. */
async function copy(ctx, workspaceId, plan) {
    const { api, settings } = ctx;
    const target = required(settings.newPipeline, 'new-pipeline');
    const engineConfig = { ...settings.engineConfig, workspace_id: settings.engineConfig.workspace_id ?? workspaceId };
    if (settings.deployCopy) {
        // Saved before sending: if the step is killed while the request is out, the post step still knows to look.
        ctx.record.deployment = { requested: true, wasDeployed: false };
        ctx.checkpoint();
    }
    const send = () => api.copyPipeline({
        name: target,
        workspace_id: workspaceId,
        source_pipeline: plan.sourceId,
        ...(settings.sourceVersion ? { pipeline_version: settings.sourceVersion } : {}),
        ...(settings.deployCopy ? { deploy: target, engine_config: engineConfig } : {})
    });
    try {
        // Never re-sent (a second copy would be made): a lost answer is looked up where the server lists pipelines.
        return plan.listed ? await createOrFind(`pipeline "${target}"`, ctx.log, send, () => findCopy(ctx, workspaceId, target)) : await send();
    }
    catch (e) {
        if (!plan.listed && e instanceof WallarooApiError && e.code === 'CONFLICT') {
            throw new InputMismatch(`the server refused the copy (${e.detail.replace(/[.\s]+$/, '')}): a pipeline "${target}" probably exists already, and this server has no pipelines/list_pipelines to check whether it holds the same definition; choose another '${Inputs.NewPipeline}'`);
        }
        throw e;
    }
}
/**
 * A copy whose answer was lost, read back from list_pipelines: the name was free when the run looked before
 * copying, so a pipeline of that name now is this copy.
 */
async function findCopy(ctx, workspaceId, target) {
    const item = await copyVersion(ctx, workspaceId, target);
    const versionId = versionPk(item);
    if (!item || versionId === undefined)
        return undefined;
    return {
        pipeline_pk_id: item.pipeline.id,
        pipeline_variant_pk_id: versionId,
        pipeline_version: item.pipeline_version?.version ?? null,
        deployment: item.deployment ?? null
    };
}
/** The copy's version UUID, which pipelines/copy answers as null: from list_pipelines, else (once deployed) from its status. */
async function copyVersion(ctx, workspaceId, target) {
    const items = await listPipelinesIn(ctx.api, workspaceId);
    return items && pickPipeline(items, workspaceId, target);
}
/** The `copy-pipeline` operation. */
async function runCopyPipeline(ctx) {
    const { record, log, settings } = ctx;
    const source = required(settings.sourcePipeline, 'source-pipeline');
    const target = required(settings.newPipeline, 'new-pipeline');
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx));
    const plan = await phase(ctx, 'locate', `finding pipeline "${source}"`, () => locateSource(ctx, workspaceId));
    let item = plan.existing;
    if (item) {
        log.info(`Pipeline "${target}" already exists with the definition of "${source}" (id ${item.pipeline.id}); not copied again.`);
        const versionId = versionPk(item);
        const version = item.pipeline_version?.version;
        record.pipeline = {
            name: target,
            id: item.pipeline.id,
            ...(versionId !== undefined ? { versionId } : {}),
            ...(version ? { version } : {}),
            created: false,
            versionReused: true
        };
    }
    else {
        const made = await phase(ctx, 'copy', `copying pipeline "${source}" to "${target}"${settings.deployCopy ? ' and deploying it' : ''}`, () => copy(ctx, workspaceId, plan));
        record.pipeline = {
            name: target,
            id: made.pipeline_pk_id,
            versionId: made.pipeline_variant_pk_id,
            ...(made.pipeline_version ? { version: made.pipeline_version } : {}),
            created: true,
            versionReused: false
        };
        record.created.push({ kind: 'pipeline', id: made.pipeline_pk_id, name: target });
        const deployment = made.deployment;
        if (typeof deployment?.id === 'number') {
            const name = deploymentName(target, deployment.id);
            record.deployment = { ...record.deployment, id: deployment.id, name };
            record.created.push({ kind: 'deployment', id: deployment.id, name });
        }
        ctx.checkpoint();
        log.info(`Pipeline "${source}" copied to "${target}" (id ${made.pipeline_pk_id}, version ${made.pipeline_variant_pk_id})${settings.deployCopy ? ', deploying it' : ''}.`);
        // pipelines/copy answers no version UUID (§7.3): read it (and the copy's definition) back where the server shows it.
        if (!made.pipeline_version)
            item = await copyVersion(ctx, workspaceId, target);
        if (item?.pipeline_version?.version)
            record.pipeline.version = item.pipeline_version.version;
    }
    if (record.pipeline.definition === undefined) {
        const definition = (item && currentDefinition(item)) ?? (plan.source && !settings.sourceVersion ? currentDefinition(plan.source) : undefined);
        if (definition)
            record.pipeline.definition = definition;
    }
    if (settings.deployCopy)
        await deployAndCheckCopy(ctx, workspaceId, target, plan.existing, item);
}
/** The copy's deployment: waited for, smoke-checked (answers, who answered, goldens) and, on failure, `on-failure` applied. */
async function deployAndCheckCopy(ctx, workspaceId, target, existing, item) {
    const { record, settings, log } = ctx;
    const p = record.pipeline;
    const t = {
        workspaceId,
        pipeline: target,
        pipelineId: p.id,
        versionId: p.versionId,
        ...(p.version ? { version: p.version } : {}),
        definition: p.definition ?? {},
        ...(existing ? { wasDeployed: existing.deployment?.deployed === true } : { wasDeployed: false }),
        ...(existing?.deployment?.id !== undefined ? { deploymentId: existing.deployment.id } : {})
    };
    await underFailurePolicy(ctx, t, async () => {
        // A copy that already existed: deploy its current version (unchanged when it already runs it, §8.1), after the
        // concurrency guard, which also records what runs now (so a failure does not take down what served before).
        if (existing) {
            await phase(ctx, 'guard', `checking the deployment of "${target}" before deploying`, () => guardAndRecordPrevious(ctx, t));
            await phase(ctx, 'deploy', `deploying pipeline "${target}"`, () => deployVersion(ctx, t));
        }
        const name = await phase(ctx, 'locate', `finding the deployment of "${target}"`, () => copyDeployment(ctx, workspaceId, target, item));
        const status = await phase(ctx, 'wait', `waiting for deployment ${name}`, () => waitForRunning(ctx, name));
        if (!record.pipeline?.version) {
            const v = statusVersion(status, target);
            if (v) {
                record.pipeline.version = v;
                t.version = v;
            }
        }
        const url = await phase(ctx, 'url', `getting the inference URL of "${target}"`, () => inferenceUrl(ctx, workspaceId, target));
        const input = settings.smokeInput;
        if (!input) {
            log.warning(`No '${Inputs.SmokeInput}' given: the copy is Running, but nothing checked that it answers. Give a small input file (and '${Inputs.ExpectedOutput}' for its golden answers).`);
            return;
        }
        // Without the copy's definition (no list_pipelines), any model its engines run may be the one that answered last.
        const lastModels = record.pipeline?.definition ? lastModelsOf(t.definition) : statusModels(status);
        await smokeAndCheck(ctx, url, input, { pipeline: target, version: record.pipeline?.version, lastModels });
    });
}
/**
 * The copy's deployment name: from the copy's answer (INFERRED `deployment.id`), else list_pipelines, else the inference
 * URL, which names it (§9.1).
 */
async function copyDeployment(ctx, workspaceId, target, item) {
    const { record } = ctx;
    let id = record.deployment?.id ?? item?.deployment?.id;
    if (id === undefined)
        id = (await copyVersion(ctx, workspaceId, target))?.deployment?.id;
    if (id === undefined) {
        const fromUrl = await deploymentFromUrl(ctx, workspaceId, target);
        if (fromUrl.kind === 'named')
            id = fromUrl.id;
    }
    if (id === undefined) {
        throw new ActionFailure(`the copy "${target}" was deployed, but the server names its deployment nowhere (not in the copy's answer, list_pipelines or its inference URL), so it cannot be checked; read its status with operation 'status' and '${Inputs.DeploymentId}'`);
    }
    const name = deploymentName(target, id);
    if (record.deployment?.id === undefined) {
        record.deployment = { ...record.deployment, id, name };
        if (!record.created.some((c) => c.kind === 'deployment'))
            record.created.push({ kind: 'deployment', id, name });
    }
    ctx.checkpoint();
    return name;
}

;// CONCATENATED MODULE: ./src/action/steps/model-reuse.ts
/**
 * What the server assumes for settings an upload leaves out. INFERRED: the server converts for its `default_arch`
 * (x86 on every recorded install, §1) and for no accelerator; python 3.8 and no requirements are the SDK's defaults
 * (§6.1), which the action also sends. Kept here so a change is one edit.
 */
const CONVERSION_DEFAULTS = { arch: 'x86', accel: 'none', python_version: '3.8', requirements: [] };
/** The `conversion` the action sends when it uploads `spec` (§6.1). */
function conversionOf(spec) {
    return {
        framework: spec.framework,
        python_version: CONVERSION_DEFAULTS.python_version,
        requirements: [...CONVERSION_DEFAULTS.requirements],
        ...(spec.arch ? { arch: spec.arch } : {}),
        ...(spec.accel ? { accel: spec.accel } : {})
    };
}
/** The architecture a version was converted for, as the server would run it. */
function archOf(conversion) {
    return typeof conversion?.arch === 'string' && conversion.arch !== '' ? conversion.arch : CONVERSION_DEFAULTS.arch;
}
/** A settings value as text for messages and comparison (accel may be an object such as {qaic: {…}}). */
function model_reuse_text(v) {
    return typeof v === 'string' ? v : JSON.stringify(v);
}
/**
 * Why `existing` is not what uploading `spec` would make, one phrase per setting (e.g. `arch x86 (this entry: arm)`);
 * empty when it may be reused. Settings the server did not show are not held against it.
 */
function conversionDifferences(spec, existing) {
    const want = conversionOf(spec);
    const have = existing.conversion;
    const out = [];
    const compare = (key, theirs, ours) => {
        if (model_reuse_text(theirs) !== model_reuse_text(ours))
            out.push(`${key} ${model_reuse_text(theirs)} (this entry: ${model_reuse_text(ours)})`);
    };
    if (have) {
        if (have.framework !== undefined)
            compare('framework', have.framework, want.framework);
        // Within a conversion the server shows, a missing arch or accel means its default.
        compare('arch', archOf(have), archOf(want));
        compare('accel', have.accel ?? CONVERSION_DEFAULTS.accel, want.accel ?? CONVERSION_DEFAULTS.accel);
        if (have.python_version !== undefined)
            compare('python_version', have.python_version, want.python_version);
        if (have.requirements !== undefined)
            compare('requirements', have.requirements, want.requirements);
    }
    // Only schemas the entry gives: a server may fill in a schema of its own for a native model.
    const config = existing.config ?? undefined;
    if (spec.inputSchema !== undefined && config && 'input_schema' in config) {
        if ((config.input_schema ?? undefined) !== spec.inputSchema)
            out.push('another input_schema');
    }
    if (spec.outputSchema !== undefined && config && 'output_schema' in config) {
        if ((config.output_schema ?? undefined) !== spec.outputSchema)
            out.push('another output_schema');
    }
    return out;
}

;// CONCATENATED MODULE: ./src/action/steps/upload.ts
/**
 * Models (§6): reuse a version whose sha256 the workspace already has, else upload; then wait until the
 * conversion is `ready` (§11.3), since deploying a converting model fails.
 */








/** The workspace's models, or undefined when the server has no models/list (then nothing is reused). */
async function listModelsOrNothing(api, workspaceId) {
    try {
        return await api.listModels(workspaceId);
    }
    catch (e) {
        if (e instanceof WallarooApiError && e.code === 'NOT_FOUND')
            return undefined;
        throw e;
    }
}
/**
 * The versions of model `name` with this sha in the workspace, ready ones first, then newest (none in error). Rows
 * of the 2023 flat shape show no conversion, so each candidate's settings are read with get_version_by_id.
 */
async function versionsWithSha(api, list, workspaceId, name, sha) {
    const found = [];
    for (const v of list ? await versionsNamed(api, list, workspaceId, name) : []) {
        if (v.sha !== sha || v.id === undefined || v.status === 'error')
            continue;
        let settings = { ...(v.conversion ? { conversion: v.conversion } : {}), ...(v.config !== undefined ? { config: v.config } : {}) };
        if (v.flat) {
            const detail = await api.getModelVersion(v.id).catch(() => undefined);
            const mv = detail?.model_version.model_version;
            settings = { ...(mv?.conversion ? { conversion: mv.conversion } : {}), ...(detail ? { config: detail.model_version.config } : {}) };
        }
        found.push({ versionId: v.id, version: v.version, status: v.status ?? '', ...settings });
    }
    found.sort((a, b) => Number(b.status === 'ready') - Number(a.status === 'ready') || b.versionId - a.versionId);
    return found;
}
/** Finds a version to reuse for a file entry: the same sha and the same conversion settings (model-reuse.ts). */
async function findReusableVersion(api, list, workspaceId, spec) {
    const rejected = [];
    for (const candidate of await versionsWithSha(api, list, workspaceId, spec.name, spec.sha)) {
        const differences = conversionDifferences(spec, candidate);
        if (differences.length === 0)
            return { reusable: candidate, rejected };
        rejected.push(`version ${candidate.versionId} has ${differences.join(', ')}`);
    }
    return { rejected };
}
/** A `models` item as the error messages name it: its position in the input and its name. */
function itemText(ctx, spec) {
    return `Input '${Inputs.Models}' item ${ctx.settings.models.indexOf(spec) + 1} ("${spec.name}")`;
}
/**
 * The versions the workspace shows for model `name`: the nested shape (`{model, model_versions}`, 2024+), or the 2023
 * flat one (`{id, name}`, then list_versions, whose answer is not workspace-scoped and matches loosely (§11.2), so
 * its rows are kept only when both name and models_pk_id match).
 */
async function versionsNamed(api, list, workspaceId, name) {
    const out = [];
    for (const entry of list.models ?? []) {
        const e = entry;
        if (Array.isArray(e.model_versions)) {
            for (const mvc of entry.model_versions) {
                const mv = mvc?.model_version;
                if (mv?.name !== name || !mv.file_info)
                    continue;
                if (mv.workspace_id !== undefined && mv.workspace_id !== workspaceId)
                    continue;
                out.push({
                    id: mv.id,
                    version: mv.file_info.version,
                    sha: mv.file_info.sha,
                    status: mv.status,
                    ...(mv.conversion ? { conversion: mv.conversion } : {}),
                    ...(mvc.config !== undefined ? { config: mvc.config } : {})
                });
            }
        }
        else if (e.name === name && typeof e.id === 'number') {
            const modelsPkId = e.id;
            for (const v of await api.listModelVersions(name, modelsPkId)) {
                if (v.model_id === name && v.models_pk_id === modelsPkId)
                    out.push({ id: v.id, version: v.model_version, sha: v.sha, status: v.status, flat: true });
            }
        }
    }
    return out;
}
/** Refuses a given version converted for another architecture than the engine's `arch` (checked before any change). */
function archProblem(ctx, spec, label, conversion) {
    const engineArch = ctx.settings.engineConfig.engine?.arch;
    if (typeof engineArch !== 'string' || conversion === undefined)
        return undefined;
    const arch = archOf(conversion);
    if (arch === engineArch)
        return undefined;
    return `Input '${Inputs.Arch}' is ${engineArch}, but ${itemText(ctx, spec)} names ${label}, which was converted for ${arch}: it cannot run on ${engineArch} engines. Name a version converted for ${engineArch} (or give 'path' to upload the file for ${engineArch}), or set '${Inputs.Arch}' to ${arch}`;
}
/** A version named by its numeric id: it must exist, carry that name and live in the workspace. */
async function checkVersionById(ctx, spec, workspaceId, problems) {
    let detail;
    try {
        detail = await ctx.api.getModelVersion(spec.versionId);
    }
    catch (e) {
        if (e instanceof WallarooApiError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) {
            problems.push(`${itemText(ctx, spec)} names model version id ${spec.versionId}, which the server does not know (${e.detail.replace(/[.\s]+$/, '')}); check 'id' (the 'version_id' of the 'models' output)`);
            return undefined;
        }
        throw e;
    }
    const mv = detail.model_version.model_version;
    if (mv.name !== spec.name) {
        problems.push(`${itemText(ctx, spec)} names model version id ${spec.versionId}, but that version belongs to model "${mv.name}"; check 'id', or set 'name: ${mv.name}'`);
    }
    else if (mv.workspace_id !== undefined && mv.workspace_id !== workspaceId) {
        problems.push(`${itemText(ctx, spec)} names model version id ${spec.versionId}, which lives in workspace ${mv.workspace_id}, not in workspace ${workspaceId}; upload the model into this workspace ('path'), or deploy in workspace ${mv.workspace_id}`);
    }
    else if (mv.status === 'error') {
        problems.push(`${itemText(ctx, spec)} names model version id ${spec.versionId}, whose conversion failed (${conversionFailure(mv)}); give another version`);
    }
    else {
        const arch = archProblem(ctx, spec, `version id ${spec.versionId}`, mv.conversion);
        if (arch)
            problems.push(arch);
        else
            return { versionId: mv.id, version: mv.file_info.version, sha: mv.file_info.sha, status: mv.status };
    }
    return undefined;
}
/**
 * Checks every `version` + `sha` and `id` item against the server (read-only, before any upload), so a mistyped
 * version fails before a pipeline version is made of it; returns what each names (with the numeric id for the
 * outputs). `version` + `sha` items are not checked when the server has no models/list.
 */
async function checkGivenVersions(ctx, list, workspaceId) {
    const resolved = new Map();
    const problems = [];
    for (const spec of ctx.settings.models) {
        if (spec.kind === 'id') {
            const found = await checkVersionById(ctx, spec, workspaceId, problems);
            if (found)
                resolved.set(spec, found);
            continue;
        }
        if (spec.kind !== 'existing')
            continue;
        if (!list) {
            ctx.log.debug(`models/list is not available on this server; the given model version of "${spec.name}" is not checked`);
            resolved.set(spec, { version: spec.version, sha: spec.sha });
            continue;
        }
        const known = await versionsNamed(ctx.api, list, workspaceId, spec.name);
        const match = known.find((k) => k.version === spec.version);
        if (!match) {
            const seen = known.length === 0
                ? `it has no model "${spec.name}"`
                : `model "${spec.name}" has version${known.length > 1 ? 's' : ''} ${known
                    .slice(0, 5)
                    .map((k) => k.version)
                    .join(', ')}${known.length > 5 ? ', …' : ''}`;
            problems.push(`${itemText(ctx, spec)} names version ${spec.version}, which workspace ${workspaceId} does not have (${seen}); check 'version' (the model version's file_info.version), or give 'path' to upload the file`);
            continue;
        }
        if (match.sha !== spec.sha) {
            problems.push(`${itemText(ctx, spec)} gives sha ${spec.sha} for version ${spec.version}, but the server has sha ${match.sha} for it; check 'sha'`);
            continue;
        }
        // The 2023 list shows no conversion: read it when the engine's arch has to be checked against it.
        let conversion = match.conversion;
        if (!conversion && match.id !== undefined && typeof ctx.settings.engineConfig.engine?.arch === 'string') {
            conversion = (await ctx.api.getModelVersion(match.id)).model_version.model_version.conversion;
        }
        const arch = archProblem(ctx, spec, `version ${spec.version}`, conversion);
        if (arch)
            problems.push(arch);
        else
            resolved.set(spec, { ...(match.id !== undefined ? { versionId: match.id } : {}), version: spec.version, sha: spec.sha });
    }
    if (problems.length > 0)
        throw new InputMismatch(problems.join('\n'));
    return resolved;
}
/**
 * Why the workspace must not be created for this run: a new workspace cannot hold the versions given by
 * `version` + `sha` or `id`, so creating it for them would only leave an empty workspace behind.
 */
function givenVersionsNeedExistingWorkspace(ctx) {
    const given = ctx.settings.models.find((m) => m.kind !== 'file');
    if (!given)
        return undefined;
    const wanted = ctx.settings.workspace;
    const name = wanted && 'name' in wanted ? wanted.name : '';
    const label = given.kind === 'id' ? `version id ${given.versionId}` : `version ${given.version}`;
    return `${itemText(ctx, given)} names the existing ${label}, but workspace "${name}" does not exist, so it cannot hold that version; check '${Inputs.Workspace}', or give 'path' to upload the model file instead`;
}
/** Waits until a model version is `ready`; fails with the server's error_summary on `error`. */
async function waitForConversion(ctx, name, versionId, signal) {
    try {
        const { value } = await pollForRun(ctx, `Model "${name}" version ${versionId}`, {
            fetch: () => ctx.api.getModelVersion(versionId),
            classify: classifyConversion,
            signal,
            firstPauseMs: ctx.settings.pollIntervalMs / CONVERSION_FIRST_PAUSE_DIVISOR
        });
        const mv = value.model_version.model_version;
        return { version: mv.file_info.version, sha: mv.file_info.sha, status: mv.status };
    }
    catch (e) {
        if (e instanceof WaitTimeoutError) {
            throw new ActionFailure(`model "${name}" version ${versionId} was not ready after ${formatDuration(e.elapsedMs)} (last status ${e.lastLabel}); raise '${Inputs.Timeout}' (now ${formatDuration(ctx.settings.timeoutMs)}) if conversion is just slow`);
        }
        throw e;
    }
}
/** Reuses a version with the file's sha and conversion settings, or uploads the file; returns the outcome when ready, else what to wait for. */
async function reuseOrUpload(ctx, spec, list, workspaceId) {
    const { api, log, record } = ctx;
    const { name, sha, size } = spec;
    const { reusable, rejected } = await findReusableVersion(api, list, workspaceId, spec);
    if (reusable) {
        log.info(`Model "${name}": the workspace already has sha ${sha.slice(0, 12)}… with these conversion settings as version ${reusable.versionId}; reusing it.`);
        if (reusable.status !== 'ready')
            return { name, sha, versionId: reusable.versionId, source: 'reused' };
        return { name, versionId: reusable.versionId, version: reusable.version, sha, source: 'reused', status: reusable.status };
    }
    const fileName = (0,external_node_path_namespaceObject.basename)(spec.path);
    if (rejected.length > 0) {
        log.info(`Model "${name}": the workspace has sha ${sha.slice(0, 12)}… but not with these conversion settings (${rejected.join('; ')}), so it is not reused: uploading a new version.`);
    }
    log.info(`Model "${name}": uploading ${fileName} (${size} bytes, sha ${sha.slice(0, 12)}…, framework ${spec.framework}${spec.arch ? `, arch ${spec.arch}` : ''}${spec.accel ? `, accel ${spec.accel}` : ''}).`);
    const upload = () => api.uploadModel({
        metadata: {
            name,
            visibility: 'private',
            workspace_id: workspaceId,
            conversion: conversionOf(spec),
            // At the top level, as the SDK sends them, not inside `conversion` as the docs say (§6.1).
            ...(spec.inputSchema ? { input_schema: spec.inputSchema } : {}),
            ...(spec.outputSchema ? { output_schema: spec.outputSchema } : {})
        },
        // Streamed from disk as it is sent (hashed on the way): memory stays flat whatever the model's size.
        file: { path: spec.path },
        fileName
    });
    // An upload whose answer was lost may have made the version: look for the sha before calling it failed.
    const { modelVersionId, sha256 } = await createOrFind(`a version of model "${name}" (sha ${sha.slice(0, 12)}…)`, log, upload, async () => {
        const { reusable: found } = await findReusableVersion(api, await listModelsOrNothing(api, workspaceId), workspaceId, spec);
        return found ? { modelVersionId: found.versionId, sha256: sha } : undefined;
    });
    if (sha256 !== sha) {
        log.warning(`Model "${name}": ${spec.path} changed while the action ran (sha ${sha.slice(0, 12)}… when the inputs were checked, ${sha256.slice(0, 12)}… as uploaded); the uploaded file is version ${modelVersionId}. Do not write the model file during the step.`);
    }
    record.created.push({ kind: 'model-version', id: modelVersionId, name });
    return { name, sha, versionId: modelVersionId, source: 'uploaded' };
}
/** Waits for one converting version and turns it into its outcome. */
async function whenReady(ctx, u, signal) {
    const { name, sha } = u;
    const ready = await waitForConversion(ctx, name, u.versionId, signal);
    if (ready.sha && ready.sha !== sha)
        ctx.log.warning(`Model "${name}": the server reports sha ${ready.sha}, the file has ${sha}.`);
    if (u.source === 'uploaded')
        ctx.log.info(`Model "${name}": version ${u.versionId} is ready.`);
    return { name, versionId: u.versionId, version: ready.version, sha: ready.sha || sha, source: u.source, status: ready.status };
}
/**
 * Resolves every model of the `models` input to a ready version: reused, uploaded or given (by version + sha or id).
 * Uploads go one after another; the conversions then run side by side on the server, so they are awaited together,
 * and the first failure stops the other waits.
 */
async function resolveModels(ctx, workspaceId) {
    const { settings, log, record } = ctx;
    const list = settings.models.some((m) => m.kind !== 'id') ? await listModelsOrNothing(ctx.api, workspaceId) : undefined;
    const given = await checkGivenVersions(ctx, list, workspaceId);
    // One slot per model, in input order: its outcome, or what to wait for until it is ready.
    const slots = [];
    const stop = new AbortController();
    try {
        for (const spec of settings.models) {
            if (spec.kind === 'file') {
                slots.push(await reuseOrUpload(ctx, spec, list, workspaceId));
                continue;
            }
            const g = given.get(spec);
            log.info(`Model "${spec.name}": using the given version ${g.versionId !== undefined ? `${g.versionId} (${g.version})` : g.version}.`);
            if (g.versionId !== undefined && g.status !== undefined && g.status !== 'ready')
                slots.push({ name: spec.name, sha: g.sha, versionId: g.versionId, source: 'given' });
            else
                slots.push({
                    name: spec.name,
                    ...(g.versionId !== undefined ? { versionId: g.versionId } : {}),
                    version: g.version,
                    sha: g.sha,
                    source: 'given',
                    ...(g.status ? { status: g.status } : {})
                });
        }
        await Promise.all(slots.map(async (slot, i) => {
            if (!isUnready(slot))
                return;
            try {
                slots[i] = await whenReady(ctx, slot, stop.signal);
            }
            catch (e) {
                stop.abort(e);
                throw e;
            }
        }));
    }
    finally {
        // Even after a failure the outputs list the models that did get ready, in input order.
        record.models.push(...slots.filter((s) => !isUnready(s)));
    }
    return slots;
}
function isUnready(slot) {
    return !('version' in slot);
}

;// CONCATENATED MODULE: ./src/action/steps/compare.ts
/**
 * Champion against challenger, row by row and field by field: rows beyond `tolerance` (judged exactly as the golden
 * check judges, with its `within`), largest and mean absolute deviation, and for one-value outputs (scores) the rows
 * whose class changes at `decision-threshold`. Then the gates `max-live-deviation` and `max-changed-rows`. Pure: the
 * callers fetch the answers and decide what a failed gate does.
 */


/** The rows kept as the worst. */
const WORST_ROWS = 5;
/** The leaves of a value in order with their index paths (`[0]`, `[1][2]`), and its shape; a scalar is one leaf at ''. */
function leaves(value, path = '', out = []) {
    if (Array.isArray(value))
        value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
    else
        out.push({ path, value });
    return out;
}
/**
 * Which challenger field each champion field is compared with: the same name, or, when each side has exactly one
 * field, that one (ccfraud's `dense_1` against an XGBoost model's `variable`). Decided from the first rows, so every
 * row pairs alike.
 */
function pairFields(champion, challenger) {
    const names = (rows) => [...new Set(rows.flatMap((r) => (r ? Object.keys(r) : [])))];
    const a = names(champion);
    const b = names(challenger);
    if (a.length === 1 && b.length === 1)
        return [{ field: a[0], challengerField: b[0] }];
    const pairs = a.map((field) => ({ field, challengerField: field }));
    // A challenger field the champion lacks is still reported (every row of it differs).
    for (const field of b)
        if (!a.includes(field))
            pairs.push({ field, challengerField: field });
    return pairs;
}
/** Compares the champion's answers with a challenger's, row by row; gates are added by applyGates. */
function compareAnswerSets(challenger, championRows, challengerRows, opts) {
    const { tolerance, decisionThreshold } = opts;
    const rows = Math.min(championRows.length, challengerRows.length);
    const pairs = pairFields(championRows.slice(0, rows), challengerRows.slice(0, rows));
    const tallies = pairs.map(({ field, challengerField }) => ({
        stats: {
            field,
            ...(challengerField !== field ? { challengerField } : {}),
            rowsCompared: 0,
            rowsBeyondTolerance: 0,
            maxDeviation: null,
            meanDeviation: null,
            oneValue: true
        },
        sum: 0,
        count: 0
    }));
    let changedRows = 0;
    let structural = 0;
    let maxDeviation = null;
    let maxDeviationAt;
    const worst = [];
    for (let row = 0; row < rows; row++) {
        let rowChanged = false;
        let rowStructural = false;
        let rowWorst;
        pairs.forEach(({ field, challengerField }, f) => {
            const t = tallies[f];
            t.stats.rowsCompared++;
            const a = championRows[row]?.[field];
            const b = challengerRows[row]?.[challengerField];
            const la = leaves(a);
            const lb = leaves(b);
            if (a === undefined || b === undefined || la.length !== lb.length) {
                // Missing on one side, or another shape: no number says how far apart, but the row surely changed.
                t.stats.rowsBeyondTolerance++;
                t.stats.oneValue = false;
                rowChanged = true;
                rowStructural = true;
                // A structural difference outranks any distance in the row.
                if (!rowWorst || rowWorst.deviation !== null)
                    rowWorst = {
                        row,
                        field,
                        champion: a === undefined ? '(absent)' : showValue(a),
                        challenger: b === undefined ? '(absent)' : showValue(b),
                        deviation: null
                    };
                return;
            }
            if (la.length !== 1)
                t.stats.oneValue = false;
            let beyond = false;
            let fieldMax;
            la.forEach((leaf, i) => {
                const x = asNumber(leaf.value);
                const y = asNumber(lb[i].value);
                if (x === undefined || y === undefined) {
                    if (JSON.stringify(leaf.value) !== JSON.stringify(lb[i].value))
                        beyond = true;
                    return;
                }
                if (!within(x, y, tolerance))
                    beyond = true;
                const d = Math.abs(y - x);
                // NaN on both sides is equal (as in the golden check); NaN on one side has no finite distance.
                if (Number.isNaN(x) && Number.isNaN(y))
                    return;
                if (!Number.isFinite(d))
                    return;
                t.sum += d;
                t.count++;
                if (t.stats.maxDeviation === null || d > t.stats.maxDeviation)
                    t.stats.maxDeviation = d;
                if (maxDeviation === null || d > maxDeviation) {
                    maxDeviation = d;
                    maxDeviationAt = `row ${row + 1} ${field}${leaf.path}`;
                }
                if (!fieldMax || d > fieldMax.deviation)
                    fieldMax = { deviation: d, path: leaf.path, a: leaf.value, b: lb[i].value };
            });
            if (beyond)
                t.stats.rowsBeyondTolerance++;
            let changed = beyond;
            let classChanged;
            if (decisionThreshold !== undefined && la.length === 1) {
                const x = asNumber(la[0].value);
                const y = asNumber(lb[0].value);
                if (x !== undefined && y !== undefined) {
                    classChanged = x >= decisionThreshold !== y >= decisionThreshold;
                    if (classChanged)
                        t.stats.changedClass = (t.stats.changedClass ?? 0) + 1;
                    changed = classChanged;
                }
            }
            if (changed)
                rowChanged = true;
            if (fieldMax && (!rowWorst || (rowWorst.deviation !== null && fieldMax.deviation > rowWorst.deviation))) {
                rowWorst = {
                    row,
                    field: `${field}${fieldMax.path}`,
                    champion: showValue(fieldMax.a),
                    challenger: showValue(fieldMax.b),
                    deviation: fieldMax.deviation,
                    ...(classChanged !== undefined ? { classChanged } : {})
                };
            }
        });
        if (rowChanged)
            changedRows++;
        if (rowStructural)
            structural++;
        if (rowWorst && (rowWorst.deviation === null || rowWorst.deviation > 0 || rowChanged))
            worst.push(rowWorst);
    }
    for (const t of tallies) {
        t.stats.meanDeviation = t.count > 0 ? t.sum / t.count : null;
        if (decisionThreshold !== undefined && t.stats.oneValue)
            t.stats.changedClass ??= 0;
        else
            delete t.stats.changedClass;
    }
    // Structural differences first (they have no distance), then by deviation, then by row.
    worst.sort((x, y) => (y.deviation ?? Infinity) - (x.deviation ?? Infinity) || x.row - y.row);
    return {
        challenger,
        rowsCompared: rows,
        changedRows,
        changedBy: decisionThreshold !== undefined ? 'decision-threshold' : 'tolerance',
        maxDeviation,
        ...(maxDeviationAt ? { maxDeviationAt } : {}),
        structuralMismatches: structural,
        fields: tallies.map((t) => t.stats),
        worstRows: worst.slice(0, WORST_ROWS),
        gates: [],
        passed: true
    };
}
/** The most rows `max-changed-rows` allows out of `rows`. */
function changedRowsLimit(limit, rows) {
    return 'count' in limit ? limit.count : Math.floor((limit.percent / 100) * rows + 1e-9);
}
/** Checks the comparison against the gates; fills `gates` and `passed`. */
function applyGates(c, gates) {
    const results = [];
    if (gates.maxDeviation !== undefined) {
        const over = c.structuralMismatches > 0 || (c.maxDeviation ?? 0) > gates.maxDeviation;
        const value = c.structuralMismatches > 0
            ? `${c.structuralMismatches} row(s) with another field or shape`
            : c.maxDeviation === null
                ? 'no numbers compared'
                : showDeviation(c.maxDeviation);
        results.push({ input: Inputs.MaxLiveDeviation, limit: String(gates.maxDeviation), value, passed: !over });
    }
    if (gates.maxChangedRows !== undefined) {
        const limit = changedRowsLimit(gates.maxChangedRows, c.rowsCompared);
        const text = 'count' in gates.maxChangedRows ? String(gates.maxChangedRows.count) : `${gates.maxChangedRows.percent}%`;
        results.push({ input: Inputs.MaxChangedRows, limit: text, value: `${c.changedRows} of ${c.rowsCompared}`, passed: c.changedRows <= limit });
    }
    return { ...c, gates: results, passed: results.every((g) => g.passed) };
}
/** One sentence per failed gate, e.g. `max-live-deviation 0.01: the largest deviation is 4.2e-2 (row 3 dense_1[0])`. */
function gateFailures(c) {
    return c.gates
        .filter((g) => !g.passed)
        .map((g) => g.input === Inputs.MaxLiveDeviation
        ? `'${g.input}' is ${g.limit}, but the largest deviation is ${g.value}${c.maxDeviationAt && c.structuralMismatches === 0 ? ` (${c.maxDeviationAt})` : ''}`
        : `'${g.input}' is ${g.limit}, but ${g.value} rows changed (${c.changedBy === 'decision-threshold' ? `class at '${Inputs.DecisionThreshold}'` : 'beyond tolerance'})`);
}
/** A one-line verdict for the log, e.g. `3 of 100 rows changed; largest deviation 4.2e-2 at row 3 dense_1[0]`. */
function comparisonLine(c) {
    const how = c.changedBy === 'decision-threshold' ? 'changed class' : 'differ beyond tolerance';
    const dev = c.maxDeviation !== null ? `; largest deviation ${showDeviation(c.maxDeviation)}${c.maxDeviationAt ? ` at ${c.maxDeviationAt}` : ''}` : '';
    const structural = c.structuralMismatches > 0 ? `; ${c.structuralMismatches} row(s) have another output field or shape` : '';
    return `${c.changedRows} of ${c.rowsCompared} row(s) ${how}${dev}${structural}`;
}

;// CONCATENATED MODULE: ./src/action/steps/compare-live.ts
/**
 * `compare-with-live: true` (strategy basic): before deploying, the comparison input (`compare-input`, else
 * `smoke-input`) goes to the version that is Running and its answers are kept; once this run's version is Running
 * and checked, the same rows go to it, and the two answer sets are compared row by row with `tolerance`. The gates
 * `max-live-deviation` and `max-changed-rows` turn the comparison into a check whose failure triggers `on-failure`.
 */










/** Sends an input file to an inference URL and decodes the answer records (a comparison's request, not the smoke check). */
async function inferRecords(ctx, url, input, to) {
    ctx.log.info(`Comparison: ${input.rows} row(s) from ${input.path} to ${to}.`);
    const { records, latencyMs } = await postInput(ctx, url, input);
    ctx.log.info(`Comparison: ${records.length} record(s) back from ${to} in ${formatDuration(latencyMs)}.`);
    return records;
}
/** A pipeline version for the comparison table, e.g. `pipeline version 30 (1b4e…)`. */
function versionLabel(v) {
    const id = v.versionId !== undefined ? `pipeline version ${v.versionId}` : 'pipeline version';
    return v.version ? `${id} (${v.version.slice(0, 8)}…)` : id;
}
/** Logs a comparison as a few lines: the verdict, then each field. */
function logComparison(ctx, champion, c) {
    ctx.log.info(`Comparison of ${c.challenger} with ${champion}: ${comparisonLine(c)}.`);
    for (const f of c.fields) {
        const name = f.challengerField ? `${f.field} ↔ ${f.challengerField}` : f.field;
        const cls = f.changedClass !== undefined ? `, ${f.changedClass} changed class` : '';
        const mean = f.meanDeviation !== null ? `, mean deviation ${f.meanDeviation.toExponential(2)}` : '';
        ctx.log.info(`  ${name}: ${f.rowsBeyondTolerance} of ${f.rowsCompared} row(s) beyond tolerance${cls}${mean}`);
    }
    for (const g of c.gates)
        ctx.log.info(`  '${g.input}' ${g.limit}: ${g.value} — ${g.passed ? 'within' : 'BEYOND'}`);
}
/** The failure of a comparison beyond its gates (outcome compare-failed, so `on-failure` acts). */
function gateFailure(what, failed) {
    const lines = failed.flatMap((c) => gateFailures(c).map((g) => `  ${c.challenger}: ${g}`));
    return new ActionFailure(`${what} beyond the gates:\n${lines.join('\n')}\nThe job summary shows the comparison per output field and the rows that differ most. If the change is intended, raise '${Inputs.MaxLiveDeviation}' or '${Inputs.MaxChangedRows}'.`, 'compare-failed');
}
/** The answers the live version gave before this run deployed (undefined when nothing was compared, with the reason recorded). */
async function liveAnswers(ctx, t, input) {
    const { record, settings } = ctx;
    const skip = (why) => {
        record.comparison = {
            mode: 'live',
            champion: 'the live version',
            input: { path: input.path, rows: input.rows },
            tolerance: settings.tolerance,
            challengers: [],
            skipped: why
        };
        ctx.log.warning(`'${Inputs.CompareWithLive}': nothing compared: ${why}.`);
        return undefined;
    };
    const previous = record.previous;
    if (!previous) {
        return skip(t.wasDeployed === undefined
            ? 'this server has no pipelines/list_pipelines, so the live version cannot be found'
            : `no version of "${t.pipeline}" was Running before this run (a first deploy has nothing to compare with)`);
    }
    const url = await ctx.api.getExternalUrl(t.workspaceId, t.pipeline);
    const records = await inferRecords(ctx, url, input, `the live ${versionLabel(previous)}`);
    // The live answers must come from the version recorded as Running, or the comparison would be with something else.
    const foreign = records
        .map(answerOrigin)
        .find((o) => o.pipelineVersion !== undefined && previous.version !== undefined && o.pipelineVersion !== previous.version);
    if (foreign)
        return skip(`the live answers came from pipeline version ${foreign.pipelineVersion}, not from the Running ${versionLabel(previous)}: another deploy of the pipeline is under way`);
    return records;
}
/** Hooks that make a basic deploy compare with the live version (none without `compare-with-live`). */
function compareWithLiveHooks(ctx, t) {
    const { settings, record } = ctx;
    const rollout = settings.rollout;
    const input = comparisonInput(rollout, settings.smokeInput);
    if (!rollout?.compareWithLive || !input)
        return {};
    let live;
    return {
        beforeDeploy: async () => {
            live = await phase(ctx, 'live-answers', `sending the comparison input to the live version of "${t.pipeline}"`, () => liveAnswers(ctx, t, input));
        },
        afterCheck: async (url) => {
            if (!live)
                return;
            const liveRecords = live;
            await phase(ctx, 'compare', `comparing the answers of "${t.pipeline}" with the live version's`, async () => {
                const previous = record.previous;
                // The smoke answers serve as the new answers when the comparison input is the smoke input.
                const ours = `this run's ${versionLabel({ versionId: t.versionId, version: t.version })}`;
                let records = input === settings.smokeInput ? record.smoke?.records : undefined;
                if (!records) {
                    records = await inferRecords(ctx, url, input, ours);
                    checkWhoAnswered(ctx, records, { pipeline: t.pipeline, version: t.version });
                }
                const champion = `the live ${versionLabel(previous)}`;
                const compared = applyGates(compareAnswerSets(ours, liveRecords.map(outFields), records.map(outFields), {
                    tolerance: settings.tolerance,
                    decisionThreshold: rollout.decisionThreshold
                }), rollout.gates);
                const comparison = {
                    mode: 'live',
                    champion,
                    input: { path: input.path, rows: input.rows },
                    tolerance: settings.tolerance,
                    ...(rollout.decisionThreshold !== undefined ? { decisionThreshold: rollout.decisionThreshold } : {}),
                    challengers: [compared]
                };
                record.comparison = comparison;
                ctx.checkpoint();
                logComparison(ctx, champion, compared);
                if (!compared.passed)
                    throw gateFailure(`the answers of ${ours} differ from ${champion}'s`, [compared]);
            });
        }
    };
}

;// CONCATENATED MODULE: ./src/action/operations/deploy.ts
















/** Resolves the workspace, the models and a pipeline version with the wanted definition (shared by deploy and create-pipeline). */
async function preparePipeline(ctx) {
    const { settings, record } = ctx;
    const pipeline = required(settings.pipeline, 'pipeline');
    // Known from the inputs alone, so said before anything is uploaded (the default definition uses every model).
    if (settings.pipelineDefinition) {
        const used = new Set(modelRefsOf(settings.pipelineDefinition).map((m) => m.name));
        for (const m of settings.models) {
            if (!used.has(m.name))
                ctx.log.warning(`Model "${m.name}" is listed in 'models' but no step of 'pipeline-definition' uses it.`);
        }
    }
    else if (settings.models.length > 1) {
        const names = settings.models.map((m) => `"${m.name}"`).join(' → ');
        ctx.log.warning(`No '${Inputs.PipelineDefinition}' given, so the ${settings.models.length} models of '${Inputs.Models}' run as a chain, in that order (${names}): each model gets the previous model's output, not the pipeline's input. Models that each expect the pipeline's input cannot chain like this; give '${Inputs.PipelineDefinition}' with the steps you want, e.g. {"steps": [{"ModelInference": {"models": [{"name": "${settings.models[0].name}"}]}}, …]}.`);
    }
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx, () => givenVersionsNeedExistingWorkspace(ctx)));
    const models = await phase(ctx, 'models', 'preparing the models', () => resolveModels(ctx, workspaceId));
    const byName = new Map(models.map((m) => [m.name, { name: m.name, version: m.version, sha: m.sha }]));
    const definition = settings.pipelineDefinition ? fillDefinition(settings.pipelineDefinition, byName) : defaultDefinition([...byName.values()]);
    const version = await phase(ctx, 'pipeline', `creating a version of pipeline "${pipeline}"`, () => ensurePipelineVersion(ctx, workspaceId, pipeline, definition));
    if (record.pipeline)
        record.pipeline.definition = definition;
    const modelVersionIds = new Map(models.filter((m) => m.versionId !== undefined).map((m) => [modelKey(m), m.versionId]));
    return { workspaceId, pipeline, definition, modelVersionIds, ...version };
}
/** The `deploy` operation: prepare, guard, deploy, wait, check; on a failure after deploying, the `on-failure` policy acts. */
async function runDeploy(ctx) {
    const prepared = await preparePipeline(ctx);
    await deployPrepared(ctx, prepared, compareWithLiveHooks(ctx, prepared));
}
/** Guard, deploy, wait, smoke check (and the hooks' own checks) of a prepared version, under the `on-failure` policy. */
async function deployPrepared(ctx, prepared, hooks = {}) {
    const { settings, record, log } = ctx;
    const { workspaceId, pipeline } = prepared;
    if (prepared.wasDeployed === undefined)
        await phase(ctx, 'locate', `finding the deployment of "${pipeline}"`, () => discoverDeployment(ctx, prepared));
    if (!hooks.skipGuard)
        await phase(ctx, 'guard', `checking the deployment of "${pipeline}" before deploying`, () => guardAndRecordPrevious(ctx, prepared));
    if (hooks.beforeDeploy)
        await hooks.beforeDeploy();
    await underFailurePolicy(ctx, prepared, async () => {
        const deployment = await phase(ctx, 'deploy', `deploying pipeline "${pipeline}"`, () => deployVersion(ctx, prepared));
        await phase(ctx, 'wait', `waiting for deployment ${deployment.name}`, () => waitForRunning(ctx, deployment.name));
        const url = await phase(ctx, 'url', `getting the inference URL of "${pipeline}"`, () => inferenceUrl(ctx, workspaceId, pipeline));
        const input = settings.smokeInput;
        if (!input) {
            if (!hooks.afterCheck) {
                log.warning(`No '${Inputs.SmokeInput}' given: the deployment is Running, but nothing checked that it answers. Give a small input file (and '${Inputs.ExpectedOutput}' for its golden answers).`);
            }
        }
        else {
            const origin = { pipeline, version: prepared.version ?? record.pipeline?.version, lastModels: lastModelsOf(prepared.definition) };
            await smokeAndCheck(ctx, url, input, origin, hooks.check);
        }
        if (hooks.afterCheck)
            await hooks.afterCheck(url);
    });
}
/**
 * Without list_pipelines (servers before 2025) nothing said whether the pipeline is deployed: its inference URL names
 * the deployment once it ever was (§9.1), and the status says whether it is live. Knowing it lets the concurrency
 * guard and `on-failure: rollback` see what runs now, and a teardown tell a deployment this run started from one
 * that ran before.
 */
async function discoverDeployment(ctx, t) {
    const found = await deploymentFromUrl(ctx, t.workspaceId, t.pipeline);
    if (found.kind === 'none') {
        t.wasDeployed = false;
        return;
    }
    if (found.kind !== 'named')
        return;
    t.deploymentId = found.id;
    t.wasDeployed = (await ctx.api.getDeployment(found.name)) !== null;
}

;// CONCATENATED MODULE: ./src/action/operations/create-pipeline.ts

/** The `create-pipeline` operation. */
async function runCreatePipeline(ctx) {
    await preparePipeline(ctx);
}

;// CONCATENATED MODULE: ./src/action/operations/locate.ts
/**
 * Finding a pipeline's deployment for status, undeploy, get-url and infer: from `deployment-id`, from
 * pipelines/list_pipelines, or (servers without it, before 2025) from the inference URL, which names the deployment.
 */






/** Looks up the deployment of the `pipeline` input in the workspace; records pipeline and deployment ids. */
async function lookupDeployment(ctx, workspaceId, oldServer = 'require-deployment-id') {
    const { settings, api, record } = ctx;
    const pipeline = required(settings.pipeline, 'pipeline');
    const lookup = await findPipeline(api, workspaceId, pipeline);
    record.pipeline = { name: pipeline, created: false, versionReused: false };
    if (lookup.kind === 'absent')
        return { kind: 'no-pipeline', pipeline, workspaceId };
    const item = lookup.kind === 'found' ? lookup.item : undefined;
    const pipelineId = item?.pipeline.id;
    if (pipelineId !== undefined)
        record.pipeline.id = pipelineId;
    const listed = lookup.kind === 'found';
    let deploymentId = settings.deploymentId ?? item?.deployment?.id;
    let via = settings.deploymentId !== undefined && !listed ? 'deployment-id' : undefined;
    let url;
    if (lookup.kind === 'unsupported' && deploymentId === undefined) {
        const fromUrl = await deploymentFromUrl(ctx, workspaceId, pipeline);
        if (fromUrl.kind === 'none')
            return { kind: 'pipeline', pipeline, listed, via: 'no-url', noUrl: fromUrl.detail };
        url = fromUrl.url;
        if (fromUrl.kind === 'named') {
            deploymentId = fromUrl.id;
            via = 'url';
        }
        else if (oldServer === 'require-deployment-id') {
            throw new ActionFailure(`this Wallaroo server has no pipelines/list_pipelines (older than 2025), and the inference URL of "${pipeline}" (${fromUrl.url}) does not name its deployment, so the deployment cannot be found; give '${Inputs.DeploymentId}' (the 'deployment-id' output of the deploy step)`);
        }
    }
    const extra = { ...(via ? { via } : {}), ...(url ? { url } : {}) };
    if (deploymentId === undefined)
        return { kind: 'pipeline', pipeline, pipelineId, listed, ...extra };
    const name = deploymentName(pipeline, deploymentId);
    record.deployment = { id: deploymentId, name };
    return { kind: 'pipeline', pipeline, pipelineId, deploymentId, name, deployed: item?.deployment?.deployed, listed, ...extra };
}
/** Like lookupDeployment, but a missing pipeline is an error naming the inputs to check. */
async function locateDeployment(ctx, workspaceId, oldServer) {
    const found = await lookupDeployment(ctx, workspaceId, oldServer);
    if (found.kind === 'no-pipeline') {
        throw new ActionFailure(`no pipeline "${found.pipeline}" in workspace ${workspaceId}; check '${Inputs.Pipeline}' and '${Inputs.Workspace}'`);
    }
    return found;
}

;// CONCATENATED MODULE: ./src/action/operations/deployed.ts
/**
 * For get-url and infer: the pipeline must be deployed before its URL means anything. Finds the deployment
 * (like status and undeploy), refuses one that was never deployed or was undeployed, and for infer waits
 * while it is still starting.
 */











/** The failure for a pipeline without a live deployment; `why` says how we know. */
function notDeployed(ctx, pipeline, why) {
    ctx.record.deployment = { ...ctx.record.deployment, status: NOT_DEPLOYED };
    return new ActionFailure(`pipeline '${pipeline}' is not deployed (${why}); deploy it first (operation 'deploy')`);
}
/**
 * Makes sure the pipeline is deployed and returns its inference URL; records workspace, pipeline and
 * deployment ids, status and URL as it learns them, so the outputs hold them even after a failure.
 */
async function reachDeployment(ctx, workspaceId, need) {
    const { record } = ctx;
    const located = await phase(ctx, 'locate', 'finding the deployment', async () => {
        const found = await locateDeployment(ctx, workspaceId, 'unknown');
        if (found.listed || found.deploymentId !== undefined) {
            if (found.deploymentId === undefined)
                throw notDeployed(ctx, found.pipeline, 'it has never been deployed');
            if (found.deployed === false)
                throw notDeployed(ctx, found.pipeline, `deployment ${found.name} was undeployed`);
        }
        if (found.via === 'no-url')
            throw noUrlFailure(ctx, workspaceId, found.pipeline, found.noUrl ?? 'no inference URL');
        return found;
    });
    const { pipeline } = located;
    const getUrl = () => phase(ctx, 'url', `getting the inference URL of "${pipeline}"`, () => urlOf(ctx, workspaceId, pipeline));
    // Read while finding the deployment; handed out only once the status says it is deployed.
    let url = located.url;
    let name = located.name;
    if (name === undefined) {
        // No list_pipelines (servers before 2025) and a URL that does not name the deployment: its status cannot be checked.
        url ??= await getUrl();
        const inUrl = deploymentInUrl(url, pipeline);
        if (!inUrl) {
            ctx.log.debug(`the inference URL ${url} does not name the deployment, so its status is not checked`);
            return url;
        }
        name = inUrl.name;
        record.deployment = { ...record.deployment, id: inUrl.id, name };
    }
    await checkStatus(ctx, pipeline, name, need, located.deployed);
    if (url === undefined)
        return getUrl();
    record.inferenceUrl = url;
    return url;
}
/** A pipeline without an inference URL: not deployed, or absent (the only sign without list_pipelines). */
function noUrlFailure(ctx, workspaceId, pipeline, detail) {
    ctx.record.deployment = { ...ctx.record.deployment, status: NOT_DEPLOYED };
    return new ActionFailure(`pipeline '${pipeline}' is not deployed, or does not exist in workspace ${workspaceId}: the server has no inference URL for it (${detail}); check '${Inputs.Pipeline}', or deploy it first (operation 'deploy')`);
}
/** The inference URL; a 404 for it means the pipeline is missing or not deployed (the only sign without list_pipelines). */
async function urlOf(ctx, workspaceId, pipeline) {
    try {
        return await inferenceUrl(ctx, workspaceId, pipeline);
    }
    catch (e) {
        if (!(e instanceof WallarooApiError && e.code === 'NOT_FOUND'))
            throw e;
        throw noUrlFailure(ctx, workspaceId, pipeline, e.detail.replace(/[.\s]+$/, ''));
    }
}
/**
 * Reads the deployment's status once: 404 means not deployed; for infer (`running`), Error fails with the
 * diagnosis and anything else is waited on until Running; for get-url it is reported.
 */
async function checkStatus(ctx, pipeline, name, need, listedDeployed) {
    const { api, record, log, settings } = ctx;
    const status = await phase(ctx, 'status', `reading the status of ${name}`, async () => {
        const s = await api.getDeployment(name);
        record.deployment = { ...record.deployment, status: statusOutput(s ?? null) };
        // list_pipelines may say deployed while the status endpoint does not know it yet (§8.3): only infer waits for that.
        if (s === null && !(need === 'running' && listedDeployed === true)) {
            throw notDeployed(ctx, pipeline, `status/get_deployment answers 404 for ${name}`);
        }
        if (s?.status === 'Error' && need === 'running') {
            const lines = describeDeployment(s).map((l) => `  ${l}`);
            throw new ActionFailure(`deployment ${name} is in Error, so it cannot answer an inference; fix the cause and deploy again (operation 'deploy'):\n${lines.join('\n')}`);
        }
        return s;
    });
    if (status?.status === 'Running')
        return;
    if (need === 'running') {
        log.info(`Deployment ${name} is ${status?.status ?? 'not found yet (404)'}; waiting up to ${formatDuration(settings.timeoutMs)} ('${Inputs.Timeout}') for Running.`);
        // The deploy wait itself: same deadline, Error warnings and timeout diagnosis.
        await phase(ctx, 'wait', `waiting for deployment ${name}`, () => waitForRunning(ctx, name));
    }
    else if (status?.status === 'Error') {
        log.warning(`Deployment ${name} is in Error: its URL will not answer until it recovers or is deployed again.\n${describeDeployment(status).join('\n')}`);
    }
    else {
        log.info(`Deployment ${name} is ${status?.status}; its URL answers once it is Running.`);
    }
}

;// CONCATENATED MODULE: ./src/action/operations/get-url.ts



/** The `get-url` operation. */
async function runGetUrl(ctx) {
    const { log } = ctx;
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx));
    const url = await reachDeployment(ctx, workspaceId, 'report');
    log.info(`Inference URL: ${url}`);
}

;// CONCATENATED MODULE: ./src/action/operations/infer.ts
/**
 * `infer`: the smoke inference alone, against a deployed pipeline (waiting while its deployment is still starting);
 * its answers are written for `write-output` and checked against `expected-output`.
 */






/** The `infer` operation. */
async function runInfer(ctx) {
    const { settings } = ctx;
    const pipeline = required(settings.pipeline, 'pipeline');
    const input = required(settings.smokeInput, 'smoke-input');
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx));
    const url = await reachDeployment(ctx, workspaceId, 'running');
    const smoke = await phase(ctx, 'smoke', `running an inference on "${pipeline}"`, () => runSmoke(ctx, url, input));
    await phase(ctx, 'check', `checking the answers of "${pipeline}"`, async () => checkAnswers(ctx, smoke.records));
}

;// CONCATENATED MODULE: ./src/action/operations/status.ts





/** The `status` operation. */
async function runStatus(ctx) {
    const { api, record, log } = ctx;
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx));
    const located = await phase(ctx, 'locate', 'finding the deployment', () => locateDeployment(ctx, workspaceId));
    if (located.via === 'no-url')
        log.info(`Pipeline "${located.pipeline}" has no inference URL (${located.noUrl}): it was never deployed, or does not exist (this server has no pipelines/list_pipelines to tell).`);
    await phase(ctx, 'status', `reading the status of "${located.pipeline}"`, async () => {
        const status = located.name ? await api.getDeployment(located.name) : null;
        record.deployment = { ...record.deployment, status: statusOutput(status) };
        for (const line of describeDeployment(status))
            log.info(line);
    });
}

;// CONCATENATED MODULE: ./src/action/operations/undeploy.ts






/**
 * The `undeploy` operation. Idempotent, since teardown steps run with `if: always()`: a pipeline that does
 * not exist or is not deployed is left as it is (success, status NotDeployed); only a real failure fails.
 */
async function runUndeploy(ctx) {
    const { record, log, settings } = ctx;
    const nothingToDo = (why, typoRisk = false) => {
        // A missing workspace or pipeline may be a typo in a teardown step: say so louder than "not deployed".
        if (typoRisk)
            log.warning(`nothing to undeploy: ${why}. Check '${Inputs.Workspace}' and '${Inputs.Pipeline}' if you expected a deployment.`);
        else
            log.info(`nothing to undeploy: ${why}.`);
        record.deployment = { ...record.deployment, status: NOT_DEPLOYED };
    };
    const workspace = await phase(ctx, 'workspace', 'resolving the workspace', async () => {
        try {
            return { id: await resolveWorkspace(ctx), missing: undefined };
        }
        catch (e) {
            if (e instanceof WorkspaceNotFound)
                return { id: undefined, missing: `workspace ${describeWanted(settings.workspace)} does not exist or this user is not a member` };
            throw e;
        }
    });
    if (workspace.id === undefined)
        return nothingToDo(workspace.missing ?? 'no such workspace', true);
    const workspaceId = workspace.id;
    const found = await phase(ctx, 'locate', 'finding the deployment', () => lookupDeployment(ctx, workspaceId));
    if (found.kind === 'no-pipeline') {
        const ws = record.workspace?.name ? `"${record.workspace.name}" (id ${workspaceId})` : String(workspaceId);
        return nothingToDo(`workspace ${ws} has no pipeline "${found.pipeline}"`, true);
    }
    const { deploymentId, name } = found;
    if (found.via === 'no-url') {
        return nothingToDo(`pipeline "${found.pipeline}" has no inference URL (${found.noUrl}), so it was never deployed or does not exist (this server has no pipelines/list_pipelines to tell which)`, true);
    }
    if (deploymentId === undefined || name === undefined)
        return nothingToDo(`pipeline "${found.pipeline}" has never been deployed`);
    if (found.deployed === false)
        return nothingToDo(`pipeline "${found.pipeline}" is not deployed (deployment ${name} was undeployed before)`);
    // Without list_pipelines nothing said whether it is deployed now: the status does (404 = not deployed).
    if (!found.listed && (await ctx.api.getDeployment(name)) === null)
        return nothingToDo(`pipeline "${found.pipeline}" is not deployed (status/get_deployment answers 404 for ${name})`);
    await phase(ctx, 'undeploy', `undeploying ${name}`, () => undeployAndWait(ctx, { deploymentId, name, pipelineId: found.pipelineId }, 'main'));
}
function describeWanted(w) {
    if (!w)
        return '(none given)';
    return 'name' in w ? `"${w.name}"` : `id ${w.id}`;
}

;// CONCATENATED MODULE: ./src/action/github.ts
/** An Octokit for `github-token`, talking to GITHUB_API_URL (api.github.com by default). */
async function githubClient(settings) {
    if (!settings.githubToken)
        throw new Error('internal: githubClient without a token');
    const { getOctokit } = await __nccwpck_require__.e(/* import() */ 413).then(__nccwpck_require__.bind(__nccwpck_require__, 2413));
    return getOctokit(settings.githubToken, { baseUrl: settings.github.apiUrl ?? 'https://api.github.com' });
}
/** owner and repo from GITHUB_REPOSITORY ("owner/repo"). */
function repoOf(settings) {
    const [owner, repo] = (settings.github.repository ?? '').split('/');
    if (!owner || !repo)
        throw new Error('internal: GITHUB_REPOSITORY is not "owner/repo"');
    return { owner, repo };
}
/** The HTTP status of an Octokit error, if it has one. */
function httpStatusOf(e) {
    const status = e?.status;
    return typeof status === 'number' ? status : undefined;
}

;// CONCATENATED MODULE: ./src/action/operations/sweep.ts
/**
 * `sweep`: removes stale ephemeral pipelines in `workspace`: those whose names start with `prefix` and that are
 * older than `max-age` (by their last change) or belong to a closed pull request (`closed-prs`, names ending in
 * `-pr-<number>`). Each is undeployed and deleted (where the server has pipelines/delete_pipeline). A name without
 * the prefix is never touched.
 */












/** The newest timestamp list_pipelines shows for a pipeline (its last change), in epoch ms; undefined when none parses. */
function lastChange(item) {
    const times = [item.pipeline.updated_at, item.pipeline.created_at, item.pipeline_version?.created_at]
        .map((t) => (t ? Date.parse(t) : Number.NaN))
        .filter((t) => Number.isFinite(t));
    return times.length > 0 ? Math.max(...times) : undefined;
}
/** The pull request number in an ephemeral name (`…-pr-<n>`). */
function prNumberIn(name) {
    const m = /-pr-(\d+)$/.exec(name);
    return m ? Number(m[1]) : undefined;
}
/** Whether pull request `n` is closed; undefined (and a warning) when GitHub does not say. */
async function isClosed(ctx, n, cache) {
    if (cache.has(n))
        return cache.get(n);
    let closed;
    try {
        const octokit = await githubClient(ctx.settings);
        const { data } = await octokit.rest.pulls.get({ ...repoOf(ctx.settings), pull_number: n });
        closed = data.state === 'closed';
    }
    catch (e) {
        const status = httpStatusOf(e);
        const why = status === 403 || status === 401
            ? `GitHub refused the token (HTTP ${status}); give the job 'pull-requests: read'`
            : status === 404
                ? 'GitHub has no such pull request'
                : messageOf(e);
        ctx.log.warning(`Pull request #${n} could not be read, so its pipeline is kept: ${why}.`);
    }
    cache.set(n, closed);
    return closed;
}
/** The stale pipelines (read-only; shared by the sweep and its dry run). */
async function sweepCandidates(ctx) {
    const { settings, api, log } = ctx;
    const prefix = required(settings.prefix, 'prefix');
    const ws = await findWorkspace(ctx);
    if (!ws.found) {
        log.warning(`Nothing to sweep: workspace ${JSON.stringify(settings.workspace)} does not exist or this user is not a member. Check '${Inputs.Workspace}'.`);
        return [];
    }
    const workspaceId = ws.found.id;
    ctx.record.workspace = { id: workspaceId, name: ws.found.name, created: false };
    const items = await listPipelinesIn(api, workspaceId);
    if (items === undefined) {
        throw new ActionFailure(`this Wallaroo server has no pipelines/list_pipelines (older than 2025), so 'sweep' cannot find the pipelines named '${prefix}…'; remove them with operation 'undeploy' per pipeline`);
    }
    const now = Date.now();
    const prs = new Map();
    const out = [];
    for (const item of items) {
        const name = item.pipeline.pipeline_id;
        if (!name.startsWith(prefix) || (item.pipeline.workspace_id !== undefined && item.pipeline.workspace_id !== workspaceId))
            continue;
        const reasons = [];
        const changed = lastChange(item);
        if (settings.maxAgeMs !== undefined && changed !== undefined && now - changed > settings.maxAgeMs) {
            reasons.push(`last changed ${new Date(changed).toISOString()}, ${formatDuration(now - changed)} ago (older than '${Inputs.MaxAge}' ${formatDuration(settings.maxAgeMs)})`);
        }
        const pr = prNumberIn(name);
        if (settings.closedPrs && pr !== undefined && (await isClosed(ctx, pr, prs)))
            reasons.push(`pull request #${pr} is closed`);
        if (reasons.length === 0) {
            log.info(`Keeping pipeline "${name}": ${changed === undefined ? 'no change time is known' : `changed ${formatDuration(now - changed)} ago`}${pr !== undefined && settings.closedPrs ? `, pull request #${pr} is not known to be closed` : ''}.`);
            continue;
        }
        out.push({
            name,
            id: item.pipeline.id,
            workspaceId,
            ...(item.deployment?.id !== undefined ? { deploymentId: item.deployment.id } : {}),
            deployed: item.deployment?.deployed === true,
            reason: reasons.join('; ')
        });
    }
    return out;
}
/** Undeploys (if deployed) and deletes one pipeline; returns whether it could be deleted. */
async function removePipeline(ctx, c) {
    if (c.deployed && c.deploymentId !== undefined) {
        await undeployAndWait(ctx, { deploymentId: c.deploymentId, name: deploymentName(c.name, c.deploymentId), pipelineId: c.id }, 'main');
    }
    try {
        await ctx.api.deletePipeline(c.name, c.workspaceId);
        return true;
    }
    catch (e) {
        // No delete_pipeline before 2025: undeployed is as far as it goes.
        if (e instanceof WallarooApiError && e.code === 'NOT_FOUND')
            return false;
        throw e;
    }
}
/** The `sweep` operation. */
async function runSweep(ctx) {
    const { record, log } = ctx;
    const candidates = await phase(ctx, 'find', 'finding stale pipelines', () => sweepCandidates(ctx));
    record.swept = [];
    if (candidates.length === 0)
        return log.info(`Nothing to sweep: no pipeline named '${ctx.settings.prefix}…' is stale.`);
    const failures = [];
    await phase(ctx, 'remove', `removing ${candidates.length} pipeline(s)`, async () => {
        for (const c of candidates) {
            try {
                const deleted = await removePipeline(ctx, c);
                record.swept.push({ name: c.name, id: c.id, reason: c.reason, ...(deleted ? {} : { deleted: false }) });
                log.info(`Swept pipeline "${c.name}" (${c.reason})${deleted ? ': undeployed and deleted' : ': undeployed; this server cannot delete pipelines, so it stays, undeployed'}.`);
            }
            catch (e) {
                failures.push(`"${c.name}": ${describeFailureBriefly(e, ctx.settings)}`);
            }
        }
        if (failures.length > 0)
            throw new ActionFailure(`${failures.length} of ${candidates.length} pipeline(s) could not be removed:\n${failures.map((f) => `  ${f}`).join('\n')}`, 'cleanup-failed');
    });
}

;// CONCATENATED MODULE: ./src/action/operations/upload-model.ts



/** The `upload-model` operation. */
async function runUploadModel(ctx) {
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx));
    await phase(ctx, 'models', 'uploading the models', () => resolveModels(ctx, workspaceId));
}

;// CONCATENATED MODULE: ./src/action/steps/champion.ts






/** A model reference from a definition, or undefined when it lacks name, version or sha. */
function refOf(value) {
    if (!isRecord(value) || typeof value.name !== 'string' || typeof value.version !== 'string' || typeof value.sha !== 'string')
        return undefined;
    return { name: value.name, version: value.version, sha: value.sha };
}
/** The kind of a step (its single key). */
function champion_kindOf(step) {
    return step ? Object.keys(step)[0] : undefined;
}
/**
 * What a definition's answering step is. A shadow deploy is written as the SDK's add_shadow_deploy writes it:
 * `ModelInference {champion, challengers…}`, then `AuditResults {from: 1, to: null}` and `MultiOut {}` as the last
 * steps; a canary is a last `RandomSplit` of two models, the champion first (as `strategy: canary` writes it).
 */
function structureOf(definition) {
    const steps = definition?.steps ?? [];
    const n = steps.length;
    if (n === 0)
        return { prefix: [], shape: { kind: 'other', why: 'the pipeline version has no steps' } };
    if (n >= 3 && champion_kindOf(steps[n - 2]) === 'AuditResults' && champion_kindOf(steps[n - 1]) === 'MultiOut') {
        const models = (steps[n - 3].ModelInference?.models ?? []).map(refOf);
        if (models.length >= 2 && models.every((m) => m !== undefined)) {
            return { prefix: steps.slice(0, n - 3), shape: { kind: 'shadow', champion: models[0], challengers: models.slice(1) } };
        }
    }
    const last = steps[n - 1];
    const prefix = steps.slice(0, n - 1);
    const split = last.RandomSplit;
    if (isRecord(split) && Array.isArray(split.weights)) {
        const arms = split.weights.map((w) => (isRecord(w) ? { model: refOf(w.model), weight: typeof w.weight === 'number' ? w.weight : NaN } : undefined));
        if (arms.length === 2 && arms.every((a) => a?.model !== undefined && Number.isFinite(a.weight))) {
            const hashKey = typeof split.hash_key === 'string' && split.hash_key !== '' ? split.hash_key : undefined;
            return {
                prefix,
                shape: {
                    kind: 'canary',
                    champion: arms[0].model,
                    challenger: arms[1].model,
                    weights: [arms[0].weight, arms[1].weight],
                    ...(hashKey ? { hashKey } : {})
                }
            };
        }
        return { prefix, shape: { kind: 'other', why: `its last step is a RandomSplit of ${arms.length} model(s), not a canary of two` } };
    }
    const models = last.ModelInference?.models ?? [];
    if (models.length === 1 && refOf(models[0]))
        return { prefix, shape: { kind: 'single', model: refOf(models[0]) } };
    return {
        prefix,
        shape: {
            kind: 'other',
            why: `its last step is ${champion_kindOf(last) === 'ModelInference' ? `a ModelInference step of ${models.length} models` : `a ${champion_kindOf(last)} step`}`
        }
    };
}
/** Every model a definition runs (any step kind), for comparing with the models a deployment reports. */
function modelsOfDefinition(definition) {
    const s = structureOf(definition);
    const shape = s.shape;
    const fromPrefix = s.prefix.flatMap((step) => (step.ModelInference?.models ?? []).map(refOf).filter((m) => m !== undefined));
    const tail = shape.kind === 'single'
        ? [shape.model]
        : shape.kind === 'shadow'
            ? [shape.champion, ...shape.challengers]
            : shape.kind === 'canary'
                ? [shape.champion, shape.challenger]
                : [];
    return [...fromPrefix, ...tail];
}
/** A shadow deploy: the champion answers, the challengers run on the same requests (the SDK's add_shadow_deploy). */
function shadowDefinition(prefix, champion, challengers) {
    return { steps: [...prefix, { ModelInference: { models: [champion, ...challengers] } }, { AuditResults: { from: 1, to: null } }, { MultiOut: {} }] };
}
/** A canary: a RandomSplit with the champion first, the challenger getting `weight` percent (sticky by `hashKey`). */
function canaryDefinition(prefix, champion, challenger, weight, hashKey) {
    return {
        steps: [
            ...prefix,
            {
                RandomSplit: {
                    hash_key: hashKey ?? null,
                    weights: [
                        { model: champion, weight: 100 - weight },
                        { model: challenger, weight }
                    ]
                }
            }
        ]
    };
}
/** One model alone after the prefix steps (a promotion, or a return to the champion). */
function singleDefinition(prefix, model) {
    return { steps: [...prefix, { ModelInference: { models: [model] } }] };
}
/** A model for messages: `"ccfraud" (version 1b4e…)`. */
function modelLabel(m) {
    return `"${m.name}"${m.version ? ` (version ${m.version.slice(0, 8)}…)` : ''}`;
}
/** Same model version. */
function sameModel(a, b) {
    return a !== undefined && b !== undefined && a.name === b.name && a.version === b.version;
}
/** A shape in words, for the log. */
function describeShape(shape) {
    switch (shape.kind) {
        case 'single':
            return `model ${modelLabel(shape.model)} alone`;
        case 'shadow':
            return `a shadow deploy of champion ${modelLabel(shape.champion)} with ${shape.challengers.map(modelLabel).join(', ')}`;
        case 'canary':
            return `a canary of champion ${modelLabel(shape.champion)} and challenger ${modelLabel(shape.challenger)}`;
        case 'other':
            return shape.why;
    }
}
/**
 * The structure of a version the deployment runs that is not the pipeline's current one (list_pipelines shows only
 * the current version's steps; after a rollback the deployment runs an older one). Known from the models it runs:
 * one model is that model alone; otherwise, when the current version is a shadow or canary whose earlier steps and
 * champion the deployment also runs, the served version is taken for the same kind with the remaining model(s) as
 * challenger(s) (a canary's weights are then unknown). Undefined when the models do not tell.
 */
function servedStructure(models, current) {
    if (models.length === 1)
        return { prefix: [], shape: { kind: 'single', model: models[0] } };
    const shape = current.shape;
    if (shape.kind !== 'shadow' && shape.kind !== 'canary')
        return undefined;
    const prefixModels = current.prefix.flatMap((step) => step.ModelInference?.models ?? []);
    const key = (m) => `${m.name}@${m.version}`;
    const have = new Set(models.map(key));
    if (!have.has(key(shape.champion)) || !prefixModels.every((m) => have.has(key(m))))
        return undefined;
    const known = new Set([...prefixModels.map(key), key(shape.champion)]);
    const rest = models.filter((m) => !known.has(key(m)));
    if (rest.length === 0)
        return undefined;
    if (shape.kind === 'shadow')
        return { prefix: current.prefix, shape: { kind: 'shadow', champion: shape.champion, challengers: rest } };
    return rest.length === 1 ? { prefix: current.prefix, shape: { kind: 'canary', champion: shape.champion, challenger: rest[0] } } : undefined;
}
/** Whether the status runs exactly the models of `definition`. */
function runsModels(status, definition) {
    const want = new Set(modelsOfDefinition(definition).map((m) => `${m.name}@${m.version}`));
    const have = new Set(statusModels(status).map((m) => `${m.name}@${m.version}`));
    return want.size > 0 && want.size === have.size && [...want].every((k) => have.has(k));
}
/**
 * Reads what the pipeline serves now: its current version's definition (list_pipelines) and the deployment's status,
 * waiting while a rollout is Starting. `purpose` names the caller for messages (e.g. "strategy shadow"). When the
 * deployment runs another version than the current one (after a rollback, say) and that version runs one model,
 * the structure is that model alone; anything else is refused, since its steps cannot be read.
 */
async function readLive(ctx, workspaceId, pipeline, purpose) {
    const lookup = await findPipeline(ctx.api, workspaceId, pipeline);
    if (lookup.kind === 'unsupported') {
        throw new InputMismatch(`${purpose} reads what the pipeline serves from pipelines/list_pipelines, which this Wallaroo server does not have (older than 2024); deploy with the default '${Inputs.Strategy}' instead`);
    }
    if (lookup.kind === 'absent')
        throw new InputMismatch(`${purpose} needs pipeline "${pipeline}" with a live model, but workspace ${workspaceId} has no such pipeline; deploy the champion first (the default '${Inputs.Strategy}'), and check '${Inputs.Pipeline}'`);
    const item = lookup.item;
    const id = item.deployment?.id;
    if (id === undefined || item.deployment?.deployed !== true) {
        throw new InputMismatch(`${purpose} needs pipeline "${pipeline}" deployed with a live model, but it is not deployed; deploy the champion first (the default '${Inputs.Strategy}')`);
    }
    const name = deploymentName(pipeline, id);
    let status = await ctx.api.getDeployment(name);
    if (status?.status === 'Starting') {
        ctx.log.info(`Deployment ${name} is Starting; waiting for it to settle before reading what it serves.`);
        status = await waitForRunning(ctx, name);
    }
    if (status === null || status.status !== 'Running') {
        throw new InputMismatch(`${purpose} needs deployment ${name} Running, but it is ${status?.status ?? 'not deployed (404)'}; fix or redeploy the champion first`);
    }
    const current = currentDefinition(item);
    const serving = statusVersion(status, pipeline);
    const runsCurrent = serving !== undefined ? serving === (item.pipeline_version?.version ?? undefined) : runsModels(status, current);
    if (runsCurrent)
        return { item, deployment: { id, name }, status, structure: structureOf(current), runsCurrent };
    const structure = servedStructure(statusModels(status), structureOf(current));
    if (structure) {
        ctx.log.info(`Deployment ${name} runs ${serving ? `version ${serving}` : 'a version'} other than the pipeline's current one (after a rollback, say); from the models it runs, it serves ${describeShape(structure.shape)}.`);
        return { item, deployment: { id, name }, status, structure, runsCurrent };
    }
    const models = statusModels(status);
    throw new ActionFailure(`${purpose} could not tell what deployment ${name} serves: it runs ${serving ? `version ${serving}` : 'a version'} with ${models.length} models, which is not the pipeline's current version (whose steps list_pipelines shows); deploy the version you want first`);
}

;// CONCATENATED MODULE: ./src/action/operations/promote.ts












/** The model promote or reject keeps, and the other(s) it drops; throws when the shape has no such choice. */
function keptModel(shape, action, pipeline) {
    if (shape.kind === 'canary')
        return { keep: action === 'promote' ? shape.challenger : shape.champion, champion: shape.champion, challengers: [shape.challenger] };
    if (shape.kind === 'shadow') {
        if (action === 'reject')
            return { keep: shape.champion, champion: shape.champion, challengers: shape.challengers };
        if (shape.challengers.length !== 1) {
            throw new InputMismatch(`pipeline "${pipeline}" shadows champion "${shape.champion.name}" with ${shape.challengers.length} challengers (${shape.challengers.map((c) => `"${c.name}"`).join(', ')}), so 'promote' cannot tell which one to keep; deploy a shadow with the one you want ('${Inputs.Strategy}: shadow'), then promote it`);
        }
        return { keep: shape.challengers[0], champion: shape.champion, challengers: shape.challengers };
    }
    throw new InputMismatch(`pipeline "${pipeline}" runs neither a canary nor a shadow deploy (${shape.kind === 'other' ? shape.why : 'one model'}), so there is nothing to ${action}`);
}
/** The engine_config the deployment runs with (list_pipelines shows it), so a settle keeps its resources. */
function deployedEngineConfig(live) {
    const config = live.item.deployment?.engine_config;
    return isRecord(config) ? config : undefined;
}
/** Promote or reject: the pipeline ends serving one model. */
async function settleOnOne(ctx, action) {
    const { settings, record, log } = ctx;
    const pipeline = required(settings.pipeline, 'pipeline');
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx));
    const live = await phase(ctx, 'live', `reading what pipeline "${pipeline}" serves`, () => readLive(ctx, workspaceId, pipeline, `operation '${action}'`));
    const { shape, prefix } = live.structure;
    record.deployment = { id: live.deployment.id, name: live.deployment.name, status: live.status.status, wasDeployed: true };
    if (shape.kind === 'single') {
        record.pipeline = {
            name: pipeline,
            id: live.item.pipeline.id,
            ...(live.runsCurrent ? { versionId: versionPk(live.item), version: live.item.pipeline_version?.version ?? undefined } : {}),
            created: false,
            versionReused: true
        };
        const detail = `pipeline "${pipeline}" already serves model ${modelLabel(shape.model)} alone (no canary or shadow deploy is live), so it is left as it is`;
        record.rollout = { strategy: action, challengers: [], serving: shape.model, decision: { result: 'nothing-to-do', detail } };
        log.info(`Nothing to ${action}: ${detail}.`);
        // Still checked when asked: a re-run proves the pipeline answers as it should.
        if (settings.smokeInput) {
            const input = settings.smokeInput;
            const url = await phase(ctx, 'url', `getting the inference URL of "${pipeline}"`, () => inferenceUrl(ctx, workspaceId, pipeline));
            await smokeAndCheck(ctx, url, input, { pipeline, lastModels: [shape.model] });
        }
        return;
    }
    const { keep, champion, challengers } = keptModel(shape, action, pipeline);
    // The version the deployment runs: the current one's ids, or (after a rollback) only the UUID the status reports.
    const served = live.runsCurrent
        ? { version: live.item.pipeline_version?.version ?? undefined, versionId: versionPk(live.item) }
        : { version: statusVersion(live.status, pipeline) };
    const rolloutRecord = {
        strategy: action,
        champion,
        challengers,
        ...(shape.kind === 'canary'
            ? { canary: { ...(shape.weights ? { weight: shape.weights[1] } : {}), ...(shape.hashKey ? { hashKey: shape.hashKey } : {}), ...served } }
            : {}),
        ...(shape.kind === 'shadow' ? { shadow: served } : {})
    };
    record.rollout = rolloutRecord;
    const what = shape.kind === 'canary' ? 'canary' : 'shadow deploy';
    log.info(`Pipeline "${pipeline}" runs a ${what} of champion ${modelLabel(champion)} and challenger(s) ${challengers.map(modelLabel).join(', ')}; ${action === 'promote' ? 'promoting' : 'rejecting'}: ${modelLabel(keep)} will serve alone.`);
    const definition = singleDefinition(prefix, keep);
    const version = await phase(ctx, 'pipeline', `creating a version of pipeline "${pipeline}" with ${modelLabel(keep)} alone`, () => ensurePipelineVersion(ctx, workspaceId, pipeline, definition));
    if (record.pipeline)
        record.pipeline.definition = definition;
    const engineConfig = deployedEngineConfig(live);
    await deployPrepared(ctx, { workspaceId, pipeline, definition, ...version, ...(engineConfig ? { engineConfig } : {}) });
    rolloutRecord.decision = {
        result: action === 'promote' ? 'promoted' : 'rejected',
        detail: `${action === 'promote' ? 'challenger' : 'champion'} ${modelLabel(keep)} now serves alone; the ${what} is gone`
    };
    rolloutRecord.serving = keep;
}
/** The `promote` operation: the canary's (or shadow's) challenger serves alone. */
async function runPromote(ctx) {
    await settleOnOne(ctx, 'promote');
}

;// CONCATENATED MODULE: ./src/action/operations/reject.ts

/** The `reject` operation. */
async function runReject(ctx) {
    await settleOnOne(ctx, 'reject');
}

;// CONCATENATED MODULE: ./src/action/steps/shadow.ts















/** The champion of what is live: the model alone, a shadow's champion or a canary's first arm. */
function championOf(ctx, structure, purpose, pipeline) {
    const shape = structure.shape;
    switch (shape.kind) {
        case 'single':
            return shape.model;
        case 'shadow':
            ctx.log.info(`Pipeline "${pipeline}" runs a shadow deploy already: its champion ${modelLabel(shape.champion)} stays, its challengers (${shape.challengers.map((c) => `"${c.name}"`).join(', ')}) are replaced by this run's.`);
            return shape.champion;
        case 'canary':
            ctx.log.info(`Pipeline "${pipeline}" runs a canary already: its champion ${modelLabel(shape.champion)} (the first arm) stays, its challenger "${shape.challenger.name}" is replaced by this run's.`);
            return shape.champion;
        case 'other':
            throw new InputMismatch(`${purpose} needs a live champion in pipeline "${pipeline}", but what it serves is not one model: ${shape.why}; deploy the champion alone first (the default '${Inputs.Strategy}')`);
    }
}
/** Workspace, live champion, challengers (uploaded as needed) and a pipeline version, for shadow and canary. */
async function prepareChallengers(ctx, purpose) {
    const pipeline = required(ctx.settings.pipeline, 'pipeline');
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => resolveWorkspace(ctx, () => `${purpose} runs this run's models beside the live champion of pipeline "${pipeline}", but the workspace does not exist; deploy the champion first (the default '${Inputs.Strategy}')`));
    const live = await phase(ctx, 'live', `reading what pipeline "${pipeline}" serves`, () => readLive(ctx, workspaceId, pipeline, purpose));
    const champion = championOf(ctx, live.structure, purpose, pipeline);
    const models = await phase(ctx, 'models', 'preparing the models', () => resolveModels(ctx, workspaceId));
    const challengers = models.map((m) => ({ name: m.name, version: m.version, sha: m.sha }));
    const same = challengers.find((c) => sameModel(c, champion));
    if (same) {
        throw new InputMismatch(`'${Inputs.Models}' entry "${same.name}" is the live champion itself (same model version); a challenger must be another model or another version of it`);
    }
    return { workspaceId, structure: live.structure, champion, challengers };
}
/** Each challenger's answers (its `out_<name>` group) against the champion's `out`, with the gates. */
function compareShadowAnswers(ctx, records, champion, challengers) {
    const rollout = required(ctx.settings.rollout, 'rollout');
    return challengers.map((c) => {
        const theirs = records.map((r) => shadowOutFields(r, c.name));
        if (records.length > 0 && theirs.every((x) => x === undefined)) {
            throw new ActionFailure(`the shadow deploy's answers carry no "out_${c.name}" group, so challenger "${c.name}" cannot be compared with champion "${champion.name}"; the server did not run it as a shadow (check that its version supports shadow deploys)`, 'compare-failed');
        }
        const compared = compareAnswerSets(`model ${modelLabel(c)}`, records.map(outFields), theirs, {
            tolerance: ctx.settings.tolerance,
            decisionThreshold: rollout.decisionThreshold
        });
        return applyGates(compared, rollout.gates);
    });
}
/** The `strategy: shadow` deploy, then the promotion `promote` asks for. */
async function runShadowDeploy(ctx) {
    const { settings, record, log } = ctx;
    const rollout = required(settings.rollout, 'rollout');
    const pipeline = required(settings.pipeline, 'pipeline');
    const input = required(comparisonInput(rollout, settings.smokeInput), 'compare-input or smoke-input');
    const { workspaceId, structure, champion, challengers } = await prepareChallengers(ctx, `'${Inputs.Strategy}: shadow'`);
    const definition = shadowDefinition(structure.prefix, champion, challengers);
    const version = await phase(ctx, 'pipeline', `creating the shadow version of pipeline "${pipeline}"`, () => ensurePipelineVersion(ctx, workspaceId, pipeline, definition));
    if (record.pipeline)
        record.pipeline.definition = definition;
    const rolloutRecord = { strategy: 'shadow', champion, challengers };
    record.rollout = rolloutRecord;
    log.info(`Shadow deploy: champion ${modelLabel(champion)} answers; challenger(s) ${challengers.map(modelLabel).join(', ')} run on the same requests.`);
    const target = { workspaceId, pipeline, definition, ...version };
    await deployPrepared(ctx, target, {
        // A shadow deploy answers with the champion: its last model is the champion, and the goldens are the champion's.
        check: (records, origin) => checkAnswers(ctx, records, { ...origin, lastModels: [champion] }),
        afterCheck: async (url) => {
            await phase(ctx, 'compare', `comparing the challengers with champion "${champion.name}"`, async () => {
                let records = input === settings.smokeInput ? record.smoke?.records : undefined;
                if (!records) {
                    records = await inferRecords(ctx, url, input, `the shadow deploy of "${pipeline}"`);
                    checkWhoAnswered(ctx, records, { pipeline, version: target.version, lastModels: [champion] });
                }
                const compared = compareShadowAnswers(ctx, records, champion, challengers);
                const championLabel = `model ${modelLabel(champion)} (the live champion)`;
                record.comparison = {
                    mode: 'shadow',
                    champion: championLabel,
                    input: { path: input.path, rows: input.rows },
                    tolerance: settings.tolerance,
                    ...(rollout.decisionThreshold !== undefined ? { decisionThreshold: rollout.decisionThreshold } : {}),
                    challengers: compared
                };
                ctx.checkpoint();
                for (const c of compared)
                    logComparison(ctx, championLabel, c);
                const failed = compared.filter((c) => !c.passed);
                if (failed.length > 0) {
                    rolloutRecord.decision = {
                        policy: rollout.promote,
                        result: 'not-promoted',
                        detail: `beyond the gates, so no challenger was promoted; '${Inputs.OnFailure}: ${settings.onFailure}' applies`
                    };
                    throw gateFailure(`the challenger's answers differ from champion "${champion.name}"'s`, failed);
                }
            });
        }
    });
    rolloutRecord.shadow = { ...(target.version ? { version: target.version } : {}), versionId: target.versionId };
    if (rollout.promote === 'never') {
        rolloutRecord.decision = {
            policy: 'never',
            result: 'kept',
            detail: `the shadow deploy keeps running on real traffic (the champion answers); settle it later with operation 'promote' or 'reject'`
        };
        log.info(`'${Inputs.Promote}: never': ${rolloutRecord.decision.detail}.`);
        return;
    }
    await promoteChallenger(ctx, target, challengers[0], rolloutRecord);
}
/** The promotion: a new version with the challenger alone (after the shadow's prefix steps), deployed and checked. */
async function promoteChallenger(ctx, shadow, challenger, rolloutRecord) {
    const { settings, record, log } = ctx;
    const policy = settings.rollout.promote;
    const why = policy === 'if-within' ? 'its answers are within the gates' : `'${Inputs.Promote}' is always`;
    log.info(`Promoting challenger ${modelLabel(challenger)}: ${why}.`);
    const prefix = (shadow.definition.steps ?? []).slice(0, -3);
    const definition = singleDefinition(prefix, challenger);
    const version = await phase(ctx, 'promote', `creating the promoted version of pipeline "${shadow.pipeline}"`, () => ensurePipelineVersion(ctx, shadow.workspaceId, shadow.pipeline, definition));
    if (record.pipeline)
        record.pipeline.definition = definition;
    const target = { workspaceId: shadow.workspaceId, pipeline: shadow.pipeline, definition, ...version };
    // No guard: record.previous stays the version Running before this run, so a failed promotion rolls back to the
    // champion alone, as it was. Goldens are not checked here: they hold the champion's answers, and the promoted
    // challenger's were just compared with them under the gates.
    await deployPrepared(ctx, target, { skipGuard: true, check: (records, origin) => checkWhoAnswered(ctx, records, origin) });
    rolloutRecord.decision = { policy, result: 'promoted', detail: `challenger ${modelLabel(challenger)} now serves alone (${why})` };
    rolloutRecord.serving = challenger;
}

;// CONCATENATED MODULE: ./src/action/steps/canary.ts
/**
 * `strategy: canary`: a RandomSplit of the live champion and this run's challenger, the challenger getting
 * `canary-weight` percent of the requests (sticky by `hash-key`: the same value of that column always reaches the
 * same model). Deployed and checked like any deploy; `operation: promote` or `reject` settles it later.
 */









/** The `strategy: canary` deploy. */
async function runCanaryDeploy(ctx) {
    const { settings, record, log } = ctx;
    const rollout = required(settings.rollout, 'rollout');
    const weight = required(rollout.canaryWeight, 'canary-weight');
    const pipeline = required(settings.pipeline, 'pipeline');
    const { workspaceId, structure, champion, challengers } = await prepareChallengers(ctx, `'${Inputs.Strategy}: canary'`);
    const [challenger] = challengers;
    const definition = canaryDefinition(structure.prefix, champion, challenger, weight, rollout.hashKey);
    const version = await phase(ctx, 'pipeline', `creating the canary version of pipeline "${pipeline}"`, () => ensurePipelineVersion(ctx, workspaceId, pipeline, definition));
    if (record.pipeline)
        record.pipeline.definition = definition;
    const rolloutRecord = {
        strategy: 'canary',
        champion,
        challengers,
        canary: { weight, ...(rollout.hashKey ? { hashKey: rollout.hashKey } : {}) }
    };
    record.rollout = rolloutRecord;
    const sticky = rollout.hashKey ? `, sticky by column "${rollout.hashKey}"` : '';
    log.info(`Canary: challenger ${modelLabel(challenger)} gets ${weight}% of the requests, champion ${modelLabel(champion)} ${100 - weight}%${sticky}.`);
    const target = { workspaceId, pipeline, definition, ...version };
    await deployPrepared(ctx, target, {
        check: (records, origin) => {
            // Either model may answer a request, so the version tells who answered, not the last model.
            checkAnswers(ctx, records, { pipeline: origin.pipeline, version: origin.version });
            const arm = splitModelOf(records[0]);
            if (arm?.name)
                log.info(`The smoke request went to ${arm.name === challenger.name && (!arm.version || arm.version === challenger.version) ? 'the challenger' : 'the champion'} ("${arm.name}").`);
        }
    });
    rolloutRecord.canary = { ...rolloutRecord.canary, ...(target.version ? { version: target.version } : {}), versionId: target.versionId };
    rolloutRecord.decision = {
        result: 'kept',
        detail: `the canary serves ${weight}% of requests with the challenger; settle it with operation 'promote' (the challenger alone) or 'reject' (the champion alone)`
    };
}

;// CONCATENATED MODULE: ./src/action/operations/strategy.ts



/** The `deploy` operation, whichever `strategy` it uses. */
async function runDeployWithStrategy(ctx) {
    switch (ctx.settings.rollout?.strategy ?? 'basic') {
        case 'shadow':
            return runShadowDeploy(ctx);
        case 'canary':
            return runCanaryDeploy(ctx);
        default:
            return runDeploy(ctx);
    }
}

;// CONCATENATED MODULE: ./src/action/operations/index.ts








// Champion and challenger



/** The implementation of each operation. */
const operations = {
    deploy: runDeployWithStrategy,
    'upload-model': runUploadModel,
    'create-pipeline': runCreatePipeline,
    undeploy: runUndeploy,
    'copy-pipeline': runCopyPipeline,
    status: runStatus,
    infer: runInfer,
    'get-url': runGetUrl,
    sweep: runSweep,
    // Champion and challenger
    promote: runPromote,
    reject: runReject
};

;// CONCATENATED MODULE: ./src/action/operations/plan-rollout.ts














/** The gates in words, e.g. `gates: max-live-deviation 0.05, max-changed-rows 2%`. */
function describeGates(rollout) {
    const g = rollout.gates;
    const parts = [
        ...(g.maxDeviation !== undefined ? [`'${Inputs.MaxLiveDeviation}' ${g.maxDeviation}`] : []),
        ...(g.maxChangedRows !== undefined
            ? [`'${Inputs.MaxChangedRows}' ${'count' in g.maxChangedRows ? g.maxChangedRows.count : `${g.maxChangedRows.percent}%`}`]
            : [])
    ];
    return parts.length > 0 ? `gates: ${parts.join(', ')} (beyond them, '${Inputs.OnFailure}' applies)` : 'no gates: reported only';
}
/** How rows are judged, e.g. `within tolerance abs=…,rel=…, class at decision-threshold 0.5`. */
function judgement(ctx) {
    const t = ctx.settings.rollout?.decisionThreshold;
    return `within tolerance ${formatTolerance(ctx.settings.tolerance)}${t !== undefined ? `, one-value outputs by class at '${Inputs.DecisionThreshold}' ${t}` : ''}`;
}
/** compare-with-live, before deploying: the live version's answers (or why there are none). */
function planLiveAnswers(ctx, add, runningVersion) {
    const rollout = ctx.settings.rollout;
    const input = comparisonInput(rollout, ctx.settings.smokeInput);
    if (!rollout?.compareWithLive || !input)
        return;
    if (runningVersion)
        add('infer', 'the live version', `${input.rows} row(s) from ${input.path} to ${runningVersion} before deploying, to keep its answers`);
    else
        add('skip', `'${Inputs.CompareWithLive}'`, 'nothing is Running now, so there would be nothing to compare with');
}
/** compare-with-live, after the smoke check: the comparison and its gates. */
function planLiveComparison(ctx, add, runningVersion) {
    const rollout = ctx.settings.rollout;
    const input = comparisonInput(rollout, ctx.settings.smokeInput);
    if (!rollout?.compareWithLive || !input || !runningVersion)
        return;
    add('compare', `pipeline "${ctx.settings.pipeline}"`, `the new version's answers to ${input.path} against ${runningVersion}'s, ${judgement(ctx)}; ${describeGates(rollout)}`);
}
/** The plan of a shadow or canary deploy. */
async function planStrategy(ctx) {
    const { settings } = ctx;
    const rollout = required(settings.rollout, 'rollout');
    const add = planner(ctx);
    const pipeline = required(settings.pipeline, 'pipeline');
    const purpose = `'${Inputs.Strategy}: ${rollout.strategy}'`;
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => planWorkspace(ctx, add));
    if (workspaceId === undefined)
        throw new InputMismatch(`${purpose} runs this run's models beside the live champion of pipeline "${pipeline}", but the workspace does not exist; deploy the champion first (the default '${Inputs.Strategy}')`);
    const live = await phase(ctx, 'live', `reading what pipeline "${pipeline}" serves`, () => readLive(ctx, workspaceId, pipeline, purpose));
    const champion = championOf(ctx, live.structure, purpose, pipeline);
    add('keep', `champion ${modelLabel(champion)}`, `serving now in deployment ${live.deployment.name}; it stays champion`);
    const refs = await phase(ctx, 'models', 'looking up the models', () => planModels(ctx, add, workspaceId));
    const challengers = [...refs.values()].every((r) => r !== undefined) ? [...refs.values()] : undefined;
    const weight = rollout.canaryWeight ?? 0;
    const definition = challengers &&
        (rollout.strategy === 'shadow'
            ? shadowDefinition(live.structure.prefix, champion, challengers)
            : canaryDefinition(live.structure.prefix, champion, challengers[0], weight, rollout.hashKey));
    const names = settings.models.map((m) => `"${m.name}"`).join(', ');
    const what = rollout.strategy === 'shadow'
        ? `a shadow deploy: champion ${modelLabel(champion)} answers, challenger(s) ${names} run on the same requests`
        : `a canary: champion ${modelLabel(champion)} ${100 - weight}%, challenger ${names} ${weight}%${rollout.hashKey ? `, sticky by column "${rollout.hashKey}"` : ''}`;
    const current = currentDefinition(live.item);
    const target = `pipeline "${pipeline}"`;
    if (definition && current && sameDefinition(current, definition))
        add('reuse', target, `its current version ${versionPk(live.item)} already is ${what}`);
    else
        add('create', `a version of ${target}`, what);
    const runningVersion = `version ${live.item.pipeline_version?.version ?? versionPk(live.item)}`;
    add('redeploy', `deployment ${live.deployment.name}`, `now Running ${runningVersion}; the engines would be updated with engine ${JSON.stringify(settings.engineConfig.engine ?? {})}`);
    add('wait', target, `until Running, within '${Inputs.Timeout}' ${formatDuration(settings.timeoutMs)}`);
    if (settings.smokeInput)
        add('infer', target, `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}${rollout.strategy === 'shadow' ? ' (the champion answers)' : ' (either model may answer)'}`);
    if (settings.expectedOutput)
        add('check', target, `answers against ${settings.expectedOutput.path} within ${formatTolerance(settings.tolerance)}`);
    if (rollout.strategy === 'shadow') {
        const input = required(comparisonInput(rollout, settings.smokeInput), 'compare-input');
        add('compare', 'the challenger(s)', `${input.rows} row(s) from ${input.path}: each challenger's out_<name> answers against the champion's out, ${judgement(ctx)}; ${describeGates(rollout)}`);
        if (rollout.promote === 'never')
            add('keep', 'the shadow deploy', `running for real traffic ('${Inputs.Promote}: never'); settle it later with operation 'promote' or 'reject'`);
        else {
            const when = rollout.promote === 'if-within' ? 'if the answers are within the gates' : `whatever the comparison shows ('${Inputs.Promote}: always')`;
            add('promote', `challenger ${names}`, `${when}: a new version with it alone, deployed, waited for and checked`);
        }
    }
    else {
        add('keep', 'the canary', `serving real traffic; settle it later with operation 'promote' (the challenger alone) or 'reject' (the champion alone)`);
    }
    add('on-failure', target, settings.onFailure === 'keep'
        ? 'if the wait or the checks fail: leave the deployment as it is'
        : `if the wait or the checks fail: ${settings.onFailure === 'rollback' ? `roll back to ${runningVersion} (Running now)` : 'undeploy it'}`);
    planTeardown(ctx, add, false);
}
/** The plan of promote or reject. */
async function planSettle(ctx, action) {
    const { settings, record } = ctx;
    const add = planner(ctx);
    const pipeline = required(settings.pipeline, 'pipeline');
    const ws = await phase(ctx, 'workspace', 'resolving the workspace', () => findWorkspace(ctx));
    if (!ws.found)
        throw new WorkspaceNotFound(refusalToCreate(ctx, ws.visible) ?? `workspace not found; check '${Inputs.Workspace}'`);
    record.workspace = { id: ws.found.id, name: ws.found.name, created: false };
    const live = await phase(ctx, 'live', `reading what pipeline "${pipeline}" serves`, () => readLive(ctx, ws.found.id, pipeline, `operation '${action}'`));
    const { shape, prefix } = live.structure;
    const target = `pipeline "${pipeline}"`;
    if (shape.kind === 'single') {
        add('nothing', target, `it already serves model ${modelLabel(shape.model)} alone (no canary or shadow deploy is live)`);
        if (settings.smokeInput)
            add('infer', target, `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}`);
        return;
    }
    const { keep } = keptModel(shape, action, pipeline);
    const what = shape.kind === 'canary' ? 'canary' : 'shadow deploy';
    const current = `version ${live.item.pipeline_version?.version ?? versionPk(live.item)}`;
    add('create', `a version of ${target}`, `${prefix.length > 0 ? `its ${prefix.length} earlier step(s), then ` : ''}model ${modelLabel(keep)} alone`);
    add('redeploy', `deployment ${live.deployment.name}`, `now Running the ${what} (${current}); with the deployment's own engine_config`);
    add('wait', target, `until Running, within '${Inputs.Timeout}' ${formatDuration(settings.timeoutMs)}`);
    if (settings.smokeInput)
        add('infer', target, `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}, checking ${modelLabel(keep)} answered`);
    if (settings.expectedOutput)
        add('check', target, `answers against ${settings.expectedOutput.path} within ${formatTolerance(settings.tolerance)}`);
    add('on-failure', target, settings.onFailure === 'keep'
        ? 'if the wait or the checks fail: leave the deployment as it is'
        : `if the wait or the checks fail: ${settings.onFailure === 'rollback' ? `roll back to the ${what} (${current})` : 'undeploy it'}`);
}

;// CONCATENATED MODULE: ./src/action/operations/plan.ts

















// Champion and challenger

/** A Running version the server does not name (2023 servers without list_pipelines). */
const UNNAMED = 'a version the server does not name';
/** Adds plan steps to the record and the log. */
function planner(ctx) {
    const steps = (ctx.record.plan = []);
    return (action, target, detail) => {
        steps.push({ action, target, detail });
        ctx.log.info(`Plan: ${action} ${target}: ${detail}`);
    };
}
/** The workspace id, or undefined when the plan would create it (refusals as in a real run). */
async function planWorkspace(ctx, add) {
    const lookup = await findWorkspace(ctx);
    const wanted = required(ctx.settings.workspace, 'workspace');
    const label = 'name' in wanted ? `workspace "${wanted.name}"` : `workspace ${wanted.id}`;
    if (lookup.found) {
        ctx.record.workspace = { id: lookup.found.id, name: lookup.found.name, created: false };
        add('use', label, `exists (id ${lookup.found.id})`);
        return lookup.found.id;
    }
    const notCreated = refusalToCreate(ctx, lookup.visible);
    if (notCreated)
        throw new WorkspaceNotFound(notCreated);
    const given = givenVersionsNeedExistingWorkspace(ctx);
    if (given)
        throw new InputMismatch(given);
    add('create', label, 'does not exist; it would be created');
    return undefined;
}
/** Each model: reused (by sha), given, or uploaded; returns the refs known without uploading (undefined for uploads). */
async function planModels(ctx, add, workspaceId) {
    const { settings, api } = ctx;
    const refs = new Map();
    const list = workspaceId !== undefined && settings.models.some((m) => m.kind !== 'id') ? await listModelsOrNothing(api, workspaceId) : undefined;
    const given = workspaceId !== undefined ? await checkGivenVersions(ctx, list, workspaceId) : new Map();
    for (const spec of settings.models) {
        const target = `model "${spec.name}"`;
        if (spec.kind !== 'file') {
            const g = given.get(spec) ?? (spec.kind === 'existing' ? { version: spec.version, sha: spec.sha } : undefined);
            refs.set(spec.name, g && { name: spec.name, version: g.version, sha: g.sha });
            add('use', target, spec.kind === 'id' ? `the given version id ${spec.versionId}${g ? ` (${g.version})` : ''}` : `the given version ${spec.version}`);
            continue;
        }
        const { reusable, rejected } = workspaceId === undefined ? { reusable: undefined, rejected: [] } : await findReusableVersion(api, list, workspaceId, spec);
        if (reusable) {
            refs.set(spec.name, { name: spec.name, version: reusable.version, sha: spec.sha });
            add('reuse', target, `version ${reusable.versionId} already has sha ${spec.sha.slice(0, 12)}… with these conversion settings`);
        }
        else {
            refs.set(spec.name, undefined);
            const why = rejected.length > 0 ? `; not reused: ${rejected.join('; ')}` : '';
            add('upload', target, `${spec.path} (${spec.size} bytes, sha ${spec.sha.slice(0, 12)}…, framework ${spec.framework}${spec.arch ? `, arch ${spec.arch}` : ''}), then wait for its conversion${why}`);
        }
    }
    return refs;
}
/** deploy and create-pipeline. */
async function planDeploy(ctx) {
    const { settings, record, api } = ctx;
    const add = planner(ctx);
    const pipeline = required(settings.pipeline, 'pipeline');
    const workspaceId = await phase(ctx, 'workspace', 'resolving the workspace', () => planWorkspace(ctx, add));
    const refs = await phase(ctx, 'models', 'looking up the models', () => planModels(ctx, add, workspaceId));
    const known = [...refs.values()].every((r) => r !== undefined) ? new Map([...refs].map(([k, v]) => [k, v])) : undefined;
    const definition = known && (settings.pipelineDefinition ? fillDefinition(settings.pipelineDefinition, known) : defaultDefinition([...known.values()]));
    const lookup = await phase(ctx, 'pipeline', `looking up pipeline "${pipeline}"`, async () => workspaceId === undefined ? { kind: 'absent' } : findPipeline(api, workspaceId, pipeline));
    const target = `pipeline "${pipeline}"`;
    const item = lookup.kind === 'found' ? lookup.item : undefined;
    if (lookup.kind === 'absent')
        add('create', target, 'does not exist; it would be created with this definition');
    else if (lookup.kind === 'unsupported')
        add('create', `a version of ${target}`, 'this server has no list_pipelines, so reuse cannot be checked: a new version would be created');
    else {
        const currentId = versionPk(item);
        const current = item?.pipeline_version?.definition ?? (item?.pipeline_version?.steps ? { steps: item.pipeline_version.steps } : undefined);
        if (definition && current && sameDefinition(current, definition))
            add('reuse', target, `its current version ${currentId} already has this definition`);
        else
            add('create', `a version of ${target}`, known ? `the definition differs from the current version ${currentId ?? '(none)'}` : 'a model would be uploaded first, so the definition is new');
    }
    record.pipeline = { name: pipeline, ...(item ? { id: item.pipeline.id } : {}), created: lookup.kind === 'absent', versionReused: false };
    if (settings.operation === 'create-pipeline')
        return planTeardown(ctx, add, lookup.kind === 'absent');
    let deploymentId = item?.deployment?.id;
    let deployed = item?.deployment?.deployed === true;
    if (lookup.kind === 'unsupported' && workspaceId !== undefined) {
        // No list_pipelines: the inference URL names the deployment once there was one (steps/deployment-url.ts).
        const fromUrl = await deploymentFromUrl(ctx, workspaceId, pipeline);
        if (fromUrl.kind === 'named') {
            deploymentId = fromUrl.id;
            deployed = true;
        }
    }
    const engine = JSON.stringify(settings.engineConfig.engine ?? {});
    let runningVersion;
    if (deploymentId !== undefined && deployed) {
        const name = deploymentName(pipeline, deploymentId);
        const status = await api.getDeployment(name);
        const pk = versionPk(item);
        runningVersion = status?.status === 'Running' ? (statusVersion(status, pipeline) ?? (pk !== undefined ? `version ${pk}` : UNNAMED)) : undefined;
        planLiveAnswers(ctx, add, runningVersion);
        add('redeploy', `deployment ${name}`, `now ${status?.status ?? 'not found (404)'}${runningVersion ? ` with ${runningVersion}` : ''}; the engines would be updated with engine ${engine}`);
    }
    else {
        planLiveAnswers(ctx, add, undefined);
        add('deploy', target, `not deployed now; a deployment would be started with engine ${engine}`);
    }
    add('wait', target, `until Running, within '${Inputs.Timeout}' ${formatDuration(settings.timeoutMs)} (an Error lasting '${Inputs.ErrorGrace}' ${formatDuration(settings.errorGraceMs)} fails at once)`);
    if (settings.smokeInput) {
        add('infer', target, `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}, checking this run's version answered`);
        if (settings.expectedOutput)
            add('check', target, `answers against ${settings.expectedOutput.path} within ${formatTolerance(settings.tolerance)}`);
    }
    else {
        add('skip', 'smoke inference', `no '${Inputs.SmokeInput}' given: the deployment would not be checked`);
    }
    planLiveComparison(ctx, add, runningVersion);
    const policy = settings.onFailure;
    const onFailure = policy === 'keep'
        ? 'leave the deployment as it is'
        : policy === 'rollback' && runningVersion === UNNAMED
            ? `leave it as it is: the version Running now is not named by this server (no list_pipelines, no version in its status), so it cannot be rolled back to`
            : policy === 'rollback' && runningVersion
                ? `roll back to ${runningVersion} (Running now)`
                : 'undeploy it' + (policy === 'rollback' ? ' (nothing is Running now to roll back to)' : '');
    add('on-failure', target, `if the wait or the checks fail: ${onFailure}`);
    planTeardown(ctx, add, lookup.kind === 'absent');
}
/** What the post step would remove. */
function planTeardown(ctx, add, createsPipeline) {
    const { teardown, ephemeralBase } = ctx.settings;
    if (teardown === 'never')
        return;
    const what = createsPipeline || ephemeralBase
        ? 'undeploy and delete the pipeline'
        : 'undeploy the deployment if this run started it (the pipeline existed before, so it stays)';
    add('teardown', `pipeline "${ctx.settings.pipeline ?? ctx.settings.newPipeline}"`, `${teardown === 'always' ? 'after the job' : 'after the job, if this step failed'}: ${what}`);
}
async function planUploadModel(ctx) {
    const add = planner(ctx);
    const workspaceId = await planWorkspace(ctx, add);
    await planModels(ctx, add, workspaceId);
}
async function planUndeploy(ctx) {
    const add = planner(ctx);
    const lookup = await findWorkspace(ctx).catch((e) => {
        if (e instanceof WorkspaceNotFound)
            return undefined;
        throw e;
    });
    if (!lookup?.found)
        return add('nothing', `pipeline "${ctx.settings.pipeline}"`, 'the workspace does not exist');
    const found = await lookupDeployment(ctx, lookup.found.id);
    if (found.kind === 'no-pipeline')
        return add('nothing', `pipeline "${found.pipeline}"`, 'it does not exist in the workspace');
    if (found.name === undefined || found.deployed === false)
        return add('nothing', `pipeline "${found.pipeline}"`, 'it is not deployed');
    const status = await ctx.api.getDeployment(found.name);
    add(status ? 'undeploy' : 'nothing', `deployment ${found.name}`, status ? `now ${status.status}` : 'not deployed (404)');
}
async function planCopy(ctx) {
    const add = planner(ctx);
    const { settings } = ctx;
    const source = required(settings.sourcePipeline, 'source-pipeline');
    const target = required(settings.newPipeline, 'new-pipeline');
    const ws = await findWorkspace(ctx);
    if (!ws.found)
        throw new WorkspaceNotFound(refusalToCreate(ctx, ws.visible) ?? `workspace not found; check '${Inputs.Workspace}'`);
    const which = settings.sourceVersion ? `version ${settings.sourceVersion}` : 'its latest version';
    const items = await listPipelinesIn(ctx.api, ws.found.id);
    let to;
    if (items === undefined) {
        if (settings.sourcePipelineId === undefined) {
            throw new InputMismatch(`this Wallaroo server has no pipelines/list_pipelines (older than 2025), so '${Inputs.SourcePipeline}' "${source}" cannot be resolved to an id; give the pipeline's numeric id instead`);
        }
        add('copy', `pipeline ${source}`, `${which} to "${target}" (this server has no list_pipelines, so neither the source nor the name "${target}" could be checked)`);
    }
    else {
        const from = settings.sourcePipelineId !== undefined ? items.find((i) => i.pipeline.id === settings.sourcePipelineId) : pickPipeline(items, ws.found.id, source);
        if (!from)
            throw new InputMismatch(`no pipeline "${source}" in workspace ${ws.found.id}; check '${Inputs.SourcePipeline}'`);
        to = pickPipeline(items, ws.found.id, target);
        add(to ? 'nothing' : 'copy', `pipeline "${from.pipeline.pipeline_id}"`, to ? `"${target}" already exists (id ${to.pipeline.id})` : `${which} to "${target}" (current version ${versionPk(from)})`);
    }
    if (settings.deployCopy) {
        const copyTarget = `pipeline "${target}"`;
        add(to?.deployment?.deployed ? 'redeploy' : 'deploy', copyTarget, `with engine ${JSON.stringify(settings.engineConfig.engine ?? {})}`);
        add('wait', copyTarget, `until Running, within '${Inputs.Timeout}' ${formatDuration(settings.timeoutMs)}`);
        if (settings.smokeInput)
            add('infer', copyTarget, `${settings.smokeInput.rows} row(s) from ${settings.smokeInput.path}${settings.expectedOutput ? `, checked against ${settings.expectedOutput.path}` : ''}`);
        add('on-failure', copyTarget, settings.onFailure === 'keep' ? 'leave the deployment as it is' : 'undeploy the copy (nothing ran before it)');
    }
    planTeardown(ctx, add, !to);
}
async function planInfer(ctx) {
    const add = planner(ctx);
    const ws = await findWorkspace(ctx);
    if (!ws.found)
        throw new WorkspaceNotFound(refusalToCreate(ctx, ws.visible) ?? `workspace not found; check '${Inputs.Workspace}'`);
    const found = await lookupDeployment(ctx, ws.found.id, 'unknown');
    const input = required(ctx.settings.smokeInput, 'smoke-input');
    const status = found.kind === 'pipeline' && found.name ? await ctx.api.getDeployment(found.name) : null;
    add('infer', `pipeline "${ctx.settings.pipeline}"`, `${input.rows} row(s) from ${input.path}; the deployment is now ${status?.status ?? 'not deployed'}`);
    if (ctx.settings.expectedOutput)
        add('check', `pipeline "${ctx.settings.pipeline}"`, `answers against ${ctx.settings.expectedOutput.path}`);
    if (ctx.settings.writeOutput)
        add('write', ctx.settings.writeOutput, 'the answers (a local file, not the server)');
}
async function planSweep(ctx) {
    const add = planner(ctx);
    const candidates = await sweepCandidates(ctx);
    if (candidates.length === 0)
        add('nothing', `pipelines "${ctx.settings.prefix}*"`, 'none is stale');
    for (const c of candidates)
        add('remove', `pipeline "${c.name}"`, c.reason);
}
/** The planner of each operation; status and get-url only read, so they run as they are. */
const planners = {
    deploy: (ctx) => ((ctx.settings.rollout?.strategy ?? 'basic') === 'basic' ? planDeploy(ctx) : planStrategy(ctx)),
    'create-pipeline': planDeploy,
    'upload-model': planUploadModel,
    undeploy: planUndeploy,
    'copy-pipeline': planCopy,
    status: async (ctx) => {
        planner(ctx)('read', `pipeline "${ctx.settings.pipeline}"`, 'status only reads, so it runs as usual');
        await runStatus(ctx);
    },
    'get-url': async (ctx) => {
        planner(ctx)('read', `pipeline "${ctx.settings.pipeline}"`, 'get-url only reads, so it runs as usual');
        await runGetUrl(ctx);
    },
    infer: planInfer,
    sweep: planSweep,
    // Champion and challenger
    promote: (ctx) => planSettle(ctx, 'promote'),
    reject: (ctx) => planSettle(ctx, 'reject')
};

;// CONCATENATED MODULE: ./src/action/dry-run.ts
/** Methods of WallarooApi that change server state (or, for infer, run the model). */
const WRITES = new Set([
    'createWorkspace',
    'uploadModel',
    'createPipeline',
    'copyPipeline',
    'deployPipeline',
    'undeployPipeline',
    'deletePipeline',
    'infer'
]);
/** Wraps `api` so that writes fail loudly instead of reaching the server. */
function readOnly(api) {
    return new Proxy(api, {
        get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver);
            if (typeof prop === 'string' && WRITES.has(prop)) {
                return () => Promise.reject(new Error(`internal: the dry run tried to call ${prop}, which would change the server; nothing was sent`));
            }
            return typeof value === 'function' ? value.bind(target) : value;
        }
    });
}

;// CONCATENATED MODULE: ./src/action/report/outputs.ts
/** Sets the action's outputs from the run record; called on every run, failed or not. */

/** Keeps the first records whose JSON array fits in `maxBytes` (UTF-8), so the output stays valid JSON. */
function cutRecords(records, maxBytes = SMOKE_OUTPUT_MAX_BYTES) {
    let size = 2; // "[" and "]"
    let kept = 0;
    const parts = [];
    for (const r of records) {
        const part = JSON.stringify(r) ?? 'null';
        const add = Buffer.byteLength(part) + (kept > 0 ? 1 : 0);
        if (size + add > maxBytes)
            break;
        parts.push(part);
        size += add;
        kept++;
    }
    return { json: `[${parts.join(',')}]`, kept, total: records.length };
}
/** The `models` output: one entry per model with its ids and whether it was reused or uploaded. */
function modelsOutput(record) {
    return JSON.stringify(record.models.map((m) => ({ name: m.name, version_id: m.versionId ?? null, version: m.version, sha: m.sha, source: m.source })));
}
/** Every output the record has a value for, as strings (undefined values are left unset). */
function outputValues(record, durationMs) {
    const out = {};
    const set = (name, v) => {
        if (v !== undefined && v !== '')
            out[name] = String(v);
    };
    set(Outputs.WorkspaceId, record.workspace?.id);
    set(Outputs.PipelineId, record.pipeline?.id);
    set(Outputs.PipelineVersionId, record.pipeline?.versionId);
    set(Outputs.PipelineVersion, record.pipeline?.version);
    set(Outputs.DeploymentId, record.deployment?.id);
    set(Outputs.DeploymentName, record.deployment?.name);
    set(Outputs.Status, record.deployment?.status);
    set(Outputs.InferenceUrl, record.inferenceUrl);
    if (record.models.length > 0)
        set(Outputs.Models, modelsOutput(record));
    if (record.smoke) {
        set(Outputs.SmokeOutput, cutRecords(record.smoke.records).json);
        set(Outputs.SmokeLatencyMs, record.smoke.latencyMs);
    }
    set(Outputs.DurationSeconds, (durationMs / 1000).toFixed(1));
    set(Outputs.Outcome, record.outcome);
    set(Outputs.PipelineName, record.pipelineName ?? record.pipeline?.name);
    // Empty when nothing was checked, so `if: steps.x.outputs.smoke-passed == 'false'` means a real mismatch.
    if (record.golden) {
        set(Outputs.SmokePassed, String(record.golden.passed));
        if (record.golden.maxDeviation !== null)
            set(Outputs.SmokeMaxDeviation, record.golden.maxDeviation);
    }
    const rollback = record.cleanup.find((c) => c.action === 'rollback' && c.result === 'done' && c.rolledBackTo);
    if (rollback?.rolledBackTo)
        set(Outputs.RolledBackTo, JSON.stringify({ version: rollback.rolledBackTo.version ?? null, version_id: rollback.rolledBackTo.versionId ?? null }));
    if (record.plan)
        set(Outputs.Plan, JSON.stringify(record.plan));
    if (record.swept)
        set(Outputs.Swept, JSON.stringify(record.swept));
    // Champion and challenger: the worst challenger's figures (one challenger for compare-with-live).
    const compared = record.comparison?.challengers ?? [];
    if (compared.length > 0) {
        const deviations = compared.map((c) => c.maxDeviation).filter((d) => d !== null);
        if (deviations.length > 0)
            set(Outputs.LiveMaxDeviation, Math.max(...deviations));
        set(Outputs.LiveChangedRows, Math.max(...compared.map((c) => c.changedRows)));
    }
    return out;
}
/** Sets the outputs; returns a note when smoke-output had to be cut, for the log. */
function setOutputs(record, durationMs, setOutput) {
    for (const [name, value] of Object.entries(outputValues(record, durationMs)))
        setOutput(name, value);
    if (record.smoke) {
        const cut = cutRecords(record.smoke.records);
        if (cut.kept < cut.total) {
            return `Output '${Outputs.SmokeOutput}' holds the first ${cut.kept} of ${cut.total} answer records (outputs are capped at ${SMOKE_OUTPUT_MAX_BYTES} bytes); the job summary shows the first rows.`;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/action/report/outcome.ts
/**
 * The `outcome` output: how the run ended, in one word a workflow can branch on. Failures carry their outcome
 * (ActionFailure.outcome) or get it from the phase they happened in; a failure policy that acted turns it into
 * `rolled-back` or `cleanup-failed`.
 */


/** Every value of the `outcome` output (documented in action.yml and the README's troubleshooting). */
const OUTCOMES = (/* unused pure expression or super */ null && ([
    'success',
    'invalid-input',
    'upload-failed',
    'deploy-failed',
    'deploy-timeout',
    'smoke-failed',
    // Champion and challenger: the new model's answers differ from the live model's beyond the gates.
    'compare-failed',
    'rolled-back',
    'cleanup-failed',
    'cancelled',
    'planned'
]));
/** Outcomes with exit code 0. */
const SUCCESSFUL_OUTCOMES = ['success', 'planned'];
/** What a failure in each phase means when the error does not say (phase names as `phase()` records them). */
const PHASE_OUTCOMES = {
    models: 'upload-failed',
    smoke: 'smoke-failed',
    check: 'smoke-failed'
};
/** Operations whose whole purpose is cleaning up: any failure of theirs leaves something behind. */
const CLEANUP_OPERATIONS = new Set(['undeploy', 'sweep']);
/** The outcome of a failure, judged from the error and the phase that failed. */
function failureOutcome(e, record, tokenAuth, serviceAccount = false) {
    if (e instanceof InputError)
        return 'invalid-input';
    const cause = e instanceof PhaseError ? e.cause : e;
    if (cause instanceof InputError)
        return 'invalid-input';
    if (cause instanceof ActionFailure && cause.outcome)
        return cause.outcome;
    // Refused credentials are wrong inputs, whichever phase first met them.
    if (cause instanceof WallarooApiError && (cause.code === 'AUTH_FAILED' || (cause.code === 'UNAUTHORIZED' && tokenAuth)))
        return 'invalid-input';
    // A service account's token refused by an MLOps route: the kind of credentials is wrong for the action, nothing changed.
    if (cause instanceof WallarooApiError && cause.code === 'FORBIDDEN' && serviceAccount && !cause.endpoint.includes('/pipelines/infer'))
        return 'invalid-input';
    if (CLEANUP_OPERATIONS.has(record.operation))
        return 'cleanup-failed';
    // The step's `timeout` ran out during a request: a deploy that did not finish in time.
    if (cause instanceof WallarooApiError && cause.code === 'DEADLINE' && record.operation === 'deploy')
        return 'deploy-timeout';
    const failed = [...record.phases].reverse().find((p) => p.outcome === 'failed');
    return (failed && PHASE_OUTCOMES[failed.name]) ?? 'deploy-failed';
}
/** The final outcome once the failure policy has acted: a rollback that worked, or cleanup that did not. */
function finalOutcome(record) {
    if (record.plan)
        return 'planned';
    if (record.cancelled)
        return 'cancelled';
    if (record.error === undefined)
        return 'success';
    if (record.cleanup.some((c) => c.result === 'failed'))
        return 'cleanup-failed';
    if (record.cleanup.some((c) => c.action === 'rollback' && c.result === 'done'))
        return 'rolled-back';
    return record.failureOutcome ?? 'deploy-failed';
}

;// CONCATENATED MODULE: ./src/action/report/comparison.ts
/**
 * Champion and challenger in markdown: what the strategy did (shadow, canary, promote, reject), then per challenger
 * a table per output field (rows compared, beyond tolerance, changed class, max and mean deviation), the gates and
 * the rows that differ most. Rendered from the run record alone, for the job summary and the PR comment.
 */



/** A model of the rollout record, e.g. <code>ccfraud</code>. */
function model(m) {
    return m ? code(m.name) : '?';
}
/** One sentence on what the strategy (or promote/reject) did. */
function rolloutLine(r) {
    const challengers = r.challengers.map(model).join(', ');
    const decision = r.decision ? ` ${decisionIcon(r.decision.result)} ${escapeCell(r.decision.detail)}.` : '';
    switch (r.strategy) {
        case 'shadow':
            return `**Shadow deploy**: champion ${model(r.champion)} answered; challenger(s) ${challengers} ran on the same requests${r.decision?.policy ? ` (promote: ${code(r.decision.policy)})` : ''}.${decision}`;
        case 'canary':
            return `**Canary**: challenger ${challengers} gets ${r.canary?.weight ?? '?'}% of the requests, champion ${model(r.champion)} the rest${r.canary?.hashKey ? `, sticky by column ${code(r.canary.hashKey)}` : ''}.${decision}`;
        default:
            return `**${r.strategy === 'promote' ? 'Promote' : 'Reject'}**:${decision || ' (not finished)'}`;
    }
}
function decisionIcon(result) {
    return result === 'not-promoted' ? '❌' : result === 'nothing-to-do' ? '➖' : '✅';
}
/** The per-field table of one challenger. */
function fieldTable(c) {
    const threshold = c.fields.some((f) => f.changedClass !== undefined);
    const header = ['Output field', 'Rows compared', 'Beyond tolerance', ...(threshold ? ['Changed class'] : []), 'Max deviation', 'Mean deviation'];
    const rows = c.fields.map((f) => [
        code(f.challengerField ? `${f.field} ↔ ${f.challengerField}` : f.field),
        String(f.rowsCompared),
        String(f.rowsBeyondTolerance),
        ...(threshold ? [f.changedClass === undefined ? '—' : String(f.changedClass)] : []),
        f.maxDeviation === null ? '—' : showDeviation(f.maxDeviation),
        f.meanDeviation === null ? '—' : showDeviation(f.meanDeviation)
    ]);
    return table(header, rows);
}
/** The rows that differ most. */
function worstTable(c) {
    const threshold = c.worstRows.some((w) => w.classChanged !== undefined);
    const rows = c.worstRows.map((w) => [
        String(w.row + 1),
        code(w.field),
        code(w.champion),
        code(w.challenger),
        w.deviation === null ? 'differs' : showDeviation(w.deviation),
        ...(threshold ? [w.classChanged ? 'yes' : 'no'] : [])
    ]);
    return table(['Row', 'Field', 'Champion', 'Challenger', 'Off by', ...(threshold ? ['Class changed'] : [])], rows);
}
/** One challenger against the champion: verdict, fields, gates, worst rows. */
function challengerMarkdown(comparison, c) {
    const verdict = c.gates.length === 0 ? '' : c.passed ? ' ✅ within the gates' : ' ❌ beyond the gates';
    const how = c.changedBy === 'decision-threshold' ? `changed class at ${code(String(comparison.decisionThreshold))}` : 'differ beyond tolerance';
    const parts = [
        `#### ${escapeCell(c.challenger)} against ${escapeCell(comparison.champion)}:${verdict}`,
        `${c.changedRows} of ${c.rowsCompared} row(s) ${how}${c.maxDeviation !== null ? `; largest deviation ${showDeviation(c.maxDeviation)}${c.maxDeviationAt ? ` (${escapeCell(c.maxDeviationAt)})` : ''}` : ''}.`,
        fieldTable(c)
    ];
    if (c.gates.length > 0) {
        parts.push(table(['Gate', 'Limit', 'Value', 'Result'], c.gates.map((g) => [code(g.input), code(g.limit), escapeCell(g.value), g.passed ? '✅ within' : '❌ beyond'])));
    }
    if (c.worstRows.length > 0)
        parts.push(`Rows that differ most:\n\n${worstTable(c)}`);
    return parts;
}
/** The whole comparison: input, tolerance, then each challenger. */
function comparisonMarkdown(comparison) {
    const mode = comparison.mode === 'live'
        ? 'the live version answered before this run deployed, the new version after'
        : 'one request through the shadow deploy; champion and challengers answered side by side';
    const head = `Compared on ${comparison.input.rows} row(s) from ${code(comparison.input.path)} (${mode}); tolerance ${code(formatTolerance(comparison.tolerance))}${comparison.decisionThreshold !== undefined ? `, decision threshold ${code(String(comparison.decisionThreshold))}` : ''}.`;
    if (comparison.skipped)
        return [`${head}\n\n➖ Nothing compared: ${escapeCell(comparison.skipped)}.`];
    return [head, ...comparison.challengers.flatMap((c) => challengerMarkdown(comparison, c))];
}
/** The job summary's section, empty when the run had no champion and challenger. */
function championChallengerSection(record) {
    if (!record.rollout && !record.comparison)
        return [];
    return [
        '### Champion and challenger',
        ...(record.rollout ? [rolloutLine(record.rollout)] : []),
        ...(record.comparison ? comparisonMarkdown(record.comparison) : [])
    ];
}

;// CONCATENATED MODULE: ./src/action/report/summary.ts
/** The job summary (markdown), rendered from the run record on success and on failure. */






/** Rows of smoke answers shown in the summary. */
const SUMMARY_SMOKE_ROWS = 5;
/** Longest text shown in one summary cell. */
const MAX_CELL = 300;
/** Longest failure message shown: far more than any real one, but a runaway server text cannot flood the summary. */
const MAX_ERROR_TEXT = 4000;
/** HTML specials, pipes and backticks as entities (server text is untrusted). */
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;').replace(/`/g, '&#96;');
}
/** Escapes text for a markdown table cell: HTML specials, pipes and newlines, cut to 300 characters. */
function escapeCell(text) {
    const cut = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
    return escapeHtml(cut).replace(/\r?\n/g, '<br>');
}
/**
 * The failure message as a quote block, whole: its last sentence is usually the fix. Besides HTML specials, `*`
 * and `~` become entities so server text cannot turn into emphasis or strike-through (GFM never does so for an
 * intra-word `_`, and `[x]` without a link target stays text, so those are left readable in the raw markdown).
 */
function errorBlock(text) {
    const shown = text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}… (${text.length - MAX_ERROR_TEXT} more characters in the step log)` : text;
    return shown
        .split(/\r?\n/)
        .map((line) => `> ${line.replace(/[&<>|`*~]/g, (c) => `&#${c.charCodeAt(0)};`)}`)
        .join('<br>\n');
}
/** Text as inline code in a table cell. */
function code(text) {
    return `<code>${escapeCell(text)}</code>`;
}
/** A markdown table. */
function table(header, rows) {
    return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
/** The part of an answer record worth showing: `out` (and the anomaly count) when present, else the whole record. */
function answerCells(r) {
    if (r && typeof r === 'object' && !Array.isArray(r)) {
        const o = r;
        const outKeys = Object.keys(o).filter((k) => k === 'out' || (k.startsWith('out.') && k !== 'out._model_split'));
        const shown = outKeys.length > 0 ? Object.fromEntries(outKeys.map((k) => [k, k === 'out' ? outFields(o) : o[k]])) : o;
        const anomaly = o.anomaly ?? o['anomaly.count'] ?? o.check_failures;
        return [code(JSON.stringify(shown)), anomaly === undefined ? '' : code(JSON.stringify(anomaly))];
    }
    return [code(JSON.stringify(r)), ''];
}
/**
 * The smoke answers as a table. An A/B split adds which model answered each row (`out._model_split`); a shadow deploy
 * adds the challengers' outputs (`out_<challenger>` groups), so champion and challengers can be compared at a glance.
 */
function smokeTable(records) {
    const split = records.map(splitModelOf);
    const shadow = records.map(shadowOutputs);
    const header = ['#', 'Output', 'Anomalies'];
    if (split.some(Boolean))
        header.push('Answered by (A/B split)');
    if (shadow.some(Boolean))
        header.push('Shadow outputs (challengers)');
    const rows = records.map((r, i) => {
        const row = [String(i + 1), ...answerCells(r)];
        if (split.some(Boolean)) {
            const m = split[i];
            row.push(m ? `${escapeCell(m.name ?? m.sha ?? '?')}${m.version ? ` ${code(m.version)}` : ''}` : '');
        }
        if (shadow.some(Boolean)) {
            const groups = shadow[i];
            row.push(groups
                ? Object.entries(groups)
                    .map(([name, out]) => `${escapeCell(name)}: ${code(JSON.stringify(out))}`)
                    .join('<br>')
                : '');
        }
        return row;
    });
    return table(header, rows);
}
/** The smoke-check row: golden verdict, or why nothing was checked. */
function smokeCheckCell(record) {
    const g = record.golden;
    if (g) {
        const dev = g.maxDeviation === null ? '' : `, largest deviation ${showDeviation(g.maxDeviation)}`;
        return g.passed
            ? `✅ matches ${code(g.expectedPath)} (${g.valuesCompared} values within ${formatTolerance(g.tolerance)}${dev})`
            : `❌ ${g.totalMismatches} mismatch(es) against ${code(g.expectedPath)}${dev}`;
    }
    if (record.operation === 'deploy' && !record.smoke && record.error === undefined && !record.plan)
        return '⚠️ not checked: no smoke-input';
    if (record.smoke)
        return 'answered (no expected-output to compare with)';
    return undefined;
}
/** The golden diff as a table: which rows and fields, expected, got, off by how much. */
function goldenSection(record) {
    const g = record.golden;
    if (!g || g.passed)
        return [];
    const rows = g.mismatches.map((m) => [
        m.row < 0 ? 'all' : String(m.row + 1),
        code(m.field || 'row count'),
        code(m.expected),
        code(m.got),
        m.deviation !== undefined ? showDeviation(m.deviation) : escapeCell(m.kind)
    ]);
    const more = g.totalMismatches > g.mismatches.length ? `\n\n… and ${g.totalMismatches - g.mismatches.length} more mismatch(es).` : '';
    return [`### Golden check: ${g.totalMismatches} mismatch(es)`, table(['Row', 'Field', 'Expected', 'Got', 'Off by'], rows) + more];
}
/** What the failure policy and the teardown did. */
function cleanupSection(record) {
    if (record.cleanup.length === 0)
        return [];
    const icon = (r) => (r === 'done' ? '✅' : r === 'failed' ? '❌' : '➖');
    return [
        '### After the failure',
        table(['Action', 'Result', 'Where', 'Details'], record.cleanup.map((c) => [
            escapeCell(c.action === 'teardown' ? 'teardown' : `on-failure: ${c.action}`),
            `${icon(c.result)} ${c.result}`,
            c.where === 'post' ? 'post step' : 'this step',
            escapeCell(c.detail)
        ]))
    ];
}
/** Markdown for the job summary. */
function renderSummary(record, durationMs) {
    const ok = record.error === undefined;
    const outcome = record.outcome ?? finalOutcome(record);
    const parts = [];
    const name = record.pipelineName ?? record.pipeline?.name;
    // The pipeline in the heading tells matrix jobs apart.
    const of = name ? ` of ${escapeCell(name)}` : '';
    const verdict = outcome === 'planned' ? ': dry run, nothing changed' : ok ? ' succeeded' : ` failed: ${outcome}`;
    parts.push(`## ${outcome === 'planned' ? '📝' : ok ? '✅' : '❌'} Wallaroo ${record.operation}${of}${verdict}`);
    if (!ok)
        parts.push(errorBlock(record.error));
    const rows = [];
    rows.push(['Outcome', code(outcome)]);
    const ws = record.workspace;
    if (ws)
        rows.push(['Workspace', `${escapeCell(ws.name ?? '')} (id ${ws.id}${ws.created ? ', created by this run' : ''})`]);
    const p = record.pipeline;
    if (p) {
        rows.push(['Pipeline', `${escapeCell(p.name)}${p.id !== undefined ? ` (id ${p.id}${p.created ? ', created by this run' : ''})` : ''}`]);
        if (p.versionId !== undefined) {
            rows.push(['Pipeline version', `${p.versionId}${p.version ? ` ${code(p.version)}` : ''} (${p.versionReused ? 'reused: definition unchanged' : 'new'})`]);
        }
    }
    const prev = record.previous;
    if (prev)
        rows.push(['Running before', `${prev.versionId !== undefined ? `version ${prev.versionId}` : 'a version'}${prev.version ? ` ${code(prev.version)}` : ''}`]);
    const d = record.deployment;
    if (d?.name || d?.id !== undefined)
        rows.push(['Deployment', `${escapeCell(d.name ?? '')}${d.id !== undefined ? ` (id ${d.id})` : ''}`]);
    if (d?.status)
        rows.push(['Status', escapeCell(d.status)]);
    if (record.inferenceUrl)
        rows.push(['Inference URL', code(record.inferenceUrl)]);
    if (record.smoke)
        rows.push(['Smoke inference', `${record.smoke.inputRows} row(s) in, ${record.smoke.records.length} record(s) out, ${record.smoke.latencyMs} ms`]);
    const check = smokeCheckCell(record);
    if (check)
        rows.push(['Smoke check', check]);
    if (record.answeredBy && record.answeredBy.verified !== 'no')
        rows.push(['Answered by', escapeCell(record.answeredBy.detail)]);
    if (record.context?.sha)
        rows.push(['Commit', code(record.context.sha.slice(0, 12))]);
    if (record.context?.runUrl)
        rows.push(['Run', `<a href="${escapeCell(record.context.runUrl)}">${escapeCell(record.context.runUrl)}</a>`]);
    rows.push(['Duration', formatDuration(durationMs)]);
    parts.push(table(['Item', 'Value'], rows.map(([k, v]) => [`**${k}**`, v])));
    parts.push(...goldenSection(record), ...championChallengerSection(record), ...cleanupSection(record));
    if (record.plan) {
        parts.push('### Plan (dry run: nothing was changed)');
        parts.push(record.plan.length === 0
            ? 'Nothing to do.'
            : table(['Action', 'Target', 'Details'], record.plan.map((st) => [escapeCell(st.action), escapeCell(st.target), escapeCell(st.detail)])));
    }
    if (record.swept) {
        parts.push(`### Swept: ${record.swept.length} pipeline(s)`);
        if (record.swept.length > 0)
            parts.push(table(['Pipeline', 'Why', 'Deleted'], record.swept.map((x) => [escapeCell(x.name), escapeCell(x.reason), x.deleted === false ? 'no (undeployed only)' : 'yes'])));
    }
    if (record.phases.length > 0) {
        const share = (ms) => (record.timeoutMs ? `${Math.round((100 * ms) / record.timeoutMs)}%` : '');
        parts.push('### Phases');
        parts.push(table(['Phase', 'Outcome', 'Time', "Share of 'timeout'"], record.phases.map((ph) => [escapeCell(ph.name), ph.outcome === 'ok' ? '✅ ok' : '❌ failed', formatDuration(ph.ms), share(ph.ms)])));
    }
    if (record.models.length > 0) {
        parts.push('### Models');
        parts.push(table(['Name', 'Version id', 'Version', 'SHA-256', 'Source'], record.models.map((m) => [
            escapeCell(m.name),
            m.versionId === undefined ? '' : String(m.versionId),
            code(m.version),
            code(m.sha.slice(0, 12) + '…'),
            m.source
        ])));
    }
    if (record.smoke && record.smoke.records.length > 0) {
        const shown = record.smoke.records.slice(0, SUMMARY_SMOKE_ROWS);
        parts.push(`### Smoke answers (first ${shown.length} of ${record.smoke.records.length})`);
        parts.push(smokeTable(shown));
    }
    return parts.join('\n\n') + '\n';
}

;// CONCATENATED MODULE: ./src/action/report/pr-comment.ts
/**
 * The sticky pull-request comment: one per pipeline, found by a hidden marker, created once and edited in place on
 * every run (and again by the post step once it tore the pipeline down): outcome, ids, inference URL, the golden
 * check with the first rows of its diff, latency, rollback and teardown. A refused write (fork PRs, a job without
 * `pull-requests: write`) is a warning naming the permission, never a failure.
 */








/** Longest failure text quoted in the comment (the job summary has it whole). */
const MAX_COMMENT_ERROR = 1500;
/** Diff rows shown in the comment. */
const COMMENT_DIFF_ROWS = 5;
/** The hidden marker that finds this pipeline's comment again. */
function commentMarker(record) {
    const ws = record.workspace?.name ?? String(record.workspace?.id ?? '');
    return `<!-- wallaroo-action:pr-comment workspace=${ws} pipeline=${record.pipelineName ?? record.pipeline?.name ?? ''} -->`;
}
/** The comment's markdown. */
function renderComment(record, runUrl) {
    const outcome = record.outcome ?? finalOutcome(record);
    const ok = outcome === 'success' || outcome === 'planned';
    const name = record.pipelineName ?? record.pipeline?.name ?? '';
    const rows = [['Outcome', code(outcome)]];
    const p = record.pipeline;
    if (p?.versionId !== undefined)
        rows.push(['Pipeline version', `${p.versionId}${p.version ? ` ${code(p.version)}` : ''}${p.versionReused ? ' (unchanged)' : ''}`]);
    const d = record.deployment;
    if (d?.name)
        rows.push(['Deployment', `${escapeCell(d.name)}${d.status ? ` · ${escapeCell(d.status)}` : ''}`]);
    if (record.inferenceUrl)
        rows.push(['Inference URL', code(record.inferenceUrl)]);
    const g = record.golden;
    if (g) {
        const dev = g.maxDeviation === null ? '' : `; largest deviation ${showDeviation(g.maxDeviation)}`;
        rows.push(['Golden check', g.passed ? `✅ ${g.rowsGot} row(s) within ${formatTolerance(g.tolerance)}${dev}` : `❌ ${g.totalMismatches} mismatch(es)${dev}`]);
    }
    else if (record.smoke) {
        rows.push(['Golden check', 'not configured (no `expected-output`)']);
    }
    if (record.smoke)
        rows.push(['Smoke inference', `${record.smoke.inputRows} row(s), ${record.smoke.latencyMs} ms`]);
    for (const c of record.cleanup) {
        const what = c.action === 'teardown' ? 'Teardown' : `On failure (${c.action})`;
        rows.push([what, `${c.result === 'done' ? '✅' : c.result === 'failed' ? '❌' : '➖'} ${escapeCell(c.detail)}`]);
    }
    const sha = record.context?.sha ? code(record.context.sha.slice(0, 7)) : '';
    const link = runUrl ?? record.context?.runUrl;
    if (sha || link)
        rows.push(['Run', [sha, link ? `<a href="${escapeCell(link)}">workflow run</a>` : ''].filter(Boolean).join(' · ')]);
    if (record.durationMs !== undefined)
        rows.push(['Duration', formatDuration(record.durationMs)]);
    const parts = [commentMarker(record), `### ${ok ? '✅' : '❌'} Wallaroo ${record.operation} of \`${escapeCell(name)}\`: ${outcome}`];
    if (record.error) {
        const text = record.error.length > MAX_COMMENT_ERROR ? `${record.error.slice(0, MAX_COMMENT_ERROR)}… (the job summary has the rest)` : record.error;
        parts.push(text
            .split(/\r?\n/)
            .map((l) => `> ${l.replace(/[&<>|`*~]/g, (c) => `&#${c.charCodeAt(0)};`)}`)
            .join('<br>\n'));
    }
    parts.push(table(['', ''], rows.map(([k, v]) => [`**${k}**`, v])));
    // Champion and challenger: the comparison table and its worst rows, folded (it can be long).
    const cc = championChallengerSection(record);
    if (cc.length > 0)
        parts.push(`<details><summary>Champion and challenger${record.comparison && !record.comparison.skipped ? `: ${record.comparison.challengers.map((c) => `${c.changedRows} of ${c.rowsCompared} row(s) changed`).join('; ')}` : ''}</summary>\n\n${cc.slice(1).join('\n\n')}\n\n</details>`);
    if (g && !g.passed) {
        const shown = g.mismatches.slice(0, COMMENT_DIFF_ROWS);
        parts.push(`<details><summary>Golden diff: first ${shown.length} of ${g.totalMismatches}</summary>\n\n${shown.map((m) => `- ${escapeCell(mismatchLine(m))}`).join('\n')}\n\n</details>`);
    }
    return parts.join('\n\n') + '\n';
}
/** Whether this run comments: `comment` when given, else on pull_request events only. */
function wantsComment(settings) {
    return settings.comment && settings.github.prNumber !== undefined && settings.githubToken !== undefined && settings.github.repository !== undefined;
}
/** Creates or edits the pipeline's comment on the pull request; failures are warnings. */
async function upsertComment(settings, record, log) {
    if (!wantsComment(settings))
        return;
    const pr = settings.github.prNumber;
    const body = renderComment(record);
    const marker = commentMarker(record);
    try {
        const octokit = await githubClient(settings);
        const repo = repoOf(settings);
        const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: pr, per_page: 100 });
        const mine = comments.find((c) => typeof c.body === 'string' && c.body.includes(marker));
        if (mine) {
            await octokit.rest.issues.updateComment({ ...repo, comment_id: mine.id, body });
            log.info(`Updated the pull request comment for this pipeline (#${pr}, comment ${mine.id}).`);
        }
        else {
            const created = await octokit.rest.issues.createComment({ ...repo, issue_number: pr, body });
            log.info(`Commented on pull request #${pr} (comment ${created.data.id}).`);
        }
    }
    catch (e) {
        const status = httpStatusOf(e);
        const why = status === 403 || status === 401
            ? `GitHub refused the token (HTTP ${status}). Give the job 'permissions: pull-requests: write'; pull requests from forks get a read-only token, so they cannot be commented on`
            : status === 404
                ? `GitHub answered 404 for pull request #${pr}`
                : messageOf(e);
        log.warning(`The pull request comment was not written: ${why}. Set 'comment: false' to stop trying.`);
    }
}

;// CONCATENATED MODULE: ./src/wallaroo/retry.ts
/**
 * Retry policy: which failures are worth another try, and how long to wait.
 * Pure functions; the loop that uses them lives in http.ts.
 */
/** 4 sends, 0.5 s → 1 s → 2 s between them (jittered), never more than 8 s. */
const DEFAULT_RETRY_POLICY = Object.freeze({
    attempts: 4,
    baseDelayMs: 500,
    maxDelayMs: 8000,
    maxRetryAfterMs: 60_000
});
/** Fills in defaults and rejects nonsense early, naming the bad field. */
function resolveRetryPolicy(partial = {}) {
    const policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(partial) };
    if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
        throw new RangeError(`retry.attempts must be an integer ≥ 1, got ${policy.attempts}`);
    }
    for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs']) {
        if (!Number.isFinite(policy[key]) || policy[key] < 0) {
            throw new RangeError(`retry.${key} must be a number ≥ 0, got ${policy[key]}`);
        }
    }
    return policy;
}
function stripUndefined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
/**
 * Wait before retry number `retry` (1 = the first retry): exponential from baseDelayMs, capped at
 * maxDelayMs, then scaled into [50 %, 100 %] by `random` so parallel jobs do not retry in lockstep.
 */
function backoffDelayMs(retry, policy, random) {
    const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
    const capped = Math.min(policy.maxDelayMs, exponential);
    const r = Math.min(1, Math.max(0, random()));
    return Math.round(capped * (0.5 + r / 2));
}
/**
 * Retry-After header → milliseconds to wait, from delta-seconds ("3", "1.5") or an HTTP date.
 * Returns undefined when absent or unreadable (the caller then uses its own backoff).
 */
function parseRetryAfterMs(value, nowMs) {
    if (value === null || value === undefined)
        return undefined;
    const trimmed = value.trim();
    if (trimmed === '')
        return undefined;
    if (/^\d+(\.\d+)?$/.test(trimmed))
        return Math.round(Number(trimmed) * 1000);
    // An HTTP date always names the day/month; without that check Date.parse('-5') is "year -5".
    const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - nowMs);
}
/** Statuses that say "try again later": 408, 429 and 5xx except 501/505, which never heal. */
function isRetryableStatus(status) {
    if (status === 408 || status === 429)
        return true;
    return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

;// CONCATENATED MODULE: ./src/wallaroo/http.ts
/**
 * The one place the Wallaroo client touches the network: a send loop with per-attempt timeout,
 * retry/backoff by request class, the 401 re-send, and mapping of failures to WallarooApiError.
 * Callers (client.ts, auth.ts) decide what a non-2xx status means; this module returns it.
 */






/** streamingFetch, loaded with node:http/https (and tls) only by runs that upload a model file: they cost every start-up. */
const streamingFetchLoaded = async (url, init) => (await __nccwpck_require__.e(/* import() */ 321).then(__nccwpck_require__.bind(__nccwpck_require__, 6321))).streamingFetch(url, init);
/** A Transport from the options, with defaults: global fetch, real timers, 60 s per send, the default retry policy. */
function createTransport(opts, debug, notice = debug) {
    return {
        fetch: opts.fetch ?? globalThis.fetch,
        streamFetch: opts.streamFetch ?? streamingFetchLoaded,
        sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        random: opts.random ?? Math.random,
        now: opts.now ?? Date.now,
        timeoutMs: opts.requestTimeoutMs ?? 60_000,
        policy: resolveRetryPolicy(opts.retry),
        debug,
        notice,
        remainingMs: opts.remainingMs ?? (() => undefined)
    };
}
function isStreamed(body) {
    return typeof body === 'object' && body !== null && 'open' in body;
}
/** A send that produced no HTTP response. `connectFailed`: the request provably never reached the server. */
class TransportFailure extends Error {
    kind;
    connectFailed;
    detail;
    original;
    constructor(kind, connectFailed, detail, original) {
        super(detail);
        this.kind = kind;
        this.connectFailed = connectFailed;
        this.detail = detail;
        this.original = original;
    }
}
/** Sends `spec` until it gets a final response, retrying per its class; throws only NETWORK/TIMEOUT/DEADLINE errors (and token errors from `bearer`). */
async function send(t, spec) {
    let attempts = 0;
    let budgetUsed = 0; // sends counted against policy.attempts (the 401 re-send is free)
    let reauthorized = false;
    const retryStatus = spec.retryStatus ?? isRetryableStatus;
    for (;;) {
        const headers = { ...spec.headers };
        if (spec.bearer)
            headers.authorization = `Bearer ${await spec.bearer()}`;
        // Asked after the token: signing in may have used up what was left.
        const left = t.remainingMs();
        if (left !== undefined && left <= 0)
            throw deadlineError(spec, attempts);
        attempts++;
        budgetUsed++;
        const canRetry = budgetUsed < t.policy.attempts;
        let result;
        try {
            result = await sendOnce(t, spec, headers, left);
        }
        catch (err) {
            if (!(err instanceof TransportFailure))
                throw err;
            if (err.kind === 'deadline')
                throw deadlineError(spec, attempts, err.original);
            const retryable = spec.retry === 'idempotent' || (spec.retry === 'create' && err.connectFailed);
            if (retryable && canRetry) {
                const delay = backoffDelayMs(budgetUsed, t.policy, t.random);
                if (!fitsBeforeDeadline(t, delay))
                    throw transportError(t, spec, err, attempts);
                t.notice(`${spec.method} ${spec.endpoint}: ${err.detail}; retrying in ${delay} ms (attempt ${budgetUsed} of ${t.policy.attempts})`);
                await t.sleep(delay);
                continue;
            }
            throw transportError(t, spec, err, attempts);
        }
        t.debug(`${spec.method} ${spec.endpoint} → ${result.status} in ${Math.round(result.latencyMs)} ms (attempt ${attempts})`);
        if (result.status === 401 && spec.onUnauthorized && !reauthorized) {
            reauthorized = true;
            if (spec.onUnauthorized()) {
                budgetUsed--;
                t.notice(`${spec.method} ${spec.endpoint}: HTTP 401; renewing the token and re-sending once`);
                continue;
            }
        }
        if (spec.retry === 'idempotent' && retryStatus(result.status) && canRetry) {
            const retryAfter = parseRetryAfterMs(result.headers.get('retry-after'), t.now());
            const delay = retryAfter === undefined ? backoffDelayMs(budgetUsed, t.policy, t.random) : Math.min(retryAfter, t.policy.maxRetryAfterMs);
            // A wait that would end past the deadline is not started: the answer so far is the answer.
            if (fitsBeforeDeadline(t, delay)) {
                const why = retryAfter === undefined ? '' : ' (Retry-After)';
                t.notice(`${spec.method} ${spec.endpoint}: HTTP ${result.status}; retrying in ${delay} ms${why} (attempt ${budgetUsed} of ${t.policy.attempts})`);
                await t.sleep(delay);
                continue;
            }
            t.notice(`${spec.method} ${spec.endpoint}: HTTP ${result.status}; no time left before the deadline to retry`);
        }
        return { ...result, attempts };
    }
}
/** True when a pause of `delayMs` (and a send after it) can still start before the deadline. */
function fitsBeforeDeadline(t, delayMs) {
    const left = t.remainingMs();
    return left === undefined || delayMs < left;
}
async function sendOnce(t, spec, headers, leftMs) {
    const controller = new AbortController();
    const timedOut = new Error('request timeout');
    const deadline = new Error('deadline');
    const started = external_node_perf_hooks_.performance.now();
    const deadlineAt = leftMs === undefined ? undefined : started + leftMs;
    // The send's own timeout, cut to what is left before the caller's deadline. A body streamed from disk re-arms it
    // with every piece the connection takes: a multi-GB upload may take longer than the timeout, but never stall that long.
    let timer;
    const arm = () => {
        clearTimeout(timer);
        const toDeadline = deadlineAt === undefined ? Number.POSITIVE_INFINITY : deadlineAt - external_node_perf_hooks_.performance.now();
        const cut = toDeadline < t.timeoutMs;
        timer = setTimeout(() => controller.abort(cut ? deadline : timedOut), Math.max(0, cut ? toDeadline : t.timeoutMs));
    };
    arm();
    async function* progressing(chunks) {
        for await (const chunk of chunks) {
            arm();
            yield chunk;
        }
    }
    try {
        const res = isStreamed(spec.body)
            ? await t.streamFetch(spec.url, {
                method: spec.method,
                headers: { ...headers, 'content-length': String(spec.body.length) },
                body: progressing(spec.body.open()),
                signal: controller.signal
            })
            : await t.fetch(spec.url, { method: spec.method, headers, body: spec.body, signal: controller.signal });
        // Reading the body stays under the same timer: a server that stalls mid-body is as stuck as a silent one.
        const body = new Uint8Array(await res.arrayBuffer());
        return { status: res.status, headers: res.headers, body, latencyMs: external_node_perf_hooks_.performance.now() - started };
    }
    catch (err) {
        if (controller.signal.aborted && controller.signal.reason === deadline) {
            throw new TransportFailure('deadline', false, `the deadline came after ${Math.round(external_node_perf_hooks_.performance.now() - started)} ms`, err);
        }
        if (controller.signal.aborted && controller.signal.reason === timedOut) {
            throw new TransportFailure('timeout', false, isStreamed(spec.body) ? `no progress for ${t.timeoutMs} ms` : `no response within ${t.timeoutMs} ms`, err);
        }
        const { code, message } = describeNetworkError(err);
        throw new TransportFailure('network', CONNECT_FAILURES.has(code ?? ''), message, err);
    }
    finally {
        clearTimeout(timer);
    }
}
/** The caller's deadline came before (or during) a send: no answer, and no more tries. */
function deadlineError(spec, attempts, cause) {
    const during = attempts === 0 ? 'before it could be sent' : `while it was out (${attempts} attempt${attempts === 1 ? '' : 's'}); the server may still act on it`;
    return new WallarooApiError({
        code: 'DEADLINE',
        endpoint: spec.endpoint,
        attempts,
        message: `the deadline ran out for ${spec.method} ${stripQuery(spec.url)} ${during}`,
        ...(cause === undefined ? {} : { cause })
    });
}
/**
 * Error codes meaning the TCP connection was never established, so nothing was sent and even a
 * create can be retried. A reset (ECONNRESET, UND_ERR_SOCKET) may come after the server got it.
 */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/**
 * undici wraps the socket error: TypeError('fetch failed', { cause: Error{code} | AggregateError{code, errors} }).
 * Duck-typed rather than `instanceof Error`: the error may come from another realm (Jest's vm modules).
 */
function describeNetworkError(err) {
    let current = err;
    for (let depth = 0; depth < 5 && isObject(current); depth++) {
        const { code, message, errors, cause } = current;
        const text = typeof message === 'string' ? message : '';
        if (typeof code === 'string')
            return { code, message: text || code };
        if (Array.isArray(errors) && isObject(errors[0])) {
            current = errors[0];
            continue;
        }
        if (cause === undefined)
            return { message: text || String(current) };
        current = cause;
    }
    return { message: String(err) };
}
function isObject(v) {
    return typeof v === 'object' && v !== null;
}
function transportError(t, spec, err, attempts) {
    const where = `${spec.method} ${stripQuery(spec.url)}`;
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
    const timeout = err.kind === 'timeout';
    // A connection that broke after it was made (a reset, a dropped socket) may have carried the request already.
    const message = timeout
        ? `no response from ${where} within ${t.timeoutMs} ms (${tries})`
        : err.connectFailed
            ? `could not reach ${where}: ${err.detail} (${tries})`
            : `the connection for ${where} broke before an answer came: ${err.detail} (${tries}); the server may have received the request`;
    const advice = timeout
        ? 'the server may be overloaded, or raise the request timeout'
        : err.connectFailed
            ? 'check the URL and that the server is up'
            : 'check the network between this machine and the server (a proxy may cut connections)';
    return new WallarooApiError({
        code: err.kind === 'timeout' ? 'TIMEOUT' : 'NETWORK',
        endpoint: spec.endpoint,
        attempts,
        message,
        advice,
        cause: err.original,
        ...(err.kind === 'network' ? { connectFailed: err.connectFailed } : {})
    });
}
function stripQuery(url) {
    const q = url.indexOf('?');
    return q === -1 ? url : url.slice(0, q);
}
/** Turns a non-2xx result into the error callers throw; `code` defaults to the status mapping. */
function httpError(result, endpoint, code, message, advice) {
    const body = parseErrorBody(result.body);
    return new WallarooApiError({
        code: code ?? codeForStatus(result.status),
        status: result.status,
        endpoint,
        serverMessage: serverMessageOf(body),
        body,
        requestId: requestIdOf(result.headers),
        attempts: result.attempts,
        message,
        advice
    });
}
/** True for 2xx. */
function isSuccess(status) {
    return status >= 200 && status <= 299;
}
/** Parses a 2xx JSON body; an empty body is `null` (undeploy answers nothing on some versions, §8.4). */
function parseJsonBody(result, endpoint) {
    const text = new TextDecoder().decode(result.body).trim();
    if (text === '')
        return null;
    try {
        return JSON.parse(text);
    }
    catch {
        throw badResponse(result, endpoint, `the body is not JSON: ${JSON.stringify(truncate(text, 200))}`);
    }
}
/** A 2xx whose body is not what the endpoint returns (wrong URL, a proxy page, an incompatible server version). */
function badResponse(result, endpoint, detail) {
    return new WallarooApiError({
        code: 'BAD_RESPONSE',
        status: result.status,
        endpoint,
        requestId: requestIdOf(result.headers),
        attempts: result.attempts,
        body: truncate(new TextDecoder().decode(result.body), 2000),
        message: `unexpected response from ${endpoint} (HTTP ${result.status}): ${detail}; is the URL a Wallaroo API of a supported version?`
    });
}
/**
 * Encodes multipart/form-data by hand rather than with FormData: FormData gives every Blob a
 * `filename="blob"`, whereas the SDK and the documented curl send the metadata part as a field
 * (no filename), which is what servers and busboy-style parsers treat as a form field.
 */
function encodeMultipart(parts) {
    const { boundary, pieces } = multipartPieces(parts);
    const chunks = pieces.map((p) => {
        if ('bytes' in p)
            return p.bytes;
        throw new TypeError('encodeMultipart takes text and bytes; use streamMultipart for a part read from a file');
    });
    const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let offset = 0;
    for (const c of chunks) {
        body.set(c, offset);
        offset += c.length;
    }
    return { contentType: `multipart/form-data; boundary=${boundary}`, body };
}
/**
 * multipart/form-data whose file parts are read from disk while sending: the body is a StreamedBody (exact length
 * up front, a fresh read per send), so a multi-GB model never sits in memory. `onFileChunk` sees every byte of the
 * file parts as it is sent (the caller hashes them), once per send.
 */
function streamMultipart(parts, onSend) {
    const { boundary, pieces } = multipartPieces(parts);
    const length = pieces.reduce((n, p) => n + ('bytes' in p ? p.bytes.length : (0,external_node_fs_namespaceObject.statSync)(p.path).size), 0);
    async function* open() {
        const hooks = onSend?.();
        for (const p of pieces) {
            if ('bytes' in p) {
                yield p.bytes;
                continue;
            }
            for await (const chunk of fileChunks(p.path)) {
                hooks?.onFileChunk(chunk);
                yield chunk;
            }
        }
    }
    return { contentType: `multipart/form-data; boundary=${boundary}`, body: { open, length } };
}
/**
 * A file in 1 MiB reads (few syscalls) into one buffer, read into again for each chunk: a fresh buffer per chunk
 * would be garbage V8 only collects after tens of MiB of it, which is most of an upload's memory.
 */
async function* fileChunks(path) {
    const file = await (0,promises_namespaceObject.open)(path, 'r');
    try {
        const buffer = Buffer.allocUnsafe(1024 * 1024);
        for (;;) {
            const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
            if (bytesRead === 0)
                return;
            yield buffer.subarray(0, bytesRead);
        }
    }
    finally {
        await file.close();
    }
}
/** The envelope of each part as bytes, and the parts' contents (bytes, or a file to read). */
function multipartPieces(parts) {
    const boundary = `----wallaroo-action-${(0,external_node_crypto_.randomUUID)()}`;
    const encoder = new TextEncoder();
    const pieces = [];
    for (const part of parts) {
        let disposition = `form-data; name="${escapeQuoted(part.name)}"`;
        if (part.filename !== undefined)
            disposition += `; filename="${escapeQuoted(part.filename)}"`;
        pieces.push({ bytes: encoder.encode(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: ${part.contentType}\r\n\r\n`) });
        pieces.push(typeof part.data === 'string' ? { bytes: encoder.encode(part.data) } : 'path' in part.data ? { path: part.data.path } : { bytes: part.data });
        pieces.push({ bytes: encoder.encode('\r\n') });
    }
    pieces.push({ bytes: encoder.encode(`--${boundary}--\r\n`) });
    return { boundary, pieces };
}
/** The HTML form-encoding rule browsers and undici use for names and filenames. */
function escapeQuoted(value) {
    return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

;// CONCATENATED MODULE: ./src/wallaroo/auth.ts
/**
 * Bearer tokens for the MLOps and inference APIs (wallaroo-api.md §2): a Keycloak password login
 * (public sdk-client, or confidential api-client with a secret) renewed before it expires, or a
 * caller-supplied token used as is. Tokens may live only 60 s (§11.7), so expiry is checked on
 * every getToken().
 */



/** Token endpoint path under the Keycloak base; the realm is always `master` (§11.7). */
const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
/** Public client the SDK logs in with when there is no client secret. */
const PUBLIC_CLIENT_ID = 'sdk-client';
/** Confidential client Wallaroo creates; authenticates with HTTP Basic `api-client:<secret>`. */
const CONFIDENTIAL_CLIENT_ID = 'api-client';
/** Renew when less than this remains (the SDK's margin). */
const REFRESH_MARGIN_MS = 10_000;
/** Used when the server omits expires_in and the token is not a JWT with exp: the shortest lifetime seen (§2.1). */
const FALLBACK_LIFETIME_MS = 60_000;
/** Hands out a valid access token, logging in lazily and renewing before expiry. */
class TokenProvider {
    #opts;
    #transport;
    #tokenUrl;
    /** Every credential and token seen: redacted from debug lines, each announced once through onSecret. */
    #secrets = new Set();
    #debug;
    #notice;
    #state;
    #stale = false;
    #pending;
    #staticChecked = false;
    /** Validates the options; no network call happens until getToken(). */
    constructor(opts) {
        const creds = opts.credentials;
        if (creds.kind === 'token') {
            if (!creds.token.trim())
                throw new TypeError('the token credential is empty; pass a Wallaroo access token');
        }
        else if (creds.kind === 'client') {
            if (!creds.clientId)
                throw new TypeError('the client id is empty; pass the confidential client to sign in as');
            if (!creds.clientSecret)
                throw new TypeError('the client secret is empty; pass the secret of the confidential client');
        }
        else {
            if (!creds.username)
                throw new TypeError('the username is empty; pass the Wallaroo user to log in as');
            if (!creds.password)
                throw new TypeError('the password is empty; pass the password of the Wallaroo user');
        }
        this.#opts = opts;
        this.#tokenUrl = `${opts.authUrl.replace(/\/+$/, '')}${TOKEN_PATH}`;
        this.#debug = safeDebug(opts.onDebug, () => this.#secrets);
        this.#notice = opts.onNotice ? safeDebug(opts.onNotice, () => this.#secrets) : this.#debug;
        this.#transport = createTransport(opts, this.#debug, this.#notice);
        // Every credential and derived form is announced here, so one place decides what the log must mask.
        if (creds.kind === 'token')
            this.#registerSecret(creds.token);
        else {
            if (creds.kind === 'password')
                this.#registerSecret(creds.password);
            if (creds.clientSecret) {
                this.#registerSecret(creds.clientSecret);
                // The Basic header is a derived form of the secret: mask it as well (style §4).
                this.#registerSecret(basicCredential(confidentialClientOf(creds), creds.clientSecret));
            }
        }
    }
    /** A token valid for at least the refresh margin: logs in on first use, then refreshes (falling back to a full login). */
    async getToken() {
        const creds = this.#opts.credentials;
        if (creds.kind === 'token')
            return this.#staticToken(creds.token);
        if (this.#pending)
            return this.#pending;
        const state = this.#state;
        if (state && !this.#stale && !this.#needsRenewal(state))
            return state.accessToken;
        this.#pending = this.#renew().finally(() => {
            this.#pending = undefined;
        });
        return this.#pending;
    }
    /** After a 401: the next getToken() refreshes (or logs in again). False for a given token, which cannot be renewed. */
    invalidate() {
        if (this.#opts.credentials.kind === 'token')
            return false;
        this.#stale = true;
        return true;
    }
    #staticToken(token) {
        if (!this.#staticChecked) {
            this.#staticChecked = true;
            const exp = jwtExpiry(token);
            const now = this.#transport.now();
            if (exp !== undefined && exp <= now) {
                this.#debug(`warning: the token credential expired at ${new Date(exp).toISOString()} and cannot be refreshed; ` +
                    'expect HTTP 401 — pass a fresh token, or a username and password instead');
            }
            else if (exp !== undefined) {
                this.#debug(`token credential expires in ${Math.round((exp - now) / 1000)} s and cannot be refreshed`);
            }
        }
        return token;
    }
    /** Renew when < 10 s remain, or < 10 % of a long lifetime; never later than half-life (so a 5 s token is not renewed on every call). */
    #needsRenewal(state) {
        const margin = Math.min(Math.max(REFRESH_MARGIN_MS, state.lifetimeMs * 0.1), state.lifetimeMs * 0.5);
        return state.expiresAt - this.#transport.now() < margin;
    }
    async #renew() {
        const state = this.#state;
        const now = this.#transport.now();
        if (state?.refreshToken && (state.refreshExpiresAt === undefined || state.refreshExpiresAt > now)) {
            try {
                return this.#store(await this.#requestToken('refresh', state.refreshToken), 'refreshed');
            }
            catch (err) {
                const why = err instanceof WallarooApiError ? `${err.code}: ${err.serverMessage ?? err.message}` : String(err);
                this.#notice(`token refresh failed (${why}); signing in again`);
            }
        }
        return this.#store(await this.#requestToken(this.#opts.credentials.kind === 'client' ? 'client_credentials' : 'password'), 'logged in');
    }
    #store(token, how) {
        const now = this.#transport.now();
        const lifetimeMs = lifetimeOf(token, now);
        this.#state = {
            accessToken: token.access_token,
            refreshToken: token.refresh_token || undefined,
            expiresAt: now + lifetimeMs,
            lifetimeMs,
            refreshExpiresAt: typeof token.refresh_expires_in === 'number' && token.refresh_expires_in > 0 ? now + token.refresh_expires_in * 1000 : undefined
        };
        this.#stale = false;
        this.#registerSecret(token.access_token);
        if (token.refresh_token)
            this.#registerSecret(token.refresh_token);
        this.#notice(`${how === 'refreshed' ? 'Token refreshed' : 'Signed in'}: access token valid for ${Math.round(lifetimeMs / 1000)} s`);
        return token.access_token;
    }
    /** Remembers a credential or newly obtained token for redaction and reports it once through onSecret. */
    #registerSecret(secret) {
        if (this.#secrets.has(secret))
            return;
        this.#secrets.add(secret);
        this.#opts.onSecret?.(secret);
    }
    async #requestToken(grant, refreshToken) {
        const creds = this.#opts.credentials;
        if (creds.kind === 'token')
            throw new Error('unreachable: token credentials are never renewed');
        const form = new URLSearchParams();
        const headers = {
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json'
        };
        if (creds.clientSecret)
            headers.authorization = `Basic ${basicCredential(confidentialClientOf(creds), creds.clientSecret)}`;
        else
            form.set('client_id', creds.clientId ?? PUBLIC_CLIENT_ID);
        if (grant === 'password' && creds.kind === 'password') {
            form.set('grant_type', 'password');
            form.set('username', creds.username);
            form.set('password', creds.password);
        }
        else if (grant === 'client_credentials') {
            form.set('grant_type', 'client_credentials');
        }
        else {
            form.set('grant_type', 'refresh_token');
            form.set('refresh_token', refreshToken ?? '');
        }
        const result = await send(this.#transport, {
            method: 'POST',
            url: this.#tokenUrl,
            endpoint: TOKEN_PATH,
            headers,
            body: form.toString(),
            retry: 'idempotent'
        });
        if (!isSuccess(result.status))
            throw this.#tokenError(result, grant, creds.clientSecret ? confidentialClientOf(creds) : undefined, creds.clientId);
        return validateTokenResponse(result);
    }
    #tokenError(result, grant, confidential, publicClient = PUBLIC_CLIENT_ID) {
        const body = parseErrorBody(result.body);
        const serverMessage = serverMessageOf(body);
        const keycloakError = typeof body === 'object' && body !== null ? body.error : undefined;
        if ((result.status === 400 || result.status === 401) && typeof keycloakError === 'string') {
            return new WallarooApiError({
                code: 'AUTH_FAILED',
                status: result.status,
                endpoint: TOKEN_PATH,
                serverMessage,
                body,
                requestId: requestIdOf(result.headers),
                attempts: result.attempts,
                ...authFailedMessage(keycloakError, serverMessage ?? keycloakError, grant, confidential, publicClient)
            });
        }
        const advice = result.status === 404
            ? `check the auth URL: it should be the Keycloak host only (e.g. https://wallaroo.example.com, or https://<prefix>.keycloak.<suffix> on 2023 installs) — ${TOKEN_PATH} is appended`
            : undefined;
        return httpError(result, TOKEN_PATH, codeForStatus(result.status), `HTTP ${result.status} from ${TOKEN_PATH}: ${serverMessage ?? '(no message in the response body)'}`, advice);
    }
}
/** The refusal, and the generic advice (kept apart so the action can give its own, naming its inputs). `confidential` is the client id with a secret. */
function authFailedMessage(error, detail, grant, confidential, publicClient) {
    if (grant === 'refresh')
        return { message: `the token endpoint refused the refresh token (${detail})` };
    if (grant === 'client_credentials') {
        return {
            message: `the token endpoint refused the client_credentials grant of client '${confidential}' (${detail})`,
            advice: 'check the client id and secret, and that the client has service accounts enabled'
        };
    }
    if (error === 'invalid_client' || error === 'unauthorized_client') {
        return confidential
            ? { message: `the token endpoint refused client '${confidential}' with the given secret (${detail})`, advice: 'check the client secret input' }
            : {
                message: `the token endpoint refused the public client '${publicClient}' (${detail})`,
                advice: `if this install only allows '${CONFIDENTIAL_CLIENT_ID}', set the client secret input`
            };
    }
    return { message: `the token endpoint refused the username/password (${detail})`, advice: 'check the username and password inputs' };
}
/** The client a secret belongs to: the given client id, or Wallaroo's api-client. */
function confidentialClientOf(creds) {
    return creds.clientId ?? CONFIDENTIAL_CLIENT_ID;
}
/**
 * The Basic credential of a confidential client. RFC 6749 §2.3.1 form-encodes the id and the secret before
 * joining them (Keycloak decodes them so), so a secret with `%`, `:` or `+` is not misread.
 */
function basicCredential(clientId, secret) {
    return Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`, 'utf8').toString('base64');
}
function validateTokenResponse(result) {
    const body = parseJsonBody(result, TOKEN_PATH);
    if (typeof body !== 'object' || body === null || typeof body.access_token !== 'string' || !body.access_token) {
        throw badResponse(result, TOKEN_PATH, 'no access_token in the token response');
    }
    return body;
}
function lifetimeOf(token, now) {
    if (typeof token.expires_in === 'number' && token.expires_in > 0)
        return token.expires_in * 1000;
    const exp = jwtExpiry(token.access_token);
    return exp !== undefined ? Math.max(0, exp - now) : FALLBACK_LIFETIME_MS;
}
/** `exp` of a JWT in ms since epoch, or undefined when the token is not a JWT or has none. */
function jwtExpiry(token) {
    const parts = token.split('.');
    if (parts.length !== 3)
        return undefined;
    try {
        const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
        return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/wallaroo/client.ts
/**
 * Typed client for the Wallaroo MLOps REST API and pipeline inference endpoints: one method per
 * endpoint (wallaroo-api.md §5–§9), no @actions/* import. Every method either returns the
 * validated response or throws a WallarooApiError with a stable code.
 */




/** Content types of the two inference formats (§9.2). */
const INFERENCE_CONTENT_TYPES = {
    'pandas-records': 'application/json; format=pandas-records',
    arrow: 'application/vnd.apache.arrow.file'
};
/** One typed method per Wallaroo endpoint; see ClientOptions for the injectable effects. */
class WallarooClient {
    #base;
    #tokens;
    #transport;
    /** Validates the options; no network call happens here. */
    constructor(opts) {
        let parsed;
        try {
            parsed = new URL(opts.url);
        }
        catch {
            throw new TypeError(`the Wallaroo URL "${opts.url}" is not a URL; expected e.g. https://wallaroo.example.com`);
        }
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
            throw new TypeError(`the Wallaroo URL "${opts.url}" must start with http:// or https://`);
        }
        this.#base = opts.url.replace(/\/+$/, '');
        this.#tokens = opts.tokens;
        this.#transport = createTransport(opts, safeDebug(opts.onDebug), opts.onNotice ? safeDebug(opts.onNotice) : safeDebug(opts.onDebug));
    }
    /** Gets an access token now (signs in with a user and password), so refused credentials fail as a sign-in, not inside a later call. */
    async signIn() {
        await this.#tokens.getToken();
    }
    /** GET /v1/api/config, sent without a token as the SDK does (§1). */
    async getConfig() {
        const path = '/v1/api/config';
        const result = await this.#sendApi({ path, retry: 'idempotent', method: 'GET' });
        return expectObject(result, path, 'configuration fields');
    }
    /** workspaces/list: the caller's workspaces (§5). */
    async listWorkspaces() {
        return this.#post('/v1/api/workspaces/list', {}, 'idempotent', (b) => isArray(b, 'workspaces'), '`workspaces` array');
    }
    /** workspaces/create → `{workspace_id}`; never re-sent (a duplicate name fails the second time). */
    async createWorkspace(name) {
        return this.#post('/v1/api/workspaces/create', { workspace_name: name }, 'create', (b) => isNumber(b, 'workspace_id'), 'numeric `workspace_id`');
    }
    /**
     * models/upload_and_convert (convert !== false) or models/upload, multipart (§6.1). Answers 202
     * with `insert_models.returning[0].models[0].id`, which is the model *version* id (§11.1).
     * `file` is the model's bytes, or `{path}` to stream it from disk as it is sent (memory stays flat whatever its
     * size; multi-GB models). `sha256` is the hash of the bytes sent, computed while sending.
     */
    async uploadModel(a) {
        const path = a.convert === false ? '/v1/api/models/upload' : '/v1/api/models/upload_and_convert';
        const parts = [
            { name: 'metadata', contentType: 'application/json', data: JSON.stringify(a.metadata) },
            { name: 'file', contentType: 'application/octet-stream', data: a.file, filename: a.fileName }
        ];
        let sha256;
        let result;
        if ('path' in a.file) {
            // Hashed as it is read; a re-send (after a connect failure) reads, and hashes, the file again.
            let hash = (0,external_node_crypto_.createHash)('sha256');
            const multipart = streamMultipart(parts, () => {
                hash = (0,external_node_crypto_.createHash)('sha256');
                return { onFileChunk: (chunk) => hash.update(chunk) };
            });
            result = await this.#sendApi({ path, retry: 'create', body: multipart.body, contentType: multipart.contentType });
            sha256 = hash.digest('hex');
        }
        else {
            const multipart = encodeMultipart(parts);
            sha256 = (0,external_node_crypto_.createHash)('sha256').update(a.file).digest('hex');
            result = await this.#sendApi({ path, retry: 'create', body: multipart.body, contentType: multipart.contentType });
        }
        const body = parseJsonBody(result, path);
        const id = body?.insert_models?.returning?.[0]?.models?.[0]?.id;
        if (typeof id !== 'number')
            throw badResponse(result, path, 'expected `insert_models.returning[0].models[0].id` (the model version id)');
        return { modelVersionId: id, sha256 };
    }
    /** models/get_version_by_id: status, file_info (sha, version UUID) and config (§6.3). */
    async getModelVersion(modelVersionId) {
        return this.#post('/v1/api/models/get_version_by_id', { model_version_id: modelVersionId }, 'idempotent', (b) => {
            const mv = b.model_version?.model_version;
            return typeof mv === 'object' && mv !== null;
        }, '`model_version.model_version` object');
    }
    /** models/list for one workspace (2025.2 nested or 2023 flat entries, §12). */
    async listModels(workspaceId) {
        return this.#post('/v1/api/models/list', { workspace_id: workspaceId }, 'idempotent', (b) => isArray(b, 'models'), '`models` array');
    }
    /** models/list_versions: global and loosely matched (§11.2) — filter the result yourself. */
    async listModelVersions(modelName, modelsPkId) {
        const path = '/v1/api/models/list_versions';
        const result = await this.#sendApi({ path, retry: 'idempotent', body: JSON.stringify({ model_id: modelName, models_pk_id: modelsPkId }) });
        const body = parseJsonBody(result, path);
        if (!Array.isArray(body))
            throw badResponse(result, path, 'expected a JSON array of model versions');
        return body;
    }
    /** models/get_config_by_id (`model_id` is a version id here, §11.11); `model_config` may be null. */
    async getModelConfig(modelVersionId) {
        return this.#post('/v1/api/models/get_config_by_id', { model_id: modelVersionId }, 'idempotent', (b) => 'model_config' in b, '`model_config` field');
    }
    /** pipelines/create: an upsert that adds a pipeline version (§11.4), hence never re-sent. */
    async createPipeline(name, workspaceId, definition) {
        return this.#post('/v1/api/pipelines/create', { pipeline_id: name, workspace_id: workspaceId, definition }, 'create', (b) => isNumber(b, 'pipeline_pk_id') && isNumber(b, 'pipeline_variant_pk_id'), 'numeric `pipeline_pk_id` and `pipeline_variant_pk_id`');
    }
    /** pipelines/list_pipelines (2025.x). Older servers answer 404 → NOT_FOUND; the caller picks the fallback (§7.2). */
    async listPipelines(workspaceId) {
        return this.#post('/v1/api/pipelines/list_pipelines', { workspace_id: workspaceId }, 'idempotent', (b) => isArray(b, 'pipelines'), '`pipelines` array');
    }
    /** pipelines/copy (§7.3); never re-sent. */
    async copyPipeline(req) {
        return this.#post('/v1/api/pipelines/copy', req, 'create', (b) => isNumber(b, 'pipeline_pk_id'), 'numeric `pipeline_pk_id`');
    }
    /**
     * pipelines/deploy → `{id}` (the deployment id, §8.1). Retried like a read: deploy is an upsert keyed by the
     * pipeline (a redeploy keeps the deployment id and rolls the engines in place, §11.4), so a re-send after a
     * lost answer deploys the same version again rather than creating a second deployment.
     */
    async deployPipeline(req) {
        return this.#post('/v1/api/pipelines/deploy', req, 'idempotent', (b) => isNumber(b, 'id'), 'numeric `id` (the deployment id)');
    }
    /** pipelines/undeploy; 200 with `null`, `{}` or nothing are all success (§8.4). Safe to repeat. */
    async undeployPipeline(req) {
        const path = '/v1/api/pipelines/undeploy';
        const result = await this.#sendApi({ path, retry: 'idempotent', body: JSON.stringify(req) });
        parseJsonBody(result, path);
    }
    /** pipelines/delete_pipeline (409 while still deployed, §7.4); never re-sent. */
    async deletePipeline(name, workspaceId) {
        const path = '/v1/api/pipelines/delete_pipeline';
        const result = await this.#sendApi({ path, retry: 'create', body: JSON.stringify({ pipeline_id: name, workspace_id: workspaceId }) });
        parseJsonBody(result, path);
    }
    /** status/get_deployment by '<pipeline>-<deployment id>' (§8.3); null while it does not exist (404). */
    async getDeployment(deploymentName) {
        const path = '/v1/api/status/get_deployment';
        try {
            return await this.#post(path, { name: deploymentName }, 'idempotent', (b) => typeof b.status === 'string', 'string `status`');
        }
        catch (err) {
            if (err instanceof WallarooApiError && err.code === 'NOT_FOUND')
                return null;
            throw err;
        }
    }
    /** admin/get_pipeline_external_url → the absolute inference URL (§9.1). */
    async getExternalUrl(workspaceId, pipelineName) {
        const body = await this.#post('/v1/api/admin/get_pipeline_external_url', { workspace_id: workspaceId, pipeline_name: pipelineName }, 'idempotent', (b) => typeof b.url === 'string' && b.url !== '', 'non-empty string `url`');
        return body.url;
    }
    /**
     * POSTs rows to an inference URL (§9.2). Non-2xx → WallarooApiError whose serverMessage is the
     * engine's `error`. Without retryUnavailable it is sent once (the smoke test should see failures).
     */
    async infer(req) {
        let url;
        try {
            url = new URL(req.url);
        }
        catch {
            throw new TypeError(`the inference URL "${req.url}" is not an absolute URL; use the one getExternalUrl() returns`);
        }
        for (const d of req.dataset ?? [])
            url.searchParams.append('dataset[]', d);
        for (const x of req.exclude ?? [])
            url.searchParams.append('dataset.exclude[]', x);
        if (req.separator !== undefined)
            url.searchParams.set('dataset.separator', req.separator);
        const contentType = INFERENCE_CONTENT_TYPES[req.format];
        const headers = { 'content-type': contentType, accept: contentType };
        // The SDK adds this header for Arrow requests (§9.2).
        if (req.format === 'arrow')
            headers.format = 'arrow';
        const endpoint = url.pathname;
        const result = await send(this.#transport, {
            method: 'POST',
            url: url.toString(),
            endpoint,
            headers,
            body: req.body,
            retry: req.retryUnavailable ? 'idempotent' : 'never',
            // Activation (503) and gateway hiccups heal; a 500 is the engine failing on this input, which a re-send repeats.
            retryStatus: isTransientInferenceStatus,
            bearer: () => this.#tokens.getToken(),
            onUnauthorized: () => this.#tokens.invalidate()
        });
        if (!isSuccess(result.status))
            throw httpError(result, endpoint);
        return {
            status: result.status,
            contentType: result.headers.get('content-type') ?? '',
            body: result.body,
            latencyMs: result.latencyMs
        };
    }
    /** POSTs a JSON body and checks the 2xx answer is an object that passes `valid`. */
    async #post(path, body, retry, valid, expected) {
        const result = await this.#sendApi({ path, retry, body: JSON.stringify(body) });
        return expectObject(result, path, expected, valid);
    }
    /** Sends to the MLOps API with a bearer token (except anonymous GETs) and throws on non-2xx. */
    async #sendApi(spec) {
        const anonymous = spec.method === 'GET';
        const headers = { accept: 'application/json' };
        if (spec.body !== undefined)
            headers['content-type'] = spec.contentType ?? 'application/json';
        const result = await send(this.#transport, {
            method: spec.method ?? 'POST',
            url: `${this.#base}${spec.path}`,
            endpoint: spec.path,
            headers,
            body: spec.body,
            retry: spec.retry,
            bearer: anonymous ? undefined : () => this.#tokens.getToken(),
            onUnauthorized: anonymous ? undefined : () => this.#tokens.invalidate()
        });
        if (!isSuccess(result.status))
            throw httpError(result, spec.path);
        return result;
    }
}
/** Parses a 2xx body that must be a JSON object passing `valid`; BAD_RESPONSE names what was expected. */
function expectObject(result, path, expected, valid = () => true) {
    const body = parseJsonBody(result, path);
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !valid(body)) {
        throw badResponse(result, path, `expected a JSON object with ${expected}`);
    }
    return body;
}
/** Inference statuses worth another send: 429 (rate limited: wait as Retry-After says), 502, 503 (still activating, §9.4) and 504. */
function isTransientInferenceStatus(status) {
    return status === 429 || status === 502 || status === 503 || status === 504;
}
function isArray(b, key) {
    return Array.isArray(b[key]);
}
function isNumber(b, key) {
    return typeof b[key] === 'number';
}

;// CONCATENATED MODULE: ./src/action/session.ts
/** Builds the token provider and client from the settings, masking every secret and token in the log. */





/** Masks the secret inputs; call before anything can print them (also before input errors are reported). */
function maskSecretInputs(values, mask) {
    for (const v of values)
        if (v && v.trim() !== '')
            mask(v.trim());
}
/** Operations that may wait up to 'timeout' (model conversion, deployment start or tear-down). */
const WAITING_OPERATIONS = new Set(['deploy', 'upload-model', 'create-pipeline', 'undeploy', 'promote', 'reject']);
/**
 * Judges a given 'token' by its JWT `exp` before the first request: an expired one is an input error; one that
 * expires before the run's waits could end gets a visible warning, since a given token cannot be renewed.
 * `nowMs` is the wall clock (the issuer's `exp` is wall-clock time). Never prints the token.
 */
function checkTokenLifetime(settings, nowMs, warn) {
    if (settings.auth.kind !== 'token')
        return;
    const exp = jwtExpiry(settings.auth.token);
    if (exp === undefined)
        return;
    const renew = `use '${Inputs.Username}'/'${Inputs.Password}' so the action can sign in again as needed`;
    if (exp <= nowMs) {
        throw new InputError([`Input 'token' expired ${formatDuration(nowMs - exp)} ago (at ${new Date(exp).toISOString()}); pass a fresh token, or ${renew}.`]);
    }
    if (WAITING_OPERATIONS.has(settings.operation) && exp < nowMs + settings.timeoutMs) {
        warn(`Input 'token' expires in ${formatDuration(exp - nowMs)} and cannot be renewed; the ${settings.operation} may outlive it ` +
            `('${Inputs.Timeout}' is ${formatDuration(settings.timeoutMs)}) — ${renew}, or pass a token that lives longer.`);
    }
}
/**
 * The client for this run; the TokenProvider announces every credential, derived form and later token through `mask`.
 * `remainingMs` is the time left before the step's deadline: no request (sign-in included) or retry outlasts it.
 */
function createSession(settings, hooks, clock = {}, remainingMs) {
    // Not the injected `now`: token expiry is judged against the wall clock of the token's issuer.
    const effects = {
        ...(clock.sleep ? { sleep: clock.sleep } : {}),
        ...(clock.random ? { random: clock.random } : {}),
        ...(remainingMs ? { remainingMs } : {})
    };
    const tokens = new TokenProvider({
        authUrl: settings.authUrl,
        credentials: settings.auth,
        requestTimeoutMs: settings.requestTimeoutMs,
        onSecret: hooks.mask,
        onDebug: hooks.debug,
        ...(hooks.notice ? { onNotice: hooks.notice } : {}),
        ...effects
    });
    return new WallarooClient({
        url: settings.url,
        tokens,
        requestTimeoutMs: settings.requestTimeoutMs,
        onDebug: hooks.debug,
        ...(hooks.notice ? { onNotice: hooks.notice } : {}),
        ...effects
    });
}

;// CONCATENATED MODULE: ./src/action/runtime.ts
/** Process-level helpers shared by the main and post steps: the real sleep and once-only masking. */

/** setTimeout as a promise that also ends on abort, so a stopped wait leaves no timer keeping the process alive. */
function realSleep(ms, signal) {
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
    });
}
/** One ::add-mask:: per secret, however many places announce it; `onSecret` also hears each (the scrubber). */
function maskOnce(onSecret) {
    const masked = new Set();
    return (secret) => {
        if (secret && !masked.has(secret)) {
            masked.add(secret);
            setSecret(secret);
            onSecret?.(secret);
        }
    };
}
/**
 * core's log with phase groups that do not nest (the job log cannot show a group inside a group); every line
 * passes `scrub` first (known secrets in any encoding, see report/scrub.ts).
 */
function groupedLogger(scrub = (t) => t) {
    let depth = 0;
    return {
        info: (msg) => info(scrub(msg)),
        warning: (msg) => warning(scrub(msg)),
        debug: (msg) => debug(scrub(msg)),
        group: (title) => {
            if (depth++ === 0)
                startGroup(title);
        },
        endGroup: () => {
            if (--depth === 0)
                endGroup();
        }
    };
}

;// CONCATENATED MODULE: ./src/action/report/scrub.ts
/**
 * Removes every known secret (password, client secret, its Basic form, every token obtained) from what the action
 * writes, in every encoding it may take on the way: raw, HTML-escaped (the summary's own escaping included),
 * URL- and form-encoded, JSON-escaped (also the \u003c style of other JSON writers), and cut short (a server text
 * or message truncated in the middle of a token still carries its start). The runner's own masking only catches
 * the raw form of values it was told about, so a server that echoes a password back, HTML-escaped in the summary,
 * would otherwise leak it.
 */

/** Shorter secrets are not replaced: masking "abc" would garble every message (the runner still masks them raw). */
const MIN_SECRET = 4;
/** A (token-like) secret this long is also found cut short: its first 16 characters or more (a JWT's header alone is 36). */
const MIN_CUT_SECRET = 24;
const MIN_CUT = 16;
/** Characters every encoding leaves as they are: a secret made only of these has one form. */
const PLAIN = /^[A-Za-z0-9._~-]+$/;
const escapeRegExp = (t) => t.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** A hex number as a pattern matching it in either case, `width` digits (more leading zeros allowed where HTML allows). */
function hexPattern(n, width) {
    return [...n.toString(16).padStart(width, '0')].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join('');
}
const NAMED_ENTITIES = { '&': ['&amp;'], '<': ['&lt;'], '>': ['&gt;'], '"': ['&quot;'], "'": ['&apos;'] };
const JSON_SHORT = { '"': '"', '\\': '\\', '/': '/', '\n': 'n', '\r': 'r', '\t': 't', '\b': 'b', '\f': 'f' };
/**
 * A pattern for one character in any of the encodings the action or a server may apply to it: itself, an HTML
 * entity (named, decimal, hex), a JSON escape (short or \uXXXX, its escaped character also HTML-escaped), or
 * percent-encoded UTF-8 (and + for a space).
 */
function charPattern(c) {
    const alts = new Set([escapeRegExp(c)]);
    const code = c.codePointAt(0);
    alts.add(`&#0*${code};`);
    alts.add(`&#[xX]0*${hexPattern(code, 1)};`);
    for (const named of NAMED_ENTITIES[c] ?? [])
        alts.add(escapeRegExp(named));
    const units = code > 0xffff ? [c.charCodeAt(0), c.charCodeAt(1)] : [code];
    alts.add(units.map((u) => `\\\\u${hexPattern(u, 4)}`).join(''));
    const short = JSON_SHORT[c];
    if (short !== undefined) {
        alts.add(`\\\\${escapeRegExp(short)}`);
        for (const entity of NAMED_ENTITIES[short] ?? [])
            alts.add(`\\\\${escapeRegExp(entity)}`);
        if (short === c && c !== '\\')
            alts.add(`\\\\&#0*${code};`);
    }
    alts.add([...Buffer.from(c, 'utf8')].map((b) => `%${hexPattern(b, 2)}`).join(''));
    if (c === ' ')
        alts.add('\\+');
    return `(?:${[...alts].join('|')})`;
}
/** A pattern for `secret` in any mix of encodings (each character on its own, see charPattern). */
function secretPattern(secret) {
    return new RegExp([...secret].map(charPattern).join(''), 'g');
}
/** The parts of a JWT worth finding on their own (header, payload, signature), when `token` is one. */
function jwtParts(token) {
    const parts = token.split('.');
    return parts.length === 3 && parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p)) ? parts.filter((p) => p.length >= MIN_CUT) : [];
}
/** Replaces every start of `form` (at least MIN_CUT characters of it) found in `text`: a copy cut short. */
function removeCutCopies(text, form) {
    const head = form.slice(0, MIN_CUT);
    let out = '';
    let from = 0;
    for (let at = text.indexOf(head, from); at !== -1; at = text.indexOf(head, from)) {
        let n = MIN_CUT;
        while (n < form.length && at + n < text.length && text[at + n] === form[n])
            n++;
        out += text.slice(from, at) + REDACTED;
        from = at + n;
    }
    return out + text.slice(from);
}
/** A new scrubber; `add` every secret as soon as it is known. */
function newScrubber() {
    const secrets = new Set();
    // Secrets of plain characters are found as they are (and cut short); others by a pattern over their encodings.
    let plain = [];
    const patterns = [];
    const register = (secret) => {
        if (secret.length < MIN_SECRET || secrets.has(secret))
            return;
        secrets.add(secret);
        if (PLAIN.test(secret))
            plain = [...plain, secret].sort((a, b) => b.length - a.length);
        else
            patterns.push(secretPattern(secret));
    };
    return {
        add(secret) {
            const s = secret?.trim();
            if (!s)
                return;
            register(s);
            for (const part of jwtParts(s))
                register(part);
        },
        scrub(text) {
            // Credential shapes first (whole JWTs, Authorization headers), so a token of another session goes in one piece.
            let out = redactCredentials(text);
            for (const pattern of patterns)
                out = out.replace(pattern, REDACTED);
            for (const secret of plain) {
                if (out.includes(secret))
                    out = out.split(secret).join(REDACTED);
                if (secret.length >= MIN_CUT_SECRET && out.includes(secret.slice(0, MIN_CUT)))
                    out = removeCutCopies(out, secret);
            }
            return out;
        }
    };
}
/**
 * A copy of a JSON-like value with every string scrubbed (keys too), walked without recursion. Used on the run
 * record before it becomes outputs, saved state and the summary, so what is written stays valid JSON.
 */
function scrubValue(value, scrub) {
    const copy = (v) => typeof v === 'string' ? scrub(v) : Array.isArray(v) ? [...v] : v !== null && typeof v === 'object' ? { ...v } : v;
    const root = { v: copy(value) };
    const stack = [root];
    while (stack.length > 0) {
        const node = stack.pop();
        if (Array.isArray(node)) {
            for (let i = 0; i < node.length; i++) {
                node[i] = copy(node[i]);
                if (node[i] !== null && typeof node[i] === 'object')
                    stack.push(node[i]);
            }
            continue;
        }
        for (const key of Object.keys(node)) {
            const v = copy(node[key]);
            const k = scrub(key);
            if (k !== key)
                delete node[key];
            node[k] = v;
            if (v !== null && typeof v === 'object')
                stack.push(v);
        }
    }
    return root.v;
}

;// CONCATENATED MODULE: ./src/action/main.ts
/**
 * Orchestration: parse inputs (fail before any call on bad input) → session → the operation (or, with
 * `dry-run`, its plan) → outcome, outputs, saved run record and job summary in `finally`, on success, failure
 * and cancellation alike.
 */























/** The signals a runner sends when a job is cancelled (SIGINT, then SIGTERM 7.5 s later). */
const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM'];
/** An ::error annotation on the input file's line; the path relative to the workspace, as GitHub resolves it. */
function annotateFile(p, cwd) {
    const file = external_node_path_default().relative(cwd, p.location.file);
    error(p.text, {
        title: 'Input file error',
        file: file.startsWith('..') ? p.location.file : file,
        startLine: p.location.line,
        ...(p.location.column ? { startColumn: p.location.column } : {})
    });
}
/** The failure text, followed by what the failure policy did about it. */
function failureText(record, base) {
    const notes = record.cleanup.map((c) => `on-failure: ${c.action}: ${c.detail}`);
    return notes.length > 0 ? `${base}\n${notes.join('\n')}` : base;
}
/** Runs the action. Never throws: every failure ends in core.setFailed. */
async function run(deps = {}) {
    const clock = { sleep: deps.sleep ?? realSleep, now: deps.now ?? Date.now, random: deps.random ?? Math.random };
    const env = deps.env ?? process.env;
    const cwd = deps.cwd ?? env[Env.Workspace] ?? process.cwd();
    // The step's time counts from the process start (Node and the bundle's loading are part of the step too);
    // an injected clock (tests) starts now.
    const start = deps.now ? clock.now() : Math.min(clock.now(), Math.round(external_node_perf_hooks_.performance.timeOrigin));
    // Every secret that is masked is also scrubbed, in every encoding, from everything the action writes.
    const scrubber = newScrubber();
    const scrub = scrubber.scrub;
    const log = groupedLogger(scrub);
    let record;
    const mask = maskOnce(scrubber.add);
    const save = () => {
        if (!record)
            return;
        try {
            saveState(State.RunRecord, serializeRecord(scrubValue(record, scrub)));
        }
        catch (e) {
            log.debug(`saving the run record failed: ${messageOf(e)}`);
        }
    };
    // Set once the inputs are known: where the PR comment goes.
    let commentOn;
    // One finish, however many callers (the run, SIGINT, then SIGTERM): a later caller waits for the same one.
    let finishing;
    const finishRecord = async (r) => {
        const shown = await finish(r, clock.now() - start, log, save, deps.setExitCode ?? ((code) => void (process.exitCode = code)), scrub);
        // After a cancel the runner kills the step in seconds: the post step writes the comment once it cleaned up.
        if (commentOn && !r.plan && !r.cancelled)
            await upsertComment(commentOn, shown, log);
    };
    const finishOnce = () => (record ? (finishing ??= finishRecord(record)) : Promise.resolve());
    // A cancelled job leaves its record for the post step (which applies 'on-failure' and 'teardown'), plus outputs
    // and summary. The runner sends SIGTERM 7.5 s after SIGINT: everything here is local file writes, done at once.
    const onCancel = (signal) => {
        const message = `${record?.operation ?? 'the action'} was cancelled (${signal}) after ${formatDuration(clock.now() - start)}`;
        if (!record) {
            setFailed(scrub(message));
            return (deps.exit ?? process.exit)(1);
        }
        record.cancelled = true;
        record.error = record.error ?? message;
        void finishOnce().finally(() => (deps.exit ?? process.exit)(1));
    };
    for (const signal of CANCEL_SIGNALS)
        process.once(signal, onCancel);
    try {
        // Mask before anything (even an input error) can print a secret.
        maskSecretInputs([getInput(Inputs.Token), getInput(Inputs.Password), getInput(Inputs.ClientSecret), getInput(Inputs.GithubToken), env[Env.Password]], mask);
        let settings;
        await loadParsersFor((name) => getInput(name));
        try {
            settings = parseInputs((name) => getInput(name), env, cwd);
        }
        catch (e) {
            record = newRunRecord(getInput(Inputs.Operation) || 'deploy', start);
            // A syntax error in an input file also gets an annotation on its line, so the diff view shows it.
            if (e instanceof InputError)
                for (const p of e.locations)
                    annotateFile(p, cwd);
            record.error = e instanceof InputError ? e.message : describeFailure(record.operation, e, undefined);
            record.failureOutcome = 'invalid-input';
            return;
        }
        record = newRunRecord(settings.operation, start);
        commentOn = settings;
        record.policy = { onFailure: settings.onFailure, teardown: settings.teardown, ephemeral: settings.ephemeralBase !== undefined };
        const pipelineName = settings.operation === 'copy-pipeline' ? settings.newPipeline : settings.pipeline;
        if (pipelineName)
            record.pipelineName = pipelineName;
        record.timeoutMs = settings.timeoutMs;
        record.context = {
            ...(settings.github.sha ? { sha: settings.github.sha } : {}),
            ...(runLink(settings.github) ? { runUrl: runLink(settings.github) } : {}),
            ...(settings.github.prNumber !== undefined ? { pr: settings.github.prNumber } : {})
        };
        for (const warning of settings.inputWarnings ?? [])
            log.warning(warning);
        if (settings.ephemeralBase)
            log.info(`Ephemeral pipeline: "${settings.ephemeralBase}" becomes "${settings.pipeline}" for this ${settings.github.prNumber !== undefined ? 'pull request' : 'commit'}.`);
        try {
            const hooks = { mask, debug: (msg) => debug(scrub(msg)), notice: (msg) => info(scrub(msg)) };
            // Wall clock, not the injected one: the token's `exp` was set by its issuer's clock.
            checkTokenLifetime(settings, Date.now(), log.warning);
            const deadline = newDeadline(settings, start);
            const session = deps.createApi
                ? deps.createApi(settings, hooks, clock)
                : createSession(settings, hooks, clock, () => requestBudgetMs(deadline, clock.now()));
            const api = settings.dryRun ? readOnly(session) : session;
            const ctx = { settings, api, record, log, clock, deadline, checkpoint: save };
            // First, so refused credentials read as a failed sign-in rather than as the first call that needed a token.
            await phase(ctx, 'sign-in', `signing in at ${settings.authUrl}`, () => api.signIn());
            if (settings.dryRun)
                await planners[settings.operation](ctx);
            else
                await operations[settings.operation](ctx);
        }
        catch (e) {
            record.failureOutcome = failureOutcome(e, record, settings.auth.kind === 'token', settings.auth.kind === 'client');
            record.error = failureText(record, e instanceof InputError ? e.message : describeFailure(settings.operation, e, settings));
        }
    }
    catch (e) {
        // Anything unexpected (a bug, a thrown non-Error) still fails the step with a message.
        const message = `unexpected error: ${messageOf(e)}`;
        if (record)
            record.error = message;
        else
            setFailed(scrub(message));
    }
    finally {
        for (const signal of CANCEL_SIGNALS)
            process.off(signal, onCancel);
        await finishOnce();
    }
}
/**
 * Outcome, outputs, saved state and the job summary; each guarded so one failing does not hide the others. What is
 * written comes from a scrubbed copy of the record (a server may have echoed a secret into a message or an answer),
 * which it returns for the PR comment.
 */
async function finish(record, durationMs, log, save, setExitCode, scrub) {
    record.durationMs = durationMs;
    record.outcome = finalOutcome(record);
    // A run cancelled before its first status poll does not know the status.
    if (record.cancelled && record.deployment?.requested && record.deployment.status === undefined)
        record.deployment.status = 'Unknown';
    // The `status` output promises the values action.yml lists, whichever operation recorded it.
    if (record.deployment?.status !== undefined)
        record.deployment.status = documentedStatus(record.deployment.status);
    const shown = scrubValue(record, scrub);
    // One ::error annotation for the whole failure, titled so a run's annotations tell pipelines and outcomes apart.
    if (!SUCCESSFUL_OUTCOMES.includes(record.outcome)) {
        const name = shown.pipelineName ? ` ${shown.pipelineName}` : '';
        error(shown.error ?? `${record.operation} ended with outcome ${record.outcome}`, { title: `Wallaroo ${record.operation}${name}: ${record.outcome}` });
        setExitCode(1);
    }
    try {
        const note = setOutputs(shown, durationMs, setOutput);
        if (note)
            log.info(note);
    }
    catch (e) {
        log.warning(`Setting the outputs failed: ${messageOf(e)}`);
    }
    save();
    if (record.phases.length > 0 && record.timeoutMs) {
        const used = record.phases.map((ph) => `${ph.name} ${formatDuration(ph.ms)}`).join(', ');
        log.info(`Time used of '${Inputs.Timeout}' (${formatDuration(record.timeoutMs)}): ${used}; ${formatDuration(durationMs)} in all.`);
    }
    try {
        await summary.addRaw(renderSummary(shown, durationMs)).write();
    }
    catch (e) {
        // No GITHUB_STEP_SUMMARY outside Actions (local runs): not worth failing for.
        log.debug(`writing the job summary failed: ${messageOf(e)}`);
    }
    return shown;
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _action_main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5122);

await (0,_action_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 4708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
