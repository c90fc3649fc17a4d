/**
 * Faults the action survives, through the runner protocol: `node dist/index.js` and then its post step, as the
 * runner runs them, against emulator processes with fault rules, forced states, short tokens, a restart and a
 * cancel. Each scenario asserts the outcome, the message and the emulator's final state: nothing orphaned (what a
 * failed run made is undeployed and, with `teardown: on-failure`, deleted by the post step) and nothing duplicated
 * (one workspace, one model version per file, one pipeline, one version per run, one deployment per pipeline).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  emulatorPost,
  emulatorState,
  errorMessages,
  makeDemoWorkspace,
  runAction,
  runPostStep,
  type ActionRun,
  type DemoWorkspace,
  type EmulatorState
} from '../helpers/action-process.js'
import { addFault, clearFaults, demoModelsInput, expectSuccess, forceErrorWhenLive, signedInInputs, warningMessages } from '../helpers/action-testbed.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'
import { portOutsideEphemeralRange } from '../helpers/fixed-port.js'
import { credentialArgs, pause } from '../helpers/wallaroo-session.js'

let ws: DemoWorkspace
beforeAll(async () => {
  ws = await makeDemoWorkspace(2)
})
afterAll(async () => {
  await ws?.cleanup()
})

/** An emulator for one describe block, started before its tests and stopped after them. */
function useEmulator(args: string[]): { readonly url: string } {
  let emulator: EmulatorProcess | undefined
  beforeAll(async () => {
    emulator = await startEmulatorProcess([...args, ...credentialArgs()])
  }, 60_000)
  afterAll(async () => {
    await emulator?.stop()
  })
  return {
    get url() {
      return emulator!.url
    }
  }
}

const WORKSPACE = 'faults-test'

function deployInputs(url: string, pipeline: string, extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(url, WORKSPACE, {
    pipeline,
    models: demoModelsInput(ws),
    'smoke-input': ws.smokeJson,
    timeout: '60s',
    teardown: 'on-failure',
    ...extra
  })
}

/** Runs the main step and then the post step with the same inputs, as the runner does. */
async function mainAndPost(inputs: Record<string, string>, opts: Parameters<typeof runAction>[1] = {}): Promise<{ main: ActionRun; post: ActionRun }> {
  const main = await runAction(inputs, { cwd: ws.dir, ...opts })
  const post = await runPostStep(inputs, main, { cwd: ws.dir })
  return { main, post }
}

/** Names that occur more than once among `items` by `key`. */
function repeated<T>(items: T[], key: (t: T) => string): string[] {
  const seen = new Map<string, number>()
  for (const i of items) seen.set(key(i), (seen.get(key(i)) ?? 0) + 1)
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k)
}

/** Nothing duplicated anywhere: workspaces, models, versions of one file, pipelines, deployments per pipeline. */
function expectNoDuplicates(state: EmulatorState): void {
  expect({
    workspaces: repeated(state.workspaces, (w: { name: string }) => w.name),
    models: repeated(state.models, (m: { name: string; workspace_id: number }) => `${m.workspace_id}/${m.name}`),
    versions: repeated(state.model_versions, (v: { model_id: number; file_info: { sha: string } }) => `${v.model_id}/${v.file_info.sha}`),
    pipelines: repeated(state.pipelines, (p: { name: string; workspace_id: number }) => `${p.workspace_id}/${p.name}`),
    deployments: repeated(state.deployments, (d: { deploy_id: string }) => d.deploy_id)
  }).toEqual({ workspaces: [], models: [], versions: [], pipelines: [], deployments: [] })
}

/** A pipeline as the state shows it: exists, versions, and whether it is deployed. */
function pipelineIn(state: EmulatorState, name: string): { exists: boolean; versions: number; deployed: boolean } {
  const p = state.pipelines.find((x: { name: string }) => x.name === name)
  const versions = p ? state.pipeline_versions.filter((v: { pipeline_id: number }) => v.pipeline_id === p.id).length : 0
  const deployed = state.deployments.some((d: { deploy_id: string; deployed: boolean }) => d.deploy_id === name && d.deployed)
  return { exists: p !== undefined, versions, deployed }
}

