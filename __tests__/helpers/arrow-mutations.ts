/**
 * Seeded mutations of Arrow IPC files for the hang tests: single-byte changes, truncations, random bytes and
 * "interesting" 32-bit values at an offset. Most land in the metadata (the leading schema message, each block's
 * message header, the footer), where a change alters what the reader believes; the rest land anywhere.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import * as A from 'apache-arrow'
import { RecordBatchReader } from 'apache-arrow'
import { PROJECT_ROOT } from './emulator-process.js'
import { mulberry32 } from '../../src/random.js'

/** A file of ../shared/fixtures beside the checkout (or beside the folder of git worktrees), or undefined. */
export function sharedFixture(name: string): string | undefined {
  return [resolve(PROJECT_ROOT, '..', 'shared', 'fixtures', name), resolve(PROJECT_ROOT, '..', '..', 'shared', 'fixtures', name)].find((p) => existsSync(p))
}

/** One mutation, described well enough to reproduce it. */
export interface Mutation {
  describe: string
  bytes: Uint8Array
}

/** Byte ranges of a valid file that hold metadata rather than column values. */
export function metadataRanges(file: Uint8Array): Array<[number, number]> {
  const reader = RecordBatchReader.from(file)
  reader.open()
  const footer = (
    reader as unknown as {
      _impl: { footer: { numRecordBatches: number; numDictionaries: number; getRecordBatch(i: number): Block; getDictionaryBatch(i: number): Block } }
    }
  )._impl.footer
  const ranges: Array<[number, number]> = []
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength)
  const footerLength = view.getInt32(file.length - 10, true)
  ranges.push([file.length - 10 - footerLength, file.length])
  let firstBlock = file.length
  const add = (b: Block): void => {
    ranges.push([b.offset, b.offset + b.metaDataLength])
    firstBlock = Math.min(firstBlock, b.offset)
  }
  for (let i = 0; i < footer.numDictionaries; i++) add(footer.getDictionaryBatch(i))
  for (let i = 0; i < footer.numRecordBatches; i++) add(footer.getRecordBatch(i))
  ranges.push([0, firstBlock])
  return ranges
}

interface Block {
  offset: number
  metaDataLength: number
}

const INTERESTING = [0, 1, -1, 7, 8, 0x7f, 0xff, 0x7fff, 0xffff, 0x7fffffff, -0x80000000, 0x10000, 1 << 24]

/** `count` mutations of `file`, reproducible from `seed`. */
export function mutations(file: Uint8Array, seed: number, count: number): Mutation[] {
  const random = mulberry32(seed)
  const int = (n: number): number => Math.floor(random() * n)
  const ranges = metadataRanges(file)
  const offset = (): number => {
    if (random() < 0.4) return int(file.length)
    const [start, end] = ranges[int(ranges.length)]
    return start + int(Math.max(1, end - start))
  }
  const out: Mutation[] = []
  for (let i = 0; i < count; i++) {
    const bytes = Uint8Array.from(file)
    const kind = int(4)
    const at = Math.min(offset(), file.length - 1)
    if (kind === 0) {
      const value = (bytes[at] + 1 + int(255)) & 0xff
      bytes[at] = value
      out.push({ describe: `byte ${at} set to 0x${value.toString(16)}`, bytes })
    } else if (kind === 1) {
      out.push({ describe: `cut to ${at} bytes`, bytes: bytes.slice(0, at) })
    } else if (kind === 2) {
      const n = 1 + int(8)
      for (let j = 0; j < n && at + j < bytes.length; j++) bytes[at + j] = int(256)
      out.push({ describe: `${n} random bytes at ${at}`, bytes })
    } else {
      const aligned = at & ~3
      const value = INTERESTING[int(INTERESTING.length)]
      if (aligned + 4 <= bytes.length) new DataView(bytes.buffer).setInt32(aligned, value, true)
      out.push({ describe: `int32 ${value} at ${aligned}`, bytes })
    }
  }
  return out
}

/** An Arrow file whose footer points record batch 0 at its dictionary batch: apache-arrow's reader re-reads it forever. */
export function loopingArrowFile(): Uint8Array {
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
