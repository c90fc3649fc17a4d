/**
 * Turns the raw inputs into ActionSettings. Pure apart from reading the files the inputs name; collects
 * every problem and throws one InputError, so a user fixes everything in one round.
 */
import { CopyDeployInputs, Env, InputDefaults, Inputs, OperationInputDefaults, OperationInputs, OperationSpecificInputs, type InputName } from '../constants.js'
import { MAX_TIMER_MS, parseDuration } from '../duration.js'
import { buildEngineConfig } from './engine-config.js'
import { hasModelStep, parseDefinition, unresolvedModelNames } from './definition.js'
import { InputError, problemOf, type Problem } from '../errors.js'
import { alignModelArch, parseModelsInput } from './models-input.js'
import { checkName } from './names.js'
import {
  FAILURE_POLICIES,
  OPERATIONS,
  TEARDOWN_MODES,
  type ActionSettings,
  type AuthSettings,
  type ExpectedOutput,
  type FailurePolicy,
  type Operation,
  type SmokeInput,
  type TeardownMode,
  type Tolerance
} from '../settings.js'
import { readSmokeInput } from './smoke-input.js'
import { firstModelOf, smokeInputMisfits } from './smoke-fit.js'
import { closestWord } from './closest-word.js'
import { ephemeralPipelineName } from './ephemeral.js'
import { readExpectedOutput } from './expected-output.js'
import { readGithubContext } from './github-context.js'
import { parseTolerance } from './tolerance.js'
import { parseRolloutInputs } from './rollout.js'
import { resolvePath } from './structured-text.js'

/** Reads one input by name ('' when not given), like core.getInput. */
export type InputReader = (name: string) => string

