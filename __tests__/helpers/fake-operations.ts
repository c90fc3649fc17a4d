/**
 * Shared setup of the unit tests that run operations against the in-memory FakeWallaroo
 * (`__tests__/unit/action-fake-api.ts`): settings builders, model files in a temp directory, and a runner
 * with an instant clock that collects the log and the error instead of throwing.
 */
import { afterAll, beforeAll, expect } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { WallarooApi } from '../../src/action/api.js'
import { operations } from '../../src/action/operations/index.js'
import { outputValues } from '../../src/action/report/outputs.js'
import type { ActionSettings } from '../../src/action/settings.js'
import { FakeWallaroo, type FakeOptions } from '../unit/action-fake-api.js'
import { baseSettings } from './base-settings.js'
import { instantClock, testContext } from './test-context.js'

/** A file model entry, as parseInputs builds it. */
export type FileModel = Extract<ActionSettings['models'][number], { kind: 'file' }>

/** A pandas-records smoke input of one row, as parseInputs builds it. */
export const SMOKE_INPUT = { path: 'smoke.json', format: 'pandas-records' as const, body: new TextEncoder().encode('[{"tensor":[1,2]}]'), rows: 1 }

/** Valid settings for a deploy without models or smoke input (see base-settings.ts). */
export { baseSettings }

/** A `models` entry for a file, as parseInputs builds it (bytes read once, sha computed). */
export function fileModel(name: string, path: string, extra: Partial<FileModel> = {}): ActionSettings['models'][number] {
  const bytes = new Uint8Array(readFileSync(path))
  return { kind: 'file', name, path, size: bytes.length, sha: createHash('sha256').update(bytes).digest('hex'), framework: 'onnx', ...extra }
}

/** Paths of two distinct model files, valid from the test file's beforeAll on. */
export interface ModelFiles {
  readonly modelA: string
  readonly modelB: string
}

/** Writes two model files into a temp directory before the file's tests and removes it after them. */
export function useModelFiles(prefix: string): ModelFiles {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
    writeFileSync(join(dir, 'a.onnx'), 'model A bytes')
    writeFileSync(join(dir, 'b.onnx'), 'model B bytes')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return {
    get modelA() {
      return join(dir, 'a.onnx')
    },
    get modelB() {
      return join(dir, 'b.onnx')
    }
  }
}

/** Settings for a deploy of model "ccfraud" (from `modelPath`) with a smoke input; `over` adds or replaces fields. */
export function deploySettings(modelPath: string, over: Partial<ActionSettings> = {}): ActionSettings {
  return baseSettings({ models: [fileModel('ccfraud', modelPath)], smokeInput: SMOKE_INPUT, ...over })
}

/**
 * Runs one operation with an instant clock (sleep advances time); returns the context, record, log lines
 * (warnings prefixed `WARN `), the error if any (and its message), the outputs and the elapsed fake time.
 */
export async function runOp(api: WallarooApi, s: ActionSettings) {
  const lines: string[] = []
  const clock = instantClock()
  const ctx = testContext(s, api, clock, { info: (m) => lines.push(m), warning: (m) => lines.push(`WARN ${m}`), debug: () => undefined })
  let error: unknown
  try {
    await operations[s.operation](ctx)
  } catch (e) {
    error = e
  }
  return {
    ctx,
    record: ctx.record,
    lines,
    error,
    message: error instanceof Error ? error.message : undefined,
    outputs: outputValues(ctx.record, 0),
    elapsed: clock.elapsed()
  }
}

/** Settings of an operation that takes no models and no smoke input, based on `settings`. */
export function operationOnly(settings: (over?: Partial<ActionSettings>) => ActionSettings) {
  return (operation: ActionSettings['operation'], over: Partial<ActionSettings> = {}): ActionSettings =>
    settings({ operation, models: [], smokeInput: undefined, ...over })
}

/**
 * A fake where "ccfraud" was deployed with `deploy` (and is Running); calls so far are forgotten.
 * Returns the fake, the deploy's run, the deployment name and the workspace id.
 */
export async function deployedFake(deploy: ActionSettings, opts: FakeOptions = {}) {
  const api = new FakeWallaroo(opts)
  const first = await runOp(api, deploy)
  expect(first.error).toBeUndefined()
  api.calls.length = 0
  const d = api.pipelines[0].deployment!
  return { api, first, name: `ccfraud-${d.id}`, workspaceId: api.workspaces[0].id }
}
