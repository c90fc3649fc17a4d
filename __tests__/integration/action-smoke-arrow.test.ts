/**
 * A damaged Arrow `smoke-input` (one that makes apache-arrow alone loop forever) fails the bundled action at input
 * parsing with an error naming 'smoke-input', instead of hanging it (and, with it, its SIGTERM handler).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readSmokeInput } from '../../src/action/inputs/smoke-input.js'
import { loadParsers } from '../../src/action/lazy-parsers.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'
import { runAction } from '../helpers/action-process.js'
import { expectFailure } from '../helpers/action-testbed.js'
import { loopingArrowFile } from '../helpers/arrow-mutations.js'

// The action loads apache-arrow before reading an .arrow smoke input (main.ts); readSmokeInput needs it.
await loadParsers({ arrow: true })

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smoke-arrow-'))
  mkdirSync(join(dir, 'data'))
  writeFileSync(join(dir, 'model.onnx'), buildDemoModel())
  writeFileSync(join(dir, 'data/looping.arrow'), loopingArrowFile())
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("a damaged Arrow 'smoke-input'", () => {
  it('is an input error naming the file and what is wrong with it', () => {
    expect(() => readSmokeInput('data/looping.arrow', dir)).toThrow(
      `Input 'smoke-input' file ${dir}/data/looping.arrow is not a readable Arrow IPC file (the footer points record batch 0 at byte 8, where there is a DictionaryBatch message, not a RecordBatch); write it again with pyarrow.ipc.new_file, or give the rows as pandas-records .json.`
    )
  })

  it('fails the bundled action at input parsing instead of hanging it', async () => {
    const run = await runAction(
      {
        url: 'http://127.0.0.1:9',
        username: 'u',
        password: 'p',
        workspace: 'w',
        pipeline: 'p',
        models: '- name: m\n  path: model.onnx\n',
        'smoke-input': 'data/looping.arrow'
      },
      { cwd: dir, timeoutMs: 30_000 }
    )
    expect(expectFailure(run)).toContain(
      `Input 'smoke-input' file ${dir}/data/looping.arrow is not a readable Arrow IPC file (the footer points record batch 0`
    )
  })
})