/** Parses and checks every input; throws InputError listing every problem. */
export function parseInputs(read: InputReader, env: NodeJS.ProcessEnv, cwd: string): ActionSettings {
  const problems: Problem[] = []
  const get = (name: InputName): string => (read(name) ?? '').trim() || InputDefaults[name] || OperationInputDefaults[name] || ''
  const given = (name: InputName): boolean => (read(name) ?? '').trim() !== ''

  // Operation first: it decides which other inputs are required or refused.
  const opText = get(Inputs.Operation)
  const operation = (OPERATIONS as readonly string[]).includes(opText) ? (opText as Operation) : undefined
  if (!operation) {
    problems.push(`Input '${Inputs.Operation}' is ${JSON.stringify(opText)}: use one of ${OPERATIONS.join(', ')}${didYouMean(opText, OPERATIONS)}.`)
  } else {
    const { required, optional } = OperationInputs[operation]
    for (const name of required) {
      if (!given(name)) problems.push(`Input '${name}' is required by operation '${operation}'.${requiredHint(name)}`)
    }
    for (const name of OperationSpecificInputs) {
      if (given(name) && !required.includes(name) && !optional.includes(name)) {
        const takers = OPERATIONS.filter((op) => OperationInputs[op].required.includes(name) || OperationInputs[op].optional.includes(name))
        problems.push(
          `Input '${name}' does not apply to operation '${operation}'; it is used by ${takers.map((t) => `'${t}'`).join(', ')}. Remove it or change '${Inputs.Operation}'.`
        )
      }
    }
  }

  const urlFromEnv = !given(Inputs.Url) && (env[Env.Url]?.trim() ?? '') !== ''
  const url = parseUrl(
    urlFromEnv ? `The ${Env.Url} environment variable` : `Input '${Inputs.Url}'`,
    urlFromEnv ? (env[Env.Url] ?? '').trim() : get(Inputs.Url),
    problems,
    `set '${Inputs.Url}' (or the ${Env.Url} environment variable) to your Wallaroo API address, e.g. https://wallaroo.example.com`
  )
  const authUrl = given(Inputs.AuthUrl) ? parseUrl(`Input '${Inputs.AuthUrl}'`, get(Inputs.AuthUrl), problems, '') : url
  const auth = parseAuth(get, env, problems)

  // Workspace: a numeric id or a name.
  let workspace: ActionSettings['workspace']
  const wsText = get(Inputs.Workspace)
  if (wsText) {
    if (/^\d+$/.test(wsText)) workspace = { id: Number(wsText) }
    else {
      const err = checkName(Inputs.Workspace, wsText, 'workspace')
      if (err) problems.push(`${err} An existing workspace with another name can be given by its numeric id.`)
      workspace = { name: wsText }
    }
  }
  const createWorkspace = parseBoolean(Inputs.CreateWorkspace, get(Inputs.CreateWorkspace), problems)

  const github = readGithubContext(env)
  let pipeline = nameInput(Inputs.Pipeline, get, problems)
  const ephemeral = parseBoolean(Inputs.Ephemeral, get(Inputs.Ephemeral), problems)
  let ephemeralBase: string | undefined
  if (ephemeral && pipeline) {
    const derived = ephemeralPipelineName(pipeline, github)
    if ('problem' in derived) problems.push(derived.problem)
    else {
      ephemeralBase = pipeline
      pipeline = derived.name
    }
  }
  // A pipeline name starts with a letter, so digits are an id (a deploy step's 'pipeline-id' output).
  const sourceText = get(Inputs.SourcePipeline)
  const sourcePipelineId = /^\d+$/.test(sourceText) && Number(sourceText) > 0 ? Number(sourceText) : undefined
  const sourcePipeline = sourcePipelineId !== undefined ? sourceText : nameInput(Inputs.SourcePipeline, get, problems)
  const newPipeline = nameInput(Inputs.NewPipeline, get, problems)
  const copyOptions = parseCopyOptions(operation, get, given, problems)
  if (sourcePipeline && newPipeline && sourcePipeline === newPipeline) {
    problems.push(`Input '${Inputs.NewPipeline}' is the same as '${Inputs.SourcePipeline}' ("${newPipeline}"); give the copy a new name.`)
  }

  const parsedModels = given(Inputs.Models) ? parseModelsInput(read(Inputs.Models), cwd) : { models: [], problems: [] }
  problems.push(...parsedModels.problems)
  const models = parsedModels.models
  if (operation === 'upload-model') {
    for (const m of models) {
      if (m.kind !== 'file')
        problems.push(`Input '${Inputs.Models}' entry "${m.name}" names an existing version; operation 'upload-model' uploads files, so give 'path' instead.`)
    }
  }

  let pipelineDefinition: ActionSettings['pipelineDefinition']
  if (given(Inputs.PipelineDefinition)) {
    const parsed = parseDefinition(read(Inputs.PipelineDefinition), cwd)
    problems.push(...parsed.problems)
    pipelineDefinition = parsed.definition
    // An empty pipeline cannot answer an inference, so deploying one only fails later (or, without a smoke
    // input, "succeeds" with nothing to serve). create-pipeline may make one, as pipelines/create allows (§7.1).
    if (pipelineDefinition && operation === 'deploy' && !hasModelStep(pipelineDefinition)) {
      const instead = given(Inputs.Models) ? ` or leave '${Inputs.PipelineDefinition}' out to run the models of '${Inputs.Models}' in order` : ''
      problems.push(
        `Input '${Inputs.PipelineDefinition}' has no step that runs a model (ModelInference or RandomSplit), and operation 'deploy' cannot deploy an empty pipeline (it could not answer an inference). Add a step such as {"steps": [{"ModelInference": {"models": [{"name": "ccfraud"}]}}]}${instead}; use operation 'create-pipeline' to create an empty pipeline.`
      )
    }
    if (pipelineDefinition && parsedModels.problems.length === 0) {
      const known = new Set(models.map((m) => m.name))
      for (const name of unresolvedModelNames(pipelineDefinition)) {
        if (!known.has(name)) {
          problems.push(
            `Input '${Inputs.PipelineDefinition}' uses model "${name}" without 'version' and 'sha', and '${Inputs.Models}' has no entry named "${name}"; add it to '${Inputs.Models}' or give its version and sha.`
          )
        }
      }
    }
  }
  if ((operation === 'deploy' || operation === 'create-pipeline') && !given(Inputs.Models) && !given(Inputs.PipelineDefinition)) {
    problems.push(`Operation '${operation}' needs '${Inputs.Models}' or '${Inputs.PipelineDefinition}' (or both): say which models the pipeline runs.`)
  }

  const built = buildEngineConfig({
    arch: get(Inputs.Arch),
    gpus: get(Inputs.Gpus),
    deploymentLabel: get(Inputs.DeploymentLabel),
    cpus: get(Inputs.Cpus),
    memory: get(Inputs.Memory),
    replicas: get(Inputs.Replicas),
    engineConfig: get(Inputs.EngineConfig)
  })
  // Other operations refuse these inputs above; one message per mistake is enough.
  const takesEngineConfig = operation === undefined || operation === 'deploy' || (operation === 'copy-pipeline' && copyOptions.deployCopy)
  if (takesEngineConfig) problems.push(...built.problems)
  problems.push(...alignModelArch(models, built.engineConfig.engine?.arch))
  const inputWarnings = takesEngineConfig ? built.warnings : []

  // These feed timers, which cannot hold more than MAX_TIMER_MS (a longer wait would fire at once).
  const timeoutMs = durationInput(Inputs.Timeout, get, problems, MAX_TIMER_MS)
  const requestTimeoutMs = durationInput(Inputs.RequestTimeout, get, problems, MAX_TIMER_MS)
  const pollIntervalMs = durationInput(Inputs.PollInterval, get, problems, MAX_TIMER_MS)

  let smokeInput: SmokeInput | undefined
  if (given(Inputs.SmokeInput)) {
    try {
      smokeInput = readSmokeInput(get(Inputs.SmokeInput), cwd)
    } catch (e) {
      problems.push(problemOf(e))
    }
  }

  // The smoke input against the model it is sent to, before anything is created (deploy only: the other operations
  // send it to a pipeline that is already deployed, whose models the inputs do not describe).
  if (operation === 'deploy' && smokeInput) {
    const first = firstModelOf(pipelineDefinition, models)
    if (first) problems.push(...smokeInputMisfits(smokeInput, first))
  }

  // Golden answers: read now, so a missing or malformed file fails before anything changes on the server.
  let expectedOutput: ExpectedOutput | undefined
  if (given(Inputs.ExpectedOutput)) {
    try {
      expectedOutput = readExpectedOutput(get(Inputs.ExpectedOutput), cwd)
    } catch (e) {
      problems.push(problemOf(e))
    }
    if ((operation === 'deploy' || operation === 'copy-pipeline' || operation === 'promote' || operation === 'reject') && !given(Inputs.SmokeInput)) {
      problems.push(
        `Input '${Inputs.ExpectedOutput}' needs '${Inputs.SmokeInput}': the golden answers are compared with the answers to that input. Give the input file the goldens were recorded from.`
      )
    }
    if (expectedOutput && smokeInput && expectedOutput.rows.length !== smokeInput.rows) {
      problems.push(
        `Input '${Inputs.ExpectedOutput}' has ${expectedOutput.rows.length} record(s) but '${Inputs.SmokeInput}' has ${smokeInput.rows} row(s); the goldens need one record per input row. Record them again from this input with operation 'infer' and '${Inputs.WriteOutput}'.`
      )
    }
  }
  // Champion and challenger (deploy): strategy, comparison with what is live, gates, canary.
  const rollout =
    operation === 'deploy'
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
      : undefined
  const compares = rollout !== undefined && (rollout.strategy === 'shadow' || rollout.compareWithLive)
  if (given(Inputs.Tolerance) && !given(Inputs.ExpectedOutput) && !compares) {
    problems.push(
      `Input '${Inputs.Tolerance}' only applies with '${Inputs.ExpectedOutput}' (it bounds the golden check) or a comparison with the live model; give the golden file or remove '${Inputs.Tolerance}'.`
    )
  }
  let tolerance: Tolerance = { abs: 0, rel: 0 }
  try {
    tolerance = parseTolerance(get(Inputs.Tolerance))
  } catch (e) {
    problems.push(`Input '${Inputs.Tolerance}' is ${JSON.stringify(get(Inputs.Tolerance))}: ${(e as Error).message}.`)
  }
  let writeOutput: string | undefined
  if (given(Inputs.WriteOutput)) {
    writeOutput = resolvePath(get(Inputs.WriteOutput), cwd)
    if (!writeOutput.toLowerCase().endsWith('.json')) {
      problems.push(
        `Input '${Inputs.WriteOutput}' is "${get(Inputs.WriteOutput)}": the answers are written as pandas-records JSON, so give a .json path, e.g. goldens/ccfraud.expected.json.`
      )
    }
    if ((operation === 'deploy' || operation === 'copy-pipeline' || operation === 'promote' || operation === 'reject') && !given(Inputs.SmokeInput)) {
      problems.push(`Input '${Inputs.WriteOutput}' needs '${Inputs.SmokeInput}': it records the answers to that input.`)
    }
  }
  const errorGraceMs = durationInput(Inputs.ErrorGrace, get, problems, MAX_TIMER_MS)
  const onFailure = enumInput<FailurePolicy>(Inputs.OnFailure, get(Inputs.OnFailure), FAILURE_POLICIES, problems)
  const teardown = enumInput<TeardownMode>(Inputs.Teardown, get(Inputs.Teardown), TEARDOWN_MODES, problems)
  const dryRun = parseBoolean(Inputs.DryRun, get(Inputs.DryRun), problems)

  // sweep
  let prefix: string | undefined
  if (given(Inputs.Prefix)) {
    prefix = get(Inputs.Prefix)
    if (!/^[a-zA-Z][a-zA-Z0-9-]*$/.test(prefix)) {
      problems.push(
        `Input '${Inputs.Prefix}' is ${JSON.stringify(prefix)}: pipeline names start with a letter and hold ASCII letters, digits and '-', so a prefix that can match one must too, e.g. ccfraud-pr-.`
      )
    }
  }
  const maxAgeMs = given(Inputs.MaxAge) ? durationInput(Inputs.MaxAge, get, problems) : undefined
  const closedPrs = parseBoolean(Inputs.ClosedPrs, get(Inputs.ClosedPrs), problems)
  const tokenText = (read(Inputs.GithubToken) ?? '').trim()
  // The runner fills in `${{ github.token }}`; outside a workflow the unexpanded default means "none".
  const githubToken = (tokenText && !tokenText.startsWith('${{') ? tokenText : env[Env.Token]?.trim()) || undefined
  if (operation === 'sweep') {
    if (maxAgeMs === undefined && !closedPrs) {
      problems.push(
        `Operation 'sweep' needs '${Inputs.MaxAge}' (e.g. 7d) and/or '${Inputs.ClosedPrs}: true': say which pipelines with prefix '${prefix ?? ''}' are stale.`
      )
    }
    if (closedPrs && !githubToken) {
      problems.push(
        `Input '${Inputs.ClosedPrs}' needs a GitHub token to read the pull requests: keep '${Inputs.GithubToken}' at its default (\${{ github.token }}) and give the job 'pull-requests: read'.`
      )
    } else if (closedPrs && !github.repository) {
      problems.push(`Input '${Inputs.ClosedPrs}' needs the repository (GITHUB_REPOSITORY) to read its pull requests; run the sweep in a workflow.`)
    }
  }

  // The PR comment: on pull_request events unless switched off; elsewhere only when asked (and then refused: no PR).
  const comment = given(Inputs.Comment) ? parseBoolean(Inputs.Comment, get(Inputs.Comment), problems) : github.prNumber !== undefined
  if (given(Inputs.Comment) && comment && github.prNumber === undefined) {
    problems.push(
      `Input '${Inputs.Comment}' is true, but this run is not for a pull request (no pull_request event), so there is nothing to comment on; remove '${Inputs.Comment}' or run the step on pull_request events.`
    )
  }

  let deploymentId: number | undefined
  const depText = get(Inputs.DeploymentId)
  if (depText) {
    if (/^\d+$/.test(depText) && Number(depText) > 0) deploymentId = Number(depText)
    else
      problems.push(
        `Input '${Inputs.DeploymentId}' is ${JSON.stringify(depText)}: give the numeric deployment id (the 'deployment-id' output of the deploy step, e.g. 14).`
      )
  }

  if (problems.length > 0 || !operation || !auth) throw new InputError(problems)
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
  }
}

