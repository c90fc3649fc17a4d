/** A RunContext built in code for what runs parts of an operation outside a run (unit tests, the bench); no jest here. */
import type { Logger, WallarooApi } from '../../src/action/api.js'
import { newDeadline, type RunContext } from '../../src/action/context.js'
import { newRunRecord } from '../../src/action/run-record.js'
import type { ActionSettings } from '../../src/action/settings.js'

/** A logger that drops every line. */
export const SILENT_LOG: Logger = { info: () => undefined, warning: () => undefined, debug: () => undefined }

/** A clock whose sleeps advance its time at once (from `start`), with a fixed `random`. */
export function instantClock(random: number | (() => number) = 0.5, start = 0): RunContext['clock'] & { elapsed: () => number } {
  let t = start
  return { now: () => t, sleep: async (ms) => void (t += ms), random: typeof random === 'number' ? () => random : random, elapsed: () => t - start }
}

/** A context for `settings` on `clock`, its record and deadline starting now; nothing is saved between steps. */
export function testContext(settings: ActionSettings, api: WallarooApi, clock: RunContext['clock'] = instantClock(), log: Logger = SILENT_LOG): RunContext {
  return {
    settings,
    api,
    record: newRunRecord(settings.operation, clock.now()),
    log,
    clock,
    deadline: newDeadline(settings, clock.now()),
    checkpoint: () => undefined
  }
}
