/**
 * What a step says to the runner: workflow commands in its output (`::add-mask::`, `::error …::`,
 * `::warning`, `::notice`, `::debug`, `::group`, `::stop-commands`) and the file commands it writes
 * (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE, GITHUB_STEP_SUMMARY). Also the mask list that
 * turns every secret into `***` in the logs the result keeps.
 */

/**
 * Parses GITHUB_OUTPUT, GITHUB_ENV or GITHUB_STATE as the runner does: `name<<DELIMITER` blocks and
 * `name=value` lines; later values win. A malformed line or an unclosed block fails, naming the file command.
 */
export function parseFileCommands(text: string, fileCommand: string): Record<string, string> {
  const result: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const eq = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
      const name = line.slice(0, heredoc)
      const delimiter = line.slice(heredoc + 2)
      const end = lines.indexOf(delimiter, i + 1)
      if (!delimiter || end < 0) throw new Error(`${fileCommand}: '${name}<<${delimiter}' has no line '${delimiter}' closing it`)
      result[name] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (eq > 0) {
      result[line.slice(0, eq)] = line.slice(eq + 1)
    } else {
      throw new Error(`${fileCommand}: invalid line ${JSON.stringify(line.slice(0, 100))} (write name=value or name<<DELIMITER)`)
    }
  }
  return result
}

/** An annotation as the run's UI shows it. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  title?: string
  file?: string
  line?: number
  endLine?: number
  col?: number
  endColumn?: number
  /** Display name of the step (or `Post …`) that made it, or the job for runner-made ones. */
  step?: string
}

/** The job-wide list of masked values: secrets from the start, `::add-mask::` values from when they appear. */
export class Masker {
  private values: string[] = []

  /** Masks `value` from now on (empty and whitespace-only values are ignored, as the runner does). */
  add(value: string): void {
    if (!value.trim() || this.values.includes(value)) return
    this.values.push(value)
    // Longest first, so a secret containing another is masked whole.
    this.values.sort((a, b) => b.length - a.length)
  }

  /** `text` with every masked value replaced by `***`. */
  mask(text: string): string {
    let result = text
    for (const value of this.values) if (result.includes(value)) result = result.split(value).join('***')
    return result
  }

  /** True when `text` contains a masked value (the runner then skips a job output). */
  revealsSecret(text: string): boolean {
    return this.values.some((value) => text.includes(value))
  }

  /** The masked values (for assertions in tests). */
  list(): string[] {
    return [...this.values]
  }
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
}

const COMMAND = /^::([A-Za-z][A-Za-z0-9-]*)(?: ([^:]*?))?::(.*)$/

/** A parsed `::name key=value,…::data` line. */
interface WorkflowCommand {
  name: string
  properties: Record<string, string>
  data: string
}

function parseCommand(line: string): WorkflowCommand | undefined {
  const match = COMMAND.exec(line)
  if (!match) return undefined
  const properties: Record<string, string> = {}
  for (const part of (match[2] ?? '').split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) properties[part.slice(0, eq).trim()] = unescapeProperty(part.slice(eq + 1))
  }
  return { name: match[1], properties, data: unescapeData(match[3]) }
}

/** Where a step's processed output goes. */
export interface CommandSink {
  /** A line for the step's log (already masked). */
  log(line: string): void
  annotate(annotation: Annotation): void
}

/**
 * Processes a step's output line by line as the runner's OutputManager does: commands are acted on and
 * shown the way the log viewer shows them (`##[error]…`), `::add-mask::` lines never reach the log,
 * debug lines only with `debug`, everything masked.
 */
export class CommandProcessor {
  private stopToken: string | undefined

  constructor(
    private readonly masker: Masker,
    private readonly sink: CommandSink,
    private readonly stepName: string,
    private readonly debug: boolean
  ) {}

  line(raw: string): void {
    const line = raw.replace(/\r$/, '')
    if (this.stopToken !== undefined) {
      if (line === `::${this.stopToken}::`) this.stopToken = undefined
      else this.sink.log(this.masker.mask(line))
      return
    }
    const command = parseCommand(line)
    if (!command) {
      this.sink.log(this.masker.mask(line))
      return
    }
    const { name, properties, data } = command
    switch (name) {
      case 'add-mask':
        this.masker.add(data)
        return
      case 'stop-commands':
        this.stopToken = data
        return
      case 'group':
        this.sink.log(`##[group]${this.masker.mask(data)}`)
        return
      case 'endgroup':
        this.sink.log('##[endgroup]')
        return
      case 'debug':
        if (this.debug) this.sink.log(`##[debug]${this.masker.mask(data)}`)
        return
      case 'error':
      case 'warning':
      case 'notice': {
        const message = this.masker.mask(data)
        this.sink.log(`##[${name}]${message}`)
        const number = (key: string) => (properties[key] !== undefined ? Number(properties[key]) : undefined)
        this.sink.annotate({
          level: name,
          message,
          title: properties.title !== undefined ? this.masker.mask(properties.title) : undefined,
          file: properties.file,
          line: number('line'),
          endLine: number('endLine'),
          col: number('col'),
          endColumn: number('endColumn'),
          step: this.stepName
        })
        return
      }
      case 'echo':
        return
      default:
        // Unknown commands (and the removed set-output/save-state) are shown as written, as the runner does.
        this.sink.log(this.masker.mask(line))
    }
  }
}

/** GITHUB_PATH: one directory per line. */
export function parsePathFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}