/**
 * copy-pipeline's own options: `source-version` (a version UUID) and `deploy-copy`; the deploy and check inputs apply
 * only with `deploy-copy: true`.
 */
function parseCopyOptions(
  operation: Operation | undefined,
  get: (n: InputName) => string,
  given: (n: InputName) => boolean,
  problems: Problem[]
): { deployCopy: boolean; sourceVersion?: string } {
  const deployCopy = parseBoolean(Inputs.DeployCopy, get(Inputs.DeployCopy), problems)
  let sourceVersion: string | undefined
  if (given(Inputs.SourceVersion)) {
    sourceVersion = get(Inputs.SourceVersion)
    if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(sourceVersion)) {
      const hint = /^\d+$/.test(sourceVersion)
        ? " A number is a version id; pipelines/copy takes the UUID (the 'pipeline-version' output, not 'pipeline-version-id')."
        : ''
      problems.push(
        `Input '${Inputs.SourceVersion}' is ${JSON.stringify(sourceVersion)}: give the UUID of the source pipeline's version to copy, e.g. 5d0326fa-6753-4252-bb56-3b2106a8c671.${hint}`
      )
    }
  }
  if (operation === 'copy-pipeline' && !deployCopy) {
    for (const name of CopyDeployInputs) {
      if (given(name))
        problems.push(
          `Input '${name}' applies to operation 'copy-pipeline' only with '${Inputs.DeployCopy}: true' (it deploys the copy, then waits for it and checks it); add that, or remove '${name}'.`
        )
    }
  }
  return { deployCopy, ...(sourceVersion ? { sourceVersion } : {}) }
}

