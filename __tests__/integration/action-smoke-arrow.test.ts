/**
 * A damaged Arrow `smoke-input` (one that makes apache-arrow alone loop forever) fails the bundled action at input
 * parsing with an error naming 'smoke-input', instead of hanging it (and, with it, its SIGTERM handler).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as A from 'apache-arrow'
import { readSmokeInput } from '../../src/action/inputs/smoke-input.js'
import { loadParsers } from '../../src/action/lazy-parsers.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'
import { runAction } from '../helpers/action-process.js'
import { expectFailure } from '../helpers/action-testbed.js'

// The action loads apache-arrow before reading an .arrow smoke input (main.ts); readSmokeInput needs it.
await loadParsers({ arrow: true })

let dir: string

/** An Arrow file whose footer points record batch 0 at its dictionary batch: apache-arrow's reader re-reads it forever. */
function loopingArrowFile(): Uint8Array {
  const file = Uint8Array.from(A.tableToIPC(new A.Table({ label: A.vectorFromArray(['a', 'b'], new A.Dictionary(new A.Utf8(), new A.Int32())) }), 'file'))
  const view = new DataView(file.buffer)
  const footerStart = file.length - 10 - view.getInt32(file.length - 10, true)
  const root = footerStart + view.getInt32(footerStart, true)
  const vtable = root - view.getInt32(root, true)
  const block = (field: number): number => {
    const at = root + view.getInt16(vtable + 4 + field * 2, true)
    return at + view.getInt32(at, true) + 4
  }
  view.setBigInt64(block(3), view.getBigInt64(block(2), true), true)
  return file
}

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
      `Input 'smoke-input' file ${dir}/data/looping.arrow is not a readable Arrow IPC file (the footer points record batch 0 at byte 8, where there is a DictionaryBatch message, not a RecordBatch).`
    )
  })

  it('fails the bundled action at input parsing instead of hanging it', async () => {
    const run = await runAction(
      { url: 'http://127.0.0.1:9', username: 'u', password: 'p', workspace: 'w', pipeline: 'p', models: '- name: m\n  path: model.onnx\n', 'smoke-input': 'data/looping.arrow' },
      { cwd: dir, timeoutMs: 30_000 }
    )
    expect(expectFailure(run)).toContain(`Input 'smoke-input' file ${dir}/data/looping.arrow is not a readable Arrow IPC file (the footer points record batch 0`)
  })
})
