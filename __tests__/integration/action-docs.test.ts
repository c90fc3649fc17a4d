/**
 * The README's Inputs/Outputs sections are generated from action.yml (scripts/generate-docs.ts), and CI's
 * `npm run docs -- --check` fails when they drift. Runs the script as CI does, on copies in a temp dir.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { PROJECT_ROOT } from '../helpers/action-process.js'
import { generateReadme, parseActionYaml, renderInputs, toTableCell } from '../../scripts/generate-docs.js'

const run = promisify(execFile)
const SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'generate-docs.ts')

async function docs(root: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', SCRIPT, '--root', root, ...args], { cwd: PROJECT_ROOT })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'docs-'))
  await copyFile(path.join(PROJECT_ROOT, 'action.yml'), path.join(dir, 'action.yml'))
  await copyFile(path.join(PROJECT_ROOT, 'README.md'), path.join(dir, 'README.md'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('generated README sections', () => {
  it('the committed README lists every input and output of action.yml', async () => {
    const action = parse(await readFile(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>
      outputs: Record<string, unknown>
    }
    const readme = await readFile(path.join(PROJECT_ROOT, 'README.md'), 'utf8')
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) {
      expect([name, readme.includes(`| \`${name}\` |`)]).toEqual([name, true])
    }
    expect(generateReadme(readme, parseActionYaml(await readFile(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')))).toBe(readme)
  })

  it('--check fails with a clear message when an input changed in action.yml', async () => {
    const yml = await readFile(path.join(dir, 'action.yml'), 'utf8')
    await writeFile(
      path.join(dir, 'action.yml'),
      yml.replace(/^inputs:\n/m, 'inputs:\n  brand-new-input:\n    description: added after the README was generated\n')
    )
    const stale = await docs(dir, '--check')
    expect(stale.code).toBe(1)
    expect(stale.stderr).toContain('README.md is stale: its inputs section differs from action.yml. Run `npm run docs`')

    const fixed = await docs(dir)
    expect(fixed.code).toBe(0)
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toContain('| `brand-new-input` | no |  | added after the README was generated |')
    expect((await docs(dir, '--check')).code).toBe(0)
  })

  it('refuses a README without the markers, saying which to add', async () => {
    await writeFile(path.join(dir, 'README.md'), '# no markers here\n')
    const result = await docs(dir, '--check')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('<!-- inputs:start -->')
  })

  it('keeps multi-line descriptions inside one table cell', () => {
    expect(toTableCell('First line\nwraps here.\n\n- a | b\n- c\n')).toBe('First line wraps here.<br><br>- a \\| b<br>- c')
    expect(renderInputs({ inputs: { timeout: { description: 'How long.', default: '15m', required: false } } })).toBe(
      '| input | required | default | description |\n| --- | --- | --- | --- |\n| `timeout` | no | `15m` | How long. |'
    )
  })
})