/** One of a fixed list of words, e.g. on-failure; an unknown word lists the valid ones. */
function enumInput<T extends string>(input: InputName, text: string, values: readonly T[], problems: Problem[]): T {
  if ((values as readonly string[]).includes(text)) return text as T
  problems.push(`Input '${input}' is ${JSON.stringify(text)}: use one of ${values.join(', ')}${didYouMean(text, values)}.`)
  return values[0]
}

/** " (did you mean 'x'?)" for a word close to one of `values`, else ''. */
function didYouMean(text: string, values: readonly string[]): string {
  const close = text === '' ? undefined : closestWord(text, values)
  return close ? ` (did you mean '${close}'?)` : ''
}

function requiredHint(name: InputName): string {
  switch (name) {
    case Inputs.Workspace:
      return ' Give the workspace name (e.g. fraud-team) or its numeric id.'
    case Inputs.Pipeline:
      return ' Give the pipeline name, e.g. ccfraud.'
    case Inputs.Models:
      return " Give a YAML list such as '- name: ccfraud' / '  path: models/ccfraud.onnx'."
    case Inputs.SmokeInput:
      return ' Give a pandas-records .json or Arrow .arrow file to send to the pipeline.'
    default:
      return ''
  }
}

/** Checks an address; `subject` names where it came from, e.g. "Input 'url'". */
function parseUrl(subject: string, text: string, problems: Problem[], missingHint: string): string {
  if (text === '') {
    problems.push(`${subject} is required: ${missingHint}.`)
    return ''
  }
  let u: URL
  try {
    u = new URL(text)
  } catch {
    problems.push(`${subject} is ${JSON.stringify(text)}: not a URL; give the full address with its scheme, e.g. https://wallaroo.example.com.`)
    return ''
  }
  // First, so no later message repeats the address with its credentials.
  if (u.username || u.password) {
    problems.push(
      `${subject} contains credentials; remove them from the URL and use the '${Inputs.Token}' or '${Inputs.Username}'/'${Inputs.Password}' inputs.`
    )
    return ''
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    problems.push(`${subject} is ${JSON.stringify(text)}: only http:// and https:// addresses are supported.`)
    return ''
  }
  if (u.search || u.hash) {
    problems.push(`${subject} is ${JSON.stringify(text)}: remove the query or fragment; give only the base address, e.g. ${u.origin}.`)
    return ''
  }
  // The action appends /v1/api/... and /auth/realms/... itself; a path ending in either is a copied endpoint,
  // not a reverse-proxy prefix (other paths are kept as prefixes).
  const copied = u.pathname.match(/^(.*?)\/(v1\/api|auth)(\/.*)?$/)
  if (copied) {
    const base = `${u.origin}${copied[1]}`
    problems.push(`${subject} is ${JSON.stringify(text)}: give the base address without '/${copied[2]}'; the action appends the API paths itself. Try ${base}.`)
    return ''
  }
  return `${u.origin}${u.pathname}`.replace(/\/+$/, '')
}