/** A run that failed after creating things: the post step leaves nothing of it behind (teardown: on-failure). */
function expectTornDown(state: EmulatorState, name: string): void {
  expect(pipelineIn(state, name)).toEqual({ exists: false, versions: 0, deployed: false })
  expectNoDuplicates(state)
}

/** A run that succeeded: one pipeline with one version, deployed, nothing twice. */
function expectDeployedOnce(state: EmulatorState, name: string): void {
  expect(pipelineIn(state, name)).toEqual({ exists: true, versions: 1, deployed: true })
  expectNoDuplicates(state)
}

describe('transient server faults', () => {
  // Room for every scenario's deployment at once (each engine asks for a CPU by default).
  const emu = useEmulator(['--start-seconds', '1', '--convert-seconds', '0.1', '--nodes', 'cpu=64,memory=256Gi'])
  // Also after a failed assertion: a rule left behind would fail the next scenario.
  afterEach(() => clearFaults(emu.url))

  it('1. a burst of 502/503 on every read is retried; the deploy succeeds with nothing made twice', async () => {
    await emulatorPost(emu.url, '/_emulator/faults', [
      { route: '/v1/api/workspaces/list', status: 502, count: 2 },
      { route: '/v1/api/models/list', status: 503, count: 2 },
      { route: '/v1/api/pipelines/list_pipelines', status: 503, count: 2 },
      { route: '/v1/api/models/get_version_by_id', status: 502, count: 2 },
      { route: '/v1/api/status/get_deployment', status: 503, count: 5 },
      { route: '/v1/api/admin/get_pipeline_external_url', status: 502, count: 1 }
    ])
    const { main, post } = await mainAndPost(deployInputs(emu.url, 'burst-pipe'))
    expectSuccess(main)
    expect(main.outputs.outcome).toBe('success')
    expect(main.stdout).toMatch(/HTTP 50[23]; retrying in \d+ ms/)
    expect(post.stdout).toContain("Nothing to clean up: the main step ended with outcome success, and 'teardown' is on-failure.")
    expectDeployedOnce(await emulatorState(emu.url), 'burst-pipe')
    await clearFaults(emu.url)
  })

  it('2. a 429 with Retry-After on the smoke inference is waited out as asked and retried, not called a server-side problem', async () => {
    const hits = await addFault(emu.url, { route: '/v1/api/pipelines/infer/*', status: 429, retryAfter: 2, count: 2 })
    const { main } = await mainAndPost(deployInputs(emu.url, 'throttled-pipe'))
    expectSuccess(main)
    expect(await hits()).toBe(2)
    expect(main.stdout).toMatch(/POST \/v1\/api\/pipelines\/infer\/.*: HTTP 429; retrying in 2000 ms \(Retry-After\)/)
    expect(JSON.parse(main.outputs['smoke-output'])).toHaveLength(ws.rows.length)
    expectDeployedOnce(await emulatorState(emu.url), 'throttled-pipe')
    await clearFaults(emu.url)
  })

  it('3. a 429 that never ends names the throttling and what to do, and the failed first deploy is undone', async () => {
    await addFault(emu.url, { route: '/v1/api/pipelines/infer/*', status: 429 })
    const { main, post } = await mainAndPost(deployInputs(emu.url, 'always-throttled-pipe', { timeout: '20s' }))
    expect(main.code).toBe(1)
    // The policy (rollback) undid the deploy: with nothing Running before, by undeploying.
    expect(main.outputs.outcome).toBe('rolled-back')
    const message = errorMessages(main.stdout).join('\n')
    expect(message).toMatch(
      /HTTP 429 from \/v1\/api\/pipelines\/infer\/.+Wallaroo refused the requests as too many \(HTTP 429, \d+ attempts?; .*Retry later, or raise 'timeout'\./
    )
    expect(message).not.toContain('server-side problem')
    expect(post.code).toBe(0)
    expectTornDown(await emulatorState(emu.url), 'always-throttled-pipe')
    await clearFaults(emu.url)
  })

  it('4. a 4xx from the smoke inference fails the smoke check naming smoke-input; the deployment is undone', async () => {
    await addFault(emu.url, {
      route: '/v1/api/pipelines/infer/*',
      status: 400,
      body: { code: 400, status: 'error', error: 'tensor "dense_input" expects 29 values per row but row 0 has 28', source: 'engine' }
    })
    const { main, post } = await mainAndPost(deployInputs(emu.url, 'refused-smoke-pipe', { 'on-failure': 'undeploy' }))
    expect(main.code).toBe(1)
    expect(main.outputs.outcome).toBe('smoke-failed')
    const message = errorMessages(main.stdout).join('\n')
    expect(message).toContain('HTTP 400 from /v1/api/pipelines/infer/')
    expect(message).toContain("The engine refused the smoke input: check the columns of 'smoke-input' match the model's inputs.")
    expect(message).toMatch(/on-failure: undeploy: deployment refused-smoke-pipe-\d+ is undeployed/)
    expect(post.stdout).toMatch(/teardown: pipeline "refused-smoke-pipe" deleted/)
    expectTornDown(await emulatorState(emu.url), 'refused-smoke-pipe')
    await clearFaults(emu.url)
  })

  it('5. a deploy answered 503 is re-sent (deploy is an upsert): one deployment', async () => {
    await addFault(emu.url, { route: '/v1/api/pipelines/deploy', status: 503, count: 2 })
    const { main } = await mainAndPost(deployInputs(emu.url, 'redeploy-503-pipe'))
    expectSuccess(main)
    expectDeployedOnce(await emulatorState(emu.url), 'redeploy-503-pipe')
    await clearFaults(emu.url)
  })

  it('6. a 429 with Retry-After on a read is waited out as asked', async () => {
    const hits = await addFault(emu.url, { route: '/v1/api/pipelines/list_pipelines', status: 429, retryAfter: 2, count: 1 })
    const { main } = await mainAndPost(deployInputs(emu.url, 'read-throttled-pipe'))
    expectSuccess(main)
    expect(await hits()).toBe(1)
    expect(main.stdout).toContain('POST /v1/api/pipelines/list_pipelines: HTTP 429; retrying in 2000 ms (Retry-After)')
    expectDeployedOnce(await emulatorState(emu.url), 'read-throttled-pipe')
  })

  it.each([
    ['the pipeline version', '/v1/api/pipelines/create', { status: 502 }],
    ['the model upload', '/v1/api/models/upload_and_convert', { status: 500 }],
    ['the workspace', '/v1/api/workspaces/create', { status: 503 }],
    ['the pipeline version, the connection dropped', '/v1/api/pipelines/create', { drop: true }],
    ['the model upload, the connection dropped', '/v1/api/models/upload_and_convert', { drop: true }]
  ])('7. a create of %s applied, then failed: found and used, nothing made twice, a re-run finds it', async (what, route, fault) => {
    const pipeline = `applied-${route.split('/')[3]}-${'drop' in fault ? 'drop' : 'status'}`
    // A workspace (and a model file) of its own, so each create really happens here.
    const wsName = `${pipeline}-ws`
    const model = await ws.write(`models/${pipeline}.onnx`, buildDemoModel({ bias: Math.random() }))
    const inputs = signedInInputs(emu.url, wsName, {
      pipeline,
      models: `- name: ccfraud-like\n  path: ${model}\n`,
      'smoke-input': ws.smokeJson,
      timeout: '60s',
      teardown: 'on-failure'
    })
    const hits = await addFault(emu.url, { route, afterApply: true, count: 1, ...fault })
    const main = await runAction(inputs, { cwd: ws.dir })
    expectSuccess(main)
    expect(await hits()).toBe(1)
    expect(warningMessages(main.stdout).join('\n')).toMatch(/Creating .+ failed \(.+\), but the server had done it: the action found it and goes on with it\./)
    const state = await emulatorState(emu.url)
    expectDeployedOnce(state, pipeline)
    expect(state.workspaces.filter((w: { name: string }) => w.name === wsName)).toHaveLength(1)
    const wsId = state.workspaces.find((w: { name: string }) => w.name === wsName).id
    expect(state.model_versions.filter((v: { workspace_id: number }) => v.workspace_id === wsId)).toHaveLength(1)
    // The re-run finds everything as it is: no new workspace, model version or pipeline version.
    const again = await runAction(inputs, { cwd: ws.dir })
    expectSuccess(again)
    expect(again.stdout).toContain(`Pipeline "${pipeline}": the current version`)
    const after = await emulatorState(emu.url)
    expect(after.counters).toEqual(state.counters)
    void what
  })

  it('8. a connection dropped on a create before the server applied it: the failure says nothing was created and does not blame the URL; a re-run creates it once', async () => {
    const inputs = deployInputs(emu.url, 'dropped-create-pipe')
    await addFault(emu.url, { route: '/v1/api/pipelines/create', drop: true, count: 1 })
    const { main, post } = await mainAndPost(inputs)
    expect(main.code).toBe(1)
    expect(main.outputs.outcome).toBe('deploy-failed')
    const message = errorMessages(main.stdout).join('\n')
    expect(message).toMatch(
      /the connection for POST .*\/v1\/api\/pipelines\/create broke before an answer came: .+ \(1 attempt\); the server may have received the request \(the action looked: a version of pipeline "dropped-create-pipe" was not created, so a re-run starts clean\)\. The connection to .+ broke while the request was out; the server may have acted on it\. Re-run/
    )
    expect(message).not.toMatch(/check 'url'/)
    expect(post.code).toBe(0)
    expect(pipelineIn(await emulatorState(emu.url), 'dropped-create-pipe').exists).toBe(false)
    const again = await runAction(inputs, { cwd: ws.dir })
    expectSuccess(again)
    expectDeployedOnce(await emulatorState(emu.url), 'dropped-create-pipe')
  })

  it('9. a deploy whose connection drops after the server applied it is re-sent (an upsert): one deployment', async () => {
    await addFault(emu.url, { route: '/v1/api/pipelines/deploy', drop: true, afterApply: true, count: 1 })
    const { main } = await mainAndPost(deployInputs(emu.url, 'dropped-deploy-pipe'))
    expectSuccess(main)
    expectDeployedOnce(await emulatorState(emu.url), 'dropped-deploy-pipe')
  })

  it.each([
    ['answered 502', { status: 502 }],
    ['its connection dropped', { drop: true }]
  ])('17. a copy-pipeline with deploy-copy applied, then %s: found and used, deployed and checked once, a re-run copies nothing', async (_what, fault) => {
    const source = `copy-source-${'drop' in fault ? 'drop' : 'status'}`
    expectSuccess(await runAction(deployInputs(emu.url, source), { cwd: ws.dir }))
    const target = `${source}-copy`
    const inputs = signedInInputs(emu.url, WORKSPACE, {
      operation: 'copy-pipeline',
      'source-pipeline': source,
      'new-pipeline': target,
      'deploy-copy': 'true',
      'smoke-input': ws.smokeJson,
      timeout: '60s',
      teardown: 'on-failure'
    })
    const hits = await addFault(emu.url, { route: '/v1/api/pipelines/copy', afterApply: true, count: 1, ...fault })
    const main = await runAction(inputs, { cwd: ws.dir })
    expectSuccess(main)
    expect(await hits()).toBe(1)
    expect(warningMessages(main.stdout).join('\n')).toMatch(
      new RegExp(`Creating pipeline "${target}" failed \\(.+\\), but the server had done it: the action found it and goes on with it\\.`)
    )
    expect(main.outputs['smoke-passed'] ?? '').not.toBe('false')
    const state = await emulatorState(emu.url)
    expectDeployedOnce(state, target)
    const again = await runAction(inputs, { cwd: ws.dir })
    expectSuccess(again)
    expect(again.stdout).toContain(`Pipeline "${target}" already exists with the definition of "${source}"`)
    expect((await emulatorState(emu.url)).counters).toEqual(state.counters)
  })

  it('10. a slow server (2 s per status read) within request-timeout is waited for', async () => {
    await addFault(emu.url, { route: '/v1/api/status/get_deployment', delayMs: 2000, count: 2 })
    const { main } = await mainAndPost(deployInputs(emu.url, 'slow-pipe'))
    expectSuccess(main)
    expectDeployedOnce(await emulatorState(emu.url), 'slow-pipe')
    await clearFaults(emu.url)
  })
})

describe('tokens expiring mid-wait', () => {
  // 2 s tokens, 3 s to start: every wait outlives several tokens.
  const emu = useEmulator(['--token-seconds', '2', '--start-seconds', '3', '--convert-seconds', '0.1'])

  it('11. main and post sign in again as tokens expire; a 401 mid-run is answered by signing in again', async () => {
    const tokens = await addFault(emu.url, { route: '/auth/realms/master/protocol/openid-connect/token', delayMs: 0 })
    await addFault(emu.url, { route: '/v1/api/models/list', status: 401, count: 1 })
    const { main, post } = await mainAndPost(deployInputs(emu.url, 'short-token-pipe', { teardown: 'always' }))
    expectSuccess(main)
    expect(await tokens()).toBeGreaterThanOrEqual(3)
    expect(post.code).toBe(0)
    expect(post.stdout).toMatch(/teardown: deployment short-token-pipe-\d+ undeployed; pipeline "short-token-pipe" deleted/)
    expectTornDown(await emulatorState(emu.url), 'short-token-pipe')
    await clearFaults(emu.url)
  })
})

describe('deployments that do not come up', () => {
  const emu = useEmulator(['--start-seconds', '2', '--convert-seconds', '0.1'])

  it('12. a transient Error (cleared within error-grace) is ridden out: the deploy succeeds', async () => {
    // The Error is cleared once the action reported it (not after a fixed pause the action may not poll in).
    let reported: () => void = () => {}
    const errorReported = new Promise<void>((resolve) => (reported = resolve))
    let log = ''
    const onOutput = (chunk: string): void => {
      log += chunk
      if (/::warning::Deployment blip-pipe-\d+ reports Error after/.test(log)) reported()
    }
    const pending = runAction(deployInputs(emu.url, 'blip-pipe', { 'error-grace': '20s' }), { cwd: ws.dir, onOutput })
    expect(await forceErrorWhenLive(emu.url, 'blip-pipe', '0/1 nodes are available: 1 Insufficient cpu.')).toBe(true)
    await Promise.race([errorReported, pending])
    const live = (await emulatorState(emu.url)).deployments.find((d: { deploy_id: string }) => d.deploy_id === 'blip-pipe')
    await fetch(`${emu.url}/_emulator/deployments/${live.deploy_id}-${live.id}/error`, { method: 'DELETE' })
    const main = await pending
    expectSuccess(main)
    expect(main.stdout).toMatch(/::warning::Deployment blip-pipe-\d+ reports Error after/)
    expectDeployedOnce(await emulatorState(emu.url), 'blip-pipe')
  })

  it('13. a persistent Error fails within error-grace with the engine reason; post tears it down', async () => {
    const inputs = deployInputs(emu.url, 'stuck-error-pipe', { 'error-grace': '1s' })
    const pending = runAction(inputs, { cwd: ws.dir })
    expect(await forceErrorWhenLive(emu.url, 'stuck-error-pipe', '0/1 nodes are available: 1 Insufficient memory.')).toBe(true)
    const main = await pending
    expect(main.code).toBe(1)
    expect(main.outputs.outcome).toBe('rolled-back')
    const message = errorMessages(main.stdout).join('\n')
    expect(message).toMatch(/stayed in Error for \d+(ms|s) \('error-grace' is 1s\)/)
    expect(message).toContain('Insufficient memory')
    const post = await runPostStep(inputs, main, { cwd: ws.dir })
    expect(post.code).toBe(0)
    expectTornDown(await emulatorState(emu.url), 'stuck-error-pipe')
  })
})

describe('a deployment that never leaves Starting', () => {
  const emu = useEmulator(['--start-seconds', '100000', '--convert-seconds', '0.1'])

  it('14. times out at `timeout`, says so with the last status, is undeployed, and post deletes it', async () => {
    // 9 s: the deploy's share (6 s) leaves the steps before the wait (process start, upload, pipeline) room on a loaded machine.
    const { main, post } = await mainAndPost(deployInputs(emu.url, 'never-up-pipe', { timeout: '9s', 'on-failure': 'undeploy' }))
    expect(main.code).toBe(1)
    expect(main.outputs.outcome).toBe('deploy-timeout')
    const message = errorMessages(main.stdout).join('\n')
    expect(message).toMatch(
      /deployment never-up-pipe-\d+ did not reach Running within \ds \(the deploy's share of 'timeout' 9s; 3s is kept for 'on-failure'\): last status Starting/
    )
    expect(message).toContain("raise 'timeout' (now 9s)")
    expect(message).toMatch(/on-failure: undeploy: deployment never-up-pipe-\d+ is undeployed/)
    expect(main.outputs.status).toBe('NotDeployed')
    expect(post.code).toBe(0)
    expectTornDown(await emulatorState(emu.url), 'never-up-pipe')
  })
})

describe('the emulator restarted mid-wait with --data-dir', () => {
  let dataDir = ''
  let emulator: EmulatorProcess | undefined
  afterAll(async () => {
    await emulator?.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('15. the wait rides out the outage (connections refused) and finds the deployment Running after it', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'faults-data-'))
    // A fixed port, so the restarted emulator answers at the same address, and its state on disk.
    const port = await portOutsideEphemeralRange()
    const args = ['--start-seconds', '4', '--convert-seconds', '0.1', '--data-dir', dataDir, '--port', String(port), ...credentialArgs()]
    emulator = await startEmulatorProcess(args)
    const url = emulator.url
    const pending = runAction(deployInputs(url, 'restart-pipe'), { cwd: ws.dir })
    let restarted = false
    for (let i = 0; i < 400 && !restarted; i++) {
      const live = (await emulatorState(url)).deployments.some((d: { deploy_id: string; deployed: boolean }) => d.deploy_id === 'restart-pipe' && d.deployed)
      if (live) {
        await emulator.stop()
        await pause(1500)
        emulator = await startEmulatorProcess(args)
        restarted = true
      } else await pause(50)
    }
    const main = await pending
    expect(restarted).toBe(true)
    expect(emulator.url).toBe(url)
    expectSuccess(main)
    expect(main.stdout).toMatch(/ECONNREFUSED/)
    expect(main.outputs.status).toBe('Running')
    expectDeployedOnce(await emulatorState(url), 'restart-pipe')
  })
})

describe('a job cancelled mid-wait', () => {
  const emu = useEmulator(['--start-seconds', '3', '--convert-seconds', '0.1'])

  it('16. SIGINT then SIGTERM: outputs (status included) and state are written at once; post undoes and deletes per policy', async () => {
    const inputs = deployInputs(emu.url, 'sigterm-pipe')
    const main = await runAction(inputs, { cwd: ws.dir, cancel: { when: (out) => /Deployment sigterm-pipe-\d+ \(id \d+\) requested/.test(out), graceMs: 500 } })
    expect(main.code).toBe(1)
    expect(main.outputs.outcome).toBe('cancelled')
    expect(['Starting', 'Unknown', 'NotDeployed']).toContain(main.outputs.status)
    expect(errorMessages(main.stdout).join('\n')).toMatch(/^deploy was cancelled \(SIGINT\) after /)
    expect(JSON.parse(main.state['wallaroo-run-record'])).toMatchObject({ cancelled: true, deployment: { requested: true } })
    const post = await runPostStep(inputs, main, { cwd: ws.dir })
    expect(post.code).toBe(0)
    expect(post.stdout).toContain('on-failure: rollback: nothing was Running before this run, so rolling back means undeploying')
    expect(post.stdout).toMatch(/teardown: pipeline "sigterm-pipe" deleted/)
    expectTornDown(await emulatorState(emu.url), 'sigterm-pipe')
  })
})
