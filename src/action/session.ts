/** Builds the token provider and client from the settings, masking every secret and token in the log. */
import { jwtExpiry, TokenProvider } from '../wallaroo/auth.js'
import { WallarooClient } from '../wallaroo/client.js'
import { Inputs } from './constants.js'
import { formatDuration } from './duration.js'
import { InputError } from './errors.js'
import type { ActionSettings, Operation } from './settings.js'
import type { Clock } from './steps/wait.js'

/** Log hooks: `mask` is core.setSecret, `debug` is core.debug, `notice` (retries, token renewals) core.info. */
export interface SessionHooks {
  mask: (secret: string) => void
  debug: (msg: string) => void
  notice?: (msg: string) => void
}

/** Masks the secret inputs; call before anything can print them (also before input errors are reported). */
export function maskSecretInputs(values: Array<string | undefined>, mask: (s: string) => void): void {
  for (const v of values) if (v && v.trim() !== '') mask(v.trim())
}

/** Operations that may wait up to 'timeout' (model conversion, deployment start or tear-down). */
const WAITING_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['deploy', 'upload-model', 'create-pipeline', 'undeploy', 'promote', 'reject'])

/**
 * Judges a given 'token' by its JWT `exp` before the first request: an expired one is an input error; one that
 * expires before the run's waits could end gets a visible warning, since a given token cannot be renewed.
 * `nowMs` is the wall clock (the issuer's `exp` is wall-clock time). Never prints the token.
 */
export function checkTokenLifetime(settings: ActionSettings, nowMs: number, warn: (msg: string) => void): void {
  if (settings.auth.kind !== 'token') return
  const exp = jwtExpiry(settings.auth.token)
  if (exp === undefined) return
  const renew = `use '${Inputs.Username}'/'${Inputs.Password}' so the action can sign in again as needed`
  if (exp <= nowMs) {
    throw new InputError([`Input 'token' expired ${formatDuration(nowMs - exp)} ago (at ${new Date(exp).toISOString()}); pass a fresh token, or ${renew}.`])
  }
  if (WAITING_OPERATIONS.has(settings.operation) && exp < nowMs + settings.timeoutMs) {
    warn(
      `Input 'token' expires in ${formatDuration(exp - nowMs)} and cannot be renewed; the ${settings.operation} may outlive it ` +
        `('${Inputs.Timeout}' is ${formatDuration(settings.timeoutMs)}) — ${renew}, or pass a token that lives longer.`
    )
  }
}

/**
 * The client for this run; the TokenProvider announces every credential, derived form and later token through `mask`.
 * `remainingMs` is the time left before the step's deadline: no request (sign-in included) or retry outlasts it.
 */
export function createSession(
  settings: ActionSettings,
  hooks: SessionHooks,
  clock: Partial<Clock> = {},
  remainingMs?: () => number | undefined
): WallarooClient {
  // Not the injected `now`: token expiry is judged against the wall clock of the token's issuer.
  const effects = {
    ...(clock.sleep ? { sleep: clock.sleep } : {}),
    ...(clock.random ? { random: clock.random } : {}),
    ...(remainingMs ? { remainingMs } : {})
  }
  const tokens = new TokenProvider({
    authUrl: settings.authUrl,
    credentials: settings.auth,
    requestTimeoutMs: settings.requestTimeoutMs,
    onSecret: hooks.mask,
    onDebug: hooks.debug,
    ...(hooks.notice ? { onNotice: hooks.notice } : {}),
    ...effects
  })
  return new WallarooClient({
    url: settings.url,
    tokens,
    requestTimeoutMs: settings.requestTimeoutMs,
    onDebug: hooks.debug,
    ...(hooks.notice ? { onNotice: hooks.notice } : {}),
    ...effects
  })
}
