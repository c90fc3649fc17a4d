/**
 * The bundle's own implementation of the @actions/core functions the action calls: workflow commands on stdout
 * (`::error::`, `::add-mask::`, `::group::` …) and the GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY file
 * commands, written exactly as @actions/core 3 writes them.
 *
 * Why: @actions/core imports @actions/http-client (and with it undici) for OIDC tokens and @actions/exec for
 * platform details, which the action never uses; bundled, that was half of dist/index.js and most of its start-up.
 * package.json maps `#actions-core` here for the bundle only (the `production` condition, which ncc sets); tsc,
 * jest (whose unit tests mock @actions/core) and tsx resolve it to @actions/core itself. The unit test
 * runner-protocol.test.ts checks this file writes what @actions/core writes, and that every function the action
 * calls is here.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { access, appendFile, constants } from 'node:fs/promises'
import { EOL } from 'node:os'
import type * as core from '@actions/core'

/** A command value as text: strings as they are, anything else as JSON (null/undefined → ''). */
function commandValue(input: unknown): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'string' || input instanceof String) return input as string
  return JSON.stringify(input)
}

const escapeData = (s: unknown): string => commandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: unknown): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

/** `::command key=value,…::message` on stdout; properties without a value are left out (a space still follows the command when there are any keys, as @actions/core writes it). */
function issueCommand(command: string, properties: Record<string, unknown>, message: unknown): void {
  const keys = Object.keys(properties)
  const props = keys
    .filter((k) => properties[k])
    .map((k) => `${k}=${escapeProperty(properties[k])}`)
    .join(',')
  process.stdout.write(`::${command}${keys.length > 0 ? ' ' + props : ''}::${escapeData(message)}${EOL}`)
}

/** Appends `name<<delimiter` … to the file a GITHUB_<command> variable names. */
function issueFileCommand(command: string, key: string, value: unknown): void {
  const filePath = process.env[`GITHUB_${command}`]
  if (!filePath) throw new Error(`Unable to find environment variable for file command ${command}`)
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`)
  const delimiter = `ghadelimiter_${randomUUID()}`
  const text = commandValue(value)
  if (key.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  if (text.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  appendFileSync(filePath, `${key}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
}

/** Annotation properties under the names the runner reads. */
function annotation(p: core.AnnotationProperties): Record<string, unknown> {
  if (Object.keys(p).length === 0) return {}
  return { title: p.title, file: p.file, line: p.startLine, endLine: p.endLine, col: p.startColumn, endColumn: p.endColumn }
}

const messageText = (message: string | Error): string => (message instanceof Error ? message.toString() : message)

/** `INPUT_<NAME>` (spaces → `_`, upper-cased), trimmed unless asked not to. */
export const getInput: typeof core.getInput = (name, options) => {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || ''
  if (options?.required && !value) throw new Error(`Input required and not supplied: ${name}`)
  return options?.trimWhitespace === false ? value : value.trim()
}

/** A plain log line. */
export const info: typeof core.info = (message) => {
  process.stdout.write(message + EOL)
}

export const debug: typeof core.debug = (message) => issueCommand('debug', {}, message)
export const warning: typeof core.warning = (message, properties = {}) => issueCommand('warning', annotation(properties), messageText(message))
export const error: typeof core.error = (message, properties = {}) => issueCommand('error', annotation(properties), messageText(message))
export const setSecret: typeof core.setSecret = (secret) => issueCommand('add-mask', {}, secret)
export const startGroup: typeof core.startGroup = (name) => issueCommand('group', {}, name)
export const endGroup: typeof core.endGroup = () => issueCommand('endgroup', {}, '')

/** Fails the step (exit code 1) with an ::error:: line. */
export const setFailed: typeof core.setFailed = (message) => {
  process.exitCode = 1
  error(message)
}

export const setOutput: typeof core.setOutput = (name, value) => {
  if (process.env.GITHUB_OUTPUT) return issueFileCommand('OUTPUT', name, value)
  process.stdout.write(EOL)
  issueCommand('set-output', { name }, commandValue(value))
}

export const saveState: typeof core.saveState = (name, value) => {
  if (process.env.GITHUB_STATE) return issueFileCommand('STATE', name, value)
  issueCommand('save-state', { name }, commandValue(value))
}

export const getState: typeof core.getState = (name) => process.env[`STATE_${name}`] || ''

/** The job summary: text buffered by addRaw, appended to GITHUB_STEP_SUMMARY by write (as core.summary does; it also remembers the file after a first write, which a step writing once never notices). */
class Summary {
  private buffer = ''

  addRaw(text: string, addEOL = false): this {
    this.buffer += text + (addEOL ? EOL : '')
    return this
  }

  async write(): Promise<this> {
    const filePath = process.env.GITHUB_STEP_SUMMARY
    if (!filePath) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.')
    try {
      await access(filePath, constants.R_OK | constants.W_OK)
    } catch {
      throw new Error(`Unable to access summary file: '${filePath}'. Check if the file has correct read/write permissions.`)
    }
    await appendFile(filePath, this.buffer, { encoding: 'utf8' })
    this.buffer = ''
    return this
  }
}

/** The part of core.summary the action uses. */
export const summary = new Summary()
