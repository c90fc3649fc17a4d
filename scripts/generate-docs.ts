/**
 * Regenerates the README's Inputs and Outputs sections from action.yml, so the two cannot drift.
 *
 *   node --import tsx scripts/generate-docs.ts            rewrite README.md in place
 *   node --import tsx scripts/generate-docs.ts --check    exit 1 if README.md is stale (CI)
 *   … --root DIR                                          use DIR/action.yml and DIR/README.md (tests)
 *
 * Only the text between `<!-- inputs:start -->`/`<!-- inputs:end -->` and
 * `<!-- outputs:start -->`/`<!-- outputs:end -->` is touched; the rest of the README is hand-written.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/** One `inputs:` entry of action.yml. */
export interface ActionInput {
  description?: string
  required?: boolean | string
  default?: string | number | boolean
  deprecationMessage?: string
}

/** One `outputs:` entry of action.yml. */
export interface ActionOutput {
  description?: string
}

/** The parts of action.yml the docs are made from. */
export interface ActionMetadata {
  inputs?: Record<string, ActionInput>
  outputs?: Record<string, ActionOutput>
}

/** Parses action.yml text; throws with the file name when it is not a mapping. */
export function parseActionYaml(text: string, file = 'action.yml'): ActionMetadata {
  const doc: unknown = parse(text)
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new Error(`${file} is not a YAML mapping; expected keys like 'inputs' and 'outputs'`)
  }
  return doc as ActionMetadata
}

/**
 * Makes description text safe inside one markdown table cell: a blank line becomes a paragraph break
 * (`<br><br>`), a single newline a space (YAML block text wraps for width, not meaning), and `|` is escaped.
 * Lines starting with `- ` keep their own line so lists in descriptions stay readable.
 */
export function toTableCell(text: string): string {
  const paragraphs = text.trim().split(/\n\s*\n/)
  return paragraphs
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.trim())
        .reduce((acc, line) => (acc === '' ? line : line.startsWith('- ') ? `${acc}<br>${line}` : `${acc} ${line}`), '')
    )
    .join('<br><br>')
    .replace(/\|/g, '\\|')
}

function isRequired(input: ActionInput): boolean {
  return input.required === true || input.required === 'true'
}

function formatDefault(value: ActionInput['default']): string {
  if (value === undefined || value === '') return ''
  // Expressions like ${{ github.token }} must not be read as inline code breaks; backticks are fine.
  return `\`${String(value).replace(/\|/g, '\\|')}\``
}

/** The markdown table for action.yml's inputs, in file order. */
export function renderInputs(meta: ActionMetadata): string {
  const entries = Object.entries(meta.inputs ?? {})
  if (entries.length === 0) return '_This action has no inputs._'
  const rows = entries.map(([name, input]) => {
    let description = toTableCell(input.description ?? '')
    if (input.deprecationMessage) description += `<br><br>**Deprecated:** ${toTableCell(input.deprecationMessage)}`
    return `| \`${name}\` | ${isRequired(input) ? 'yes' : 'no'} | ${formatDefault(input.default)} | ${description} |`
  })
  return ['| input | required | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n')
}

/** The markdown table for action.yml's outputs, in file order. */
export function renderOutputs(meta: ActionMetadata): string {
  const entries = Object.entries(meta.outputs ?? {})
  if (entries.length === 0) return '_This action has no outputs._'
  const rows = entries.map(([name, output]) => `| \`${name}\` | ${toTableCell(output.description ?? '')} |`)
  return ['| output | description |', '| --- | --- |', ...rows].join('\n')
}

/** Replaces what lies between `<!-- {section}:start -->` and `<!-- {section}:end -->`; throws if the markers are missing. */
export function replaceSection(document: string, section: string, content: string): string {
  const start = `<!-- ${section}:start -->`
  const end = `<!-- ${section}:end -->`
  const from = document.indexOf(start)
  const to = document.indexOf(end)
  if (from < 0 || to < 0 || to < from) {
    throw new Error(`README.md lacks the markers ${start} … ${end} (in that order); add them where the ${section} table belongs`)
  }
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`
}

/** The README with both generated sections rewritten from action.yml. */
export function generateReadme(readme: string, meta: ActionMetadata): string {
  return replaceSection(replaceSection(readme, 'inputs', renderInputs(meta)), 'outputs', renderOutputs(meta))
}

async function main(argv: string[]): Promise<number> {
  let root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  let check = false
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--check') check = true
    else if (argv[i] === '--root' && argv[i + 1]) root = path.resolve(argv[++i])
    else {
      console.error(`generate-docs: unknown argument ${argv[i]}; usage: generate-docs.ts [--check] [--root DIR]`)
      return 2
    }
  }
  const actionFile = path.join(root, 'action.yml')
  const readmeFile = path.join(root, 'README.md')
  const meta = parseActionYaml(await readFile(actionFile, 'utf8'), 'action.yml')
  const readme = await readFile(readmeFile, 'utf8')
  const updated = generateReadme(readme, meta)
  if (updated === readme) {
    console.log('README.md inputs and outputs match action.yml')
    return 0
  }
  if (check) {
    const rendered = { inputs: renderInputs(meta), outputs: renderOutputs(meta) }
    const stale = (['inputs', 'outputs'] as const).filter(
      (section) => !readme.includes(`<!-- ${section}:start -->\n${rendered[section]}\n<!-- ${section}:end -->`)
    )
    console.error(
      `README.md is stale: its ${stale.join(' and ')} section${stale.length === 1 ? '' : 's'} differ${stale.length === 1 ? 's' : ''} from action.yml. Run \`npm run docs\` and commit README.md.`
    )
    return 1
  }
  await writeFile(readmeFile, updated)
  console.log(`README.md updated from action.yml (${Object.keys(meta.inputs ?? {}).length} inputs, ${Object.keys(meta.outputs ?? {}).length} outputs)`)
  return 0
}

// Run only as a script, so tests can import the pure functions above.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`generate-docs: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    }
  )
}
