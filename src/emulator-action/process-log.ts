/** The emulator's log file: where it is, its announcement line and its last lines. */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** The first stdout line of the emulator (docs/emulator.md, "Start it"). */
const LISTENING = /^Wallaroo emulator listening on (http:\/\/\S+)$/m

/**
 * A log file under RUNNER_TEMP (or the system temp folder outside a runner), one per start: the starting process's
 * pid keeps two starts in the same millisecond (port 0 twice) from sharing one log and reading each other's URL.
 */
export function logFilePath(tempDir: string, port: number, now = Date.now(), pid = process.pid): string {
  return path.join(tempDir, `wallaroo-emulator-${port}-${now}-${pid}.log`)
}

/** The URL the emulator announced in its log, if it did yet. */
export function announcedUrl(log: string): string | undefined {
  return LISTENING.exec(log)?.[1]
}

/** The log's text ('' while it does not exist). */
export function readLog(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : ''
}

/** The last `count` non-empty lines of a text. */
export function lastLines(text: string, count: number): string[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-count)
}
