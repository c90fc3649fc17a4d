/**
 * Shared setup of the integration tests that run `node dist/index.js` against an emulator process: one emulator
 * (accepting TEST_CREDENTIALS) and one demo checkout per test file, input builders, and the checks and emulator
 * controls (faults, forced errors) those files share.
 */
import { afterAll, beforeAll, expect } from '@jest/globals'
import {
  describeRun,
  emulatorPost,
  emulatorState,
  errorMessages,
  makeDemoWorkspace,
  type ActionRun,
  type DemoWorkspace,
  type EmulatorState
} from './action-process.js'
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'
import { credentialArgs, pause, TEST_CREDENTIALS } from './wallaroo-session.js'

/** The emulator and checkout of one test file, valid from its beforeAll on. */
export interface ActionTestbed {
  readonly emulator: EmulatorProcess
  /** The emulator's base URL. */
  readonly url: string
  readonly ws: DemoWorkspace
}

/**
 * Starts an emulator with `emulatorArgs` (plus the TEST_CREDENTIALS flags) and a demo checkout with `rowCount`
 * smoke rows before the file's tests; stops and removes both after them.
 */
export function useActionTestbed(emulatorArgs: string[], rowCount = 1): ActionTestbed {
  let emulator: EmulatorProcess | undefined
  let ws: DemoWorkspace | undefined
  beforeAll(async () => {
    emulator = await startEmulatorProcess([...emulatorArgs, ...credentialArgs()])
    ws = await makeDemoWorkspace(rowCount)
  }, 60_000)
  afterAll(async () => {
    await emulator?.stop()
    await ws?.cleanup()
  })
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started yet: use it inside a test or hook, not at module level`)
    return value
  }
  return {
    get emulator() {
      return started(emulator, 'emulator')
    },
    get url() {
      return started(emulator, 'emulator').url
    },
    get ws() {
      return started(ws, 'demo checkout')
    }
  }
}

/**
 * The emulator profiles the action's core integration tests run against, one emulator each (wallaroo-api.md §12):
 * 2023.4 without list_pipelines (as those servers are), 2024.1 and 2025.2 with it. `ACTION_PROFILES` (a comma list)
 * narrows them, e.g. to rerun one profile while debugging.
 */
export const ACTION_PROFILES: readonly string[] = (process.env.ACTION_PROFILES ?? '2023.4,2024.1,2025.2')
  .split(',')
  .map((p) => p.trim())
  .filter(Boolean)

/** Whether a profile serves pipelines/list_pipelines by default (2024.1 and later). */
export function listsPipelines(profile: string): boolean {
  return profile !== '2023.4'
}

/** Inputs that sign in to `url` as TEST_CREDENTIALS and use `workspace`, polling every 100 ms; `extra` adds or overrides. */
export function signedInInputs(url: string, workspace: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    url,
    username: TEST_CREDENTIALS.user,
    password: TEST_CREDENTIALS.password,
    workspace,
    'poll-interval': '100ms',
    ...extra
  }
}

/** The `models` input for the checkout's demo model, named `name`. */
export function demoModelsInput(ws: DemoWorkspace, name = 'ccfraud-like'): string {
  return `- name: ${name}\n  path: ${ws.modelPath}\n`
}

/** Inputs of a checked deploy of the checkout's demo model to `pipeline`, with its smoke input and a 60 s timeout; `extra` adds or overrides. */
export function checkedDeployInputs(bed: ActionTestbed, workspace: string, pipeline: string, extra: Record<string, string> = {}): Record<string, string> {
  return signedInInputs(bed.url, workspace, { pipeline, models: demoModelsInput(bed.ws), 'smoke-input': bed.ws.smokeJson, timeout: '60s', ...extra })
}

/**
 * Writes the demo model with another `bias` (same interface, other answers) into the checkout before the file's
 * tests; the returned function gives its `models` input under the demo model's name, i.e. a new version of it.
 */
export function useOtherDemoModel(bed: ActionTestbed, bias: number, file = 'models/other.onnx'): () => string {
  let written = ''
  beforeAll(async () => {
    written = await bed.ws.write(file, buildDemoModel({ bias }))
  })
  return () => `- name: ccfraud-like\n  path: ${written}\n`
}

/** Exit 0; otherwise the assertion shows the exit code and the log tail. */
export function expectSuccess(run: ActionRun): void {
  expect({ code: run.code, log: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, log: '' })
}

/** Exit 1 without hitting the harness timeout; returns the `::error::` messages, one per line. */
export function expectFailure(run: ActionRun): string {
  expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
  return errorMessages(run.stdout).join('\n')
}

/** What a refused run must not touch: every entity collection and the id counters. */
export function entities(state: EmulatorState): unknown {
  const { workspaces, models, model_versions, pipelines, pipeline_versions, deployments, counters } = state
  return { workspaces, models, model_versions, pipelines, pipeline_versions, deployments, counters }
}

/** Adds an emulator fault rule; returns a reader of how often it fired. */
export async function addFault(url: string, spec: Record<string, unknown>): Promise<() => Promise<number>> {
  const added = (await emulatorPost(url, '/_emulator/faults', spec)) as { faults: Array<{ id: number }> }
  const id = added.faults[0].id
  return async () => {
    const { faults } = (await (await fetch(`${url}/_emulator/faults`)).json()) as { faults: Array<{ id: number; hits: number }> }
    return faults.find((f) => f.id === id)?.hits ?? 0
  }
}

/** Removes every emulator fault rule. */
export async function clearFaults(url: string): Promise<void> {
  await fetch(`${url}/_emulator/faults`, { method: 'DELETE' })
}

/**
 * Forces the deployment of `pipeline` into Error with `reason` as soon as it is live (polling every 50 ms, up to
 * 300 times); false if it never went live.
 */
export async function forceErrorWhenLive(url: string, pipeline: string, reason: string): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    const state = await emulatorState(url)
    const live = state.deployments.find((d: { deploy_id: string; deployed: boolean }) => d.deploy_id === pipeline && d.deployed)
    if (live) {
      await emulatorPost(url, `/_emulator/deployments/${live.name}/error`, { reason })
      return true
    }
    await pause(50)
  }
  return false
}

/** The `::warning::` annotations the action printed, decoded. */
export function warningMessages(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .filter((line) => line.startsWith('::warning'))
    .map((line) =>
      line
        .slice(line.indexOf('::', 2) + 2)
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%')
    )
}
