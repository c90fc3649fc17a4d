/**
 * The files the example workflows deploy and check: the project's own model (built from code), three smoke rows and
 * their golden answers, written as `write-output` writes them. Regenerated, never hand-edited:
 *
 *   node --import tsx scripts/example-fixtures.ts           write examples/fixtures/
 *   node --import tsx scripts/example-fixtures.ts --check   exit 1 when a committed file differs
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildDemoModel, demoRows, demoScore, DEMO_OUTPUT } from '../src/model/ccfraud-like.js'
import { toPandasRecordsJson } from '../src/model/data-files.js'

/** The candidate's bias: its scores move by up to about 0.11 from the champion's, and 1 of the 40 compare rows changes class at 0.5. */
export const CANDIDATE_BIAS = 0.1

/** Where the examples read them. */
export const FIXTURES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'fixtures')

/** Every fixture file by name, with its bytes. */
export function exampleFixtures(): Record<string, Uint8Array | string> {
  const rows = demoRows(3)
  const goldens = rows.map((row) => ({ [DEMO_OUTPUT]: [demoScore(row)] }))
  return {
    'ccfraud-like.onnx': buildDemoModel(),
    'smoke.df.json': toPandasRecordsJson(rows, 'dense_input'),
    // The layout write-output uses: one record per line.
    'smoke.expected.json': `[\n${goldens.map((g) => `  ${JSON.stringify(g)}`).join(',\n')}\n]\n`,
    // Champion and challenger (examples/shadow-deploy.yml, examples/canary.yml): a candidate with other weights, the
    // rows both models answer, and the smoke rows with a customer id for a sticky canary (hash-key).
    'ccfraud-candidate.onnx': buildDemoModel({ bias: CANDIDATE_BIAS }),
    'compare.df.json': toPandasRecordsJson(demoRows(40, 11), 'dense_input'),
    'customers.df.json': JSON.stringify(rows.map((row, i) => ({ dense_input: row, customer: `customer-${i + 1}` })))
  }
}

/** Names of the committed files that differ from a fresh build. */
export function staleFixtures(): string[] {
  return Object.entries(exampleFixtures())
    .filter(([name, bytes]) => {
      try {
        return !Buffer.from(readFileSync(path.join(FIXTURES_DIR, name))).equals(Buffer.from(bytes))
      } catch {
        return true
      }
    })
    .map(([name]) => name)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (process.argv.includes('--check')) {
    const stale = staleFixtures()
    if (stale.length > 0) {
      console.error(`examples/fixtures is stale (${stale.join(', ')}): run 'node --import tsx scripts/example-fixtures.ts'`)
      process.exit(1)
    }
  } else {
    for (const [name, bytes] of Object.entries(exampleFixtures())) writeFileSync(path.join(FIXTURES_DIR, name), bytes)
  }
}
