/**
 * Mutated Arrow files never stall the reader: seeded single-byte changes, truncations, random bytes and odd int32s,
 * mostly in the metadata, of files the project writes (data-files.ts, an emulator inference reply) and of
 * ../shared/fixtures/cc_data_10k.arrow when present. Each decode must end with a table or an ArrowFileError; the
 * decodes run in a child process watched for silence, so a hang fails the test naming the mutation instead of
 * hanging the run. More mutations: ARROW_MUTATIONS=20000 npm test -- arrow-mutations.
 */
import { describe, it, expect } from '@jest/globals'
import { runMutations } from '../helpers/arrow-mutate-run.js'

const COUNT = Number(process.env.ARROW_MUTATIONS ?? 2000)
// A decode takes milliseconds; ten seconds of silence is a hang on any machine.
const STALL_MS = 10_000

describe('Arrow IPC files with seeded damage', () => {
  it(`${COUNT} mutations each end with a table or a clear refusal, none stalls`, async () => {
    const run = await runMutations({ seed: 20251129, count: COUNT, stallMs: STALL_MS })
    expect(run.stalls).toEqual([])
    expect(run.summary).not.toBeNull()
    const s = run.summary!
    // Anything but an ArrowFileError from the decode would be a gap in the checks.
    expect(s.other).toEqual([])
    // Each file gets its share of COUNT, rounded: the total is COUNT give or take one per file.
    expect(Math.abs(s.total - COUNT)).toBeLessThanOrEqual(s.files.length)
    expect(s.decoded + s.refused).toBe(s.total)
    expect(s.refused).toBeGreaterThan(COUNT / 2)
    expect(s.decoded).toBeGreaterThan(0)
    for (const message of s.samples) expect(message).toMatch(/\w+ .{10,}/)
    console.log(
      `mutated Arrow files: ${s.decoded} decoded, ${s.refused} refused (${JSON.stringify(s.kinds)}), ${s.unreadable.length} with values beyond JS numbers; files: ${s.files.join(', ')}`
    )
  }, 120_000)
})