function parseAuth(get: (n: InputName) => string, env: NodeJS.ProcessEnv, problems: Problem[]): AuthSettings | undefined {
  const token = get(Inputs.Token)
  const clientSecret = get(Inputs.ClientSecret)
  const clientId = get(Inputs.ClientId)
  const userInput = get(Inputs.Username)
  const passwordInput = get(Inputs.Password)
  if (token && (userInput || passwordInput)) {
    problems.push(
      `Inputs '${Inputs.Token}' and '${Inputs.Username}'/'${Inputs.Password}' are both given; use one way to sign in: a token, or a user and password.`
    )
    return undefined
  }
  if (token) {
    for (const input of [Inputs.ClientSecret, Inputs.ClientId]) {
      if (get(input))
        problems.push(
          `Input '${input}' does not apply when signing in with '${Inputs.Token}' (the token is used as it is); remove it, or remove '${Inputs.Token}'.`
        )
    }
    return { kind: 'token', token }
  }
  // Each of user and password falls back to its environment variable on its own (§2.2 names them), so a
  // password from a secret input works with WALLAROO_USER set for the job, and the other way round.
  const envUser = env[Env.User]?.trim() ?? ''
  const envPassword = env[Env.Password] ?? ''
  const username = userInput || envUser
  const password = passwordInput || envPassword
  const client = clientId ? { clientId } : {}
  if (username && password) return { kind: 'password', username, password, ...(clientSecret ? { clientSecret } : {}), ...client }
  if (!username && !password && clientId) {
    // No user anywhere: the client's own service account (client_credentials grant, §2.1).
    if (clientSecret) return { kind: 'client', clientId, clientSecret }
    problems.push(
      `Input '${Inputs.ClientId}' without a user signs in as that client's service account (the client_credentials grant), which needs '${Inputs.ClientSecret}': pass it from a secret, e.g. \${{ secrets.WALLAROO_CLIENT_SECRET }}; or give '${Inputs.Username}' and '${Inputs.Password}' to sign in as a user through this client.`
    )
    return undefined
  }
  if (username) {
    problems.push(
      userInput
        ? `Input '${Inputs.Password}' is required with '${Inputs.Username}' (or set ${Env.Password}); pass it from a secret, e.g. \${{ secrets.WALLAROO_PASSWORD }}.`
        : `${Env.User} is set in the environment but no password is given: give '${Inputs.Password}' or set ${Env.Password}, from a secret, e.g. \${{ secrets.WALLAROO_PASSWORD }}.`
    )
  } else if (password) {
    problems.push(
      passwordInput
        ? `Input '${Inputs.Username}' is required with '${Inputs.Password}' (or set ${Env.User}).`
        : `${Env.Password} is set in the environment but no user is given: give '${Inputs.Username}' or set ${Env.User}.`
    )
  } else if (clientSecret) {
    problems.push(
      `Input '${Inputs.ClientSecret}' is given without a user: give '${Inputs.Username}' and '${Inputs.Password}' to sign in as a user through the confidential client, or '${Inputs.ClientId}' (e.g. api-client) to sign in as the client's service account (client_credentials grant; Wallaroo's docs describe such tokens for inference).`
    )
  } else {
    problems.push(
      `No credentials: give '${Inputs.Token}', or '${Inputs.Username}' and '${Inputs.Password}' (or the ${Env.User}/${Env.Password} environment variables), from repository secrets.`
    )
  }
  return undefined
}

function parseBoolean(input: string, text: string, problems: Problem[]): boolean {
  const t = text.toLowerCase()
  if (['true', 'yes', 'on', '1'].includes(t)) return true
  if (['false', 'no', 'off', '0'].includes(t)) return false
  problems.push(`Input '${input}' is ${JSON.stringify(text)}: use true or false.`)
  return false
}

function nameInput(input: InputName, get: (n: InputName) => string, problems: Problem[]): string | undefined {
  const text = get(input)
  if (!text) return undefined
  const err = checkName(input, text, 'pipeline')
  if (err) problems.push(err)
  return text
}

function durationInput(input: InputName, get: (n: InputName) => string, problems: Problem[], maxMs?: number): number {
  const text = get(input)
  try {
    return parseDuration(text, maxMs)
  } catch (e) {
    problems.push(`Input '${input}' is ${JSON.stringify(text)}: ${(e as Error).message}.`)
    return 0
  }
}
