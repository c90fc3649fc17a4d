/** Builds the token provider and client from the settings, masking every secret and token in the log. */
import { TokenProvider, type Credentials } from '../wallaroo/auth.js'
import { WallarooClient } from '../wallaroo/client.js'
import type { ActionSettings } from './settings.js'
import type { Clock } from './wait.js'

/** Log hooks: `mask` is core.setSecret, `debug` is core.debug. */
export interface SessionHooks {
  mask: (secret: string) => void
  debug: (msg: string) => void
}

/** Masks the secret inputs; call before anything can print them (also before input errors are reported). */
export function maskSecretInputs(values: Array<string | undefined>, mask: (s: string) => void): void {
  for (const v of values) if (v && v.trim() !== '') mask(v.trim())
}

/** The client for this run; tokens obtained later are masked through onSecret as they arrive. */
export function createSession(settings: ActionSettings, hooks: SessionHooks, clock: Partial<Clock> = {}): WallarooClient {
  const credentials: Credentials =
    settings.auth.kind === 'token'
      ? { kind: 'token', token: settings.auth.token }
      : { kind: 'password', username: settings.auth.username, password: settings.auth.password, ...(settings.auth.clientSecret ? { clientSecret: settings.auth.clientSecret } : {}) }
  if (credentials.kind === 'token') hooks.mask(credentials.token)
  else {
    hooks.mask(credentials.password)
    if (credentials.clientSecret) hooks.mask(credentials.clientSecret)
    // The Basic header of the confidential client is a derived form of the secret.
    if (credentials.clientSecret) hooks.mask(Buffer.from(`api-client:${credentials.clientSecret}`).toString('base64'))
  }
  const tokens = new TokenProvider({
    authUrl: settings.authUrl,
    credentials,
    requestTimeoutMs: settings.requestTimeoutMs,
    onSecret: hooks.mask,
    onDebug: hooks.debug,
    // Not the injected `now`: token expiry is judged against the wall clock of the token's issuer.
    ...(clock.sleep ? { sleep: clock.sleep } : {}),
    ...(clock.random ? { random: clock.random } : {})
  })
  return new WallarooClient({
    url: settings.url,
    tokens,
    requestTimeoutMs: settings.requestTimeoutMs,
    onDebug: hooks.debug,
    ...(clock.sleep ? { sleep: clock.sleep } : {}),
    ...(clock.random ? { random: clock.random } : {})
  })
}
