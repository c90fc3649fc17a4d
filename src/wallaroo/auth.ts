/**
 * Bearer tokens for the MLOps and inference APIs (wallaroo-api.md §2): a Keycloak password login
 * (public sdk-client, or confidential api-client with a secret) renewed before it expires, or a
 * caller-supplied token used as is. Tokens may live only 60 s (§11.7), so expiry is checked on
 * every getToken().
 */
import { WallarooApiError, codeForStatus, parseErrorBody, requestIdOf, serverMessageOf } from './errors.js'
import { badResponse, createTransport, httpError, isSuccess, parseJsonBody, send, type HttpResult, type Transport, type TransportOptions } from './http.js'
import { safeDebug } from './redact.js'
import type { TokenResponse } from './types.js'

/** Token endpoint path under the Keycloak base; the realm is always `master` (§11.7). */
export const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token'
/** Public client the SDK logs in with when there is no client secret. */
export const PUBLIC_CLIENT_ID = 'sdk-client'
/** Confidential client Wallaroo creates; authenticates with HTTP Basic `api-client:<secret>`. */
export const CONFIDENTIAL_CLIENT_ID = 'api-client'

/** How to obtain a token. */
export type Credentials =
  | { kind: 'token'; token: string }
  // No secret → the public client (`clientId`, default sdk-client); a secret → a confidential client (`clientId`, default api-client) with Basic auth.
  | { kind: 'password'; username: string; password: string; clientSecret?: string; clientId?: string }
  // A service account: the client_credentials grant of a confidential client, no user (§2.1: meant for inference).
  | { kind: 'client'; clientId: string; clientSecret: string }

/**
 * Settings of a TokenProvider; effects are injectable for tests. `now` also judges token expiry, and `retry`
 * covers the token request's network errors and 5xx (a login is safe to repeat).
 */
export interface TokenProviderOptions extends TransportOptions {
  /** Base of Keycloak, e.g. 'http://127.0.0.1:8080' (token URL = authUrl + TOKEN_PATH). */
  authUrl: string
  credentials: Credentials
  /** Called once with every credential (password, client secret and its Basic form, token) and every token obtained, so the action can core.setSecret them. */
  onSecret?: (secret: string) => void
  /** Never receives tokens or passwords. */
  onDebug?: (msg: string) => void
}

/** Renew when less than this remains (the SDK's margin). */
const REFRESH_MARGIN_MS = 10_000
/** Used when the server omits expires_in and the token is not a JWT with exp: the shortest lifetime seen (§2.1). */
const FALLBACK_LIFETIME_MS = 60_000

interface TokenState {
  accessToken: string
  refreshToken?: string
  expiresAt: number
  lifetimeMs: number
  refreshExpiresAt?: number
}

type Grant = 'password' | 'refresh' | 'client_credentials'

/** Hands out a valid access token, logging in lazily and renewing before expiry. */
export class TokenProvider {
  readonly #opts: TokenProviderOptions
  readonly #transport: Transport
  readonly #tokenUrl: string
  /** Every credential and token seen: redacted from debug lines, each announced once through onSecret. */
  readonly #secrets = new Set<string>()
  readonly #debug: (msg: string) => void
  readonly #notice: (msg: string) => void
  #state?: TokenState
  #stale = false
  #pending?: Promise<string>
  #staticChecked = false

  /** Validates the options; no network call happens until getToken(). */
  constructor(opts: TokenProviderOptions) {
    const creds = opts.credentials
    if (creds.kind === 'token') {
      if (!creds.token.trim()) throw new TypeError('the token credential is empty; pass a Wallaroo access token')
    } else if (creds.kind === 'client') {
      if (!creds.clientId) throw new TypeError('the client id is empty; pass the confidential client to sign in as')
      if (!creds.clientSecret) throw new TypeError('the client secret is empty; pass the secret of the confidential client')
    } else {
      if (!creds.username) throw new TypeError('the username is empty; pass the Wallaroo user to log in as')
      if (!creds.password) throw new TypeError('the password is empty; pass the password of the Wallaroo user')
    }
    this.#opts = opts
    this.#tokenUrl = `${opts.authUrl.replace(/\/+$/, '')}${TOKEN_PATH}`
    this.#debug = safeDebug(opts.onDebug, () => this.#secrets)
    this.#notice = opts.onNotice ? safeDebug(opts.onNotice, () => this.#secrets) : this.#debug
    this.#transport = createTransport(opts, this.#debug, this.#notice)
    // Every credential and derived form is announced here, so one place decides what the log must mask.
    if (creds.kind === 'token') this.#registerSecret(creds.token)
    else {
      if (creds.kind === 'password') this.#registerSecret(creds.password)
      if (creds.clientSecret) {
        this.#registerSecret(creds.clientSecret)
        // The Basic header is a derived form of the secret: mask it as well (style §4).
        this.#registerSecret(basicCredential(confidentialClientOf(creds), creds.clientSecret))
      }
    }
  }

  /** A token valid for at least the refresh margin: logs in on first use, then refreshes (falling back to a full login). */
  async getToken(): Promise<string> {
    const creds = this.#opts.credentials
    if (creds.kind === 'token') return this.#staticToken(creds.token)
    if (this.#pending) return this.#pending
    const state = this.#state
    if (state && !this.#stale && !this.#needsRenewal(state)) return state.accessToken
    this.#pending = this.#renew().finally(() => {
      this.#pending = undefined
    })
    return this.#pending
  }

  /** After a 401: the next getToken() refreshes (or logs in again). False for a given token, which cannot be renewed. */
  invalidate(): boolean {
    if (this.#opts.credentials.kind === 'token') return false
    this.#stale = true
    return true
  }

  #staticToken(token: string): string {
    if (!this.#staticChecked) {
      this.#staticChecked = true
      const exp = jwtExpiry(token)
      const now = this.#transport.now()
      if (exp !== undefined && exp <= now) {
        this.#debug(
          `warning: the token credential expired at ${new Date(exp).toISOString()} and cannot be refreshed; ` +
            'expect HTTP 401 — pass a fresh token, or a username and password instead'
        )
      } else if (exp !== undefined) {
        this.#debug(`token credential expires in ${Math.round((exp - now) / 1000)} s and cannot be refreshed`)
      }
    }
    return token
  }

  /** Renew when < 10 s remain, or < 10 % of a long lifetime; never later than half-life (so a 5 s token is not renewed on every call). */
  #needsRenewal(state: TokenState): boolean {
    const margin = Math.min(Math.max(REFRESH_MARGIN_MS, state.lifetimeMs * 0.1), state.lifetimeMs * 0.5)
    return state.expiresAt - this.#transport.now() < margin
  }

  async #renew(): Promise<string> {
    const state = this.#state
    const now = this.#transport.now()
    if (state?.refreshToken && (state.refreshExpiresAt === undefined || state.refreshExpiresAt > now)) {
      try {
        return this.#store(await this.#requestToken('refresh', state.refreshToken), 'refreshed')
      } catch (err) {
        const why = err instanceof WallarooApiError ? `${err.code}: ${err.serverMessage ?? err.message}` : String(err)
        this.#notice(`token refresh failed (${why}); signing in again`)
      }
    }
    return this.#store(await this.#requestToken(this.#opts.credentials.kind === 'client' ? 'client_credentials' : 'password'), 'logged in')
  }

  #store(token: TokenResponse, how: 'logged in' | 'refreshed'): string {
    const now = this.#transport.now()
    const lifetimeMs = lifetimeOf(token, now)
    this.#state = {
      accessToken: token.access_token,
      refreshToken: token.refresh_token || undefined,
      expiresAt: now + lifetimeMs,
      lifetimeMs,
      refreshExpiresAt: typeof token.refresh_expires_in === 'number' && token.refresh_expires_in > 0 ? now + token.refresh_expires_in * 1000 : undefined
    }
    this.#stale = false
    this.#registerSecret(token.access_token)
    if (token.refresh_token) this.#registerSecret(token.refresh_token)
    this.#notice(`${how === 'refreshed' ? 'Token refreshed' : 'Signed in'}: access token valid for ${Math.round(lifetimeMs / 1000)} s`)
    return token.access_token
  }

  /** Remembers a credential or newly obtained token for redaction and reports it once through onSecret. */
  #registerSecret(secret: string): void {
    if (this.#secrets.has(secret)) return
    this.#secrets.add(secret)
    this.#opts.onSecret?.(secret)
  }

  async #requestToken(grant: Grant, refreshToken?: string): Promise<TokenResponse> {
    const creds = this.#opts.credentials
    if (creds.kind === 'token') throw new Error('unreachable: token credentials are never renewed')
    const form = new URLSearchParams()
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json'
    }
    if (creds.clientSecret) headers.authorization = `Basic ${basicCredential(confidentialClientOf(creds), creds.clientSecret)}`
    else form.set('client_id', creds.clientId ?? PUBLIC_CLIENT_ID)
    if (grant === 'password' && creds.kind === 'password') {
      form.set('grant_type', 'password')
      form.set('username', creds.username)
      form.set('password', creds.password)
    } else if (grant === 'client_credentials') {
      form.set('grant_type', 'client_credentials')
    } else {
      form.set('grant_type', 'refresh_token')
      form.set('refresh_token', refreshToken ?? '')
    }
    const result = await send(this.#transport, {
      method: 'POST',
      url: this.#tokenUrl,
      endpoint: TOKEN_PATH,
      headers,
      body: form.toString(),
      retry: 'idempotent'
    })
    if (!isSuccess(result.status)) throw this.#tokenError(result, grant, creds.clientSecret ? confidentialClientOf(creds) : undefined, creds.clientId)
    return validateTokenResponse(result)
  }

  #tokenError(result: HttpResult, grant: Grant, confidential: string | undefined, publicClient = PUBLIC_CLIENT_ID): WallarooApiError {
    const body = parseErrorBody(result.body)
    const serverMessage = serverMessageOf(body)
    const keycloakError = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined
    if ((result.status === 400 || result.status === 401) && typeof keycloakError === 'string') {
      return new WallarooApiError({
        code: 'AUTH_FAILED',
        status: result.status,
        endpoint: TOKEN_PATH,
        serverMessage,
        body,
        requestId: requestIdOf(result.headers),
        attempts: result.attempts,
        ...authFailedMessage(keycloakError, serverMessage ?? keycloakError, grant, confidential, publicClient)
      })
    }
    const advice =
      result.status === 404
        ? `check the auth URL: it should be the Keycloak host only (e.g. https://wallaroo.example.com, or https://<prefix>.keycloak.<suffix> on 2023 installs) — ${TOKEN_PATH} is appended`
        : undefined
    return httpError(
      result,
      TOKEN_PATH,
      codeForStatus(result.status),
      `HTTP ${result.status} from ${TOKEN_PATH}: ${serverMessage ?? '(no message in the response body)'}`,
      advice
    )
  }
}

/** The refusal, and the generic advice (kept apart so the action can give its own, naming its inputs). `confidential` is the client id with a secret. */
function authFailedMessage(
  error: string,
  detail: string,
  grant: Grant,
  confidential: string | undefined,
  publicClient: string
): { message: string; advice?: string } {
  if (grant === 'refresh') return { message: `the token endpoint refused the refresh token (${detail})` }
  if (grant === 'client_credentials') {
    return {
      message: `the token endpoint refused the client_credentials grant of client '${confidential}' (${detail})`,
      advice: 'check the client id and secret, and that the client has service accounts enabled'
    }
  }
  if (error === 'invalid_client' || error === 'unauthorized_client') {
    return confidential
      ? { message: `the token endpoint refused client '${confidential}' with the given secret (${detail})`, advice: 'check the client secret input' }
      : {
          message: `the token endpoint refused the public client '${publicClient}' (${detail})`,
          advice: `if this install only allows '${CONFIDENTIAL_CLIENT_ID}', set the client secret input`
        }
  }
  return { message: `the token endpoint refused the username/password (${detail})`, advice: 'check the username and password inputs' }
}

/** The client a secret belongs to: the given client id, or Wallaroo's api-client. */
function confidentialClientOf(creds: { clientId?: string }): string {
  return creds.clientId ?? CONFIDENTIAL_CLIENT_ID
}

/**
 * The Basic credential of a confidential client. RFC 6749 §2.3.1 form-encodes the id and the secret before
 * joining them (Keycloak decodes them so), so a secret with `%`, `:` or `+` is not misread.
 */
function basicCredential(clientId: string, secret: string): string {
  return Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`, 'utf8').toString('base64')
}

function validateTokenResponse(result: HttpResult): TokenResponse {
  const body = parseJsonBody(result, TOKEN_PATH)
  if (typeof body !== 'object' || body === null || typeof (body as TokenResponse).access_token !== 'string' || !(body as TokenResponse).access_token) {
    throw badResponse(result, TOKEN_PATH, 'no access_token in the token response')
  }
  return body as TokenResponse
}

function lifetimeOf(token: TokenResponse, now: number): number {
  if (typeof token.expires_in === 'number' && token.expires_in > 0) return token.expires_in * 1000
  const exp = jwtExpiry(token.access_token)
  return exp !== undefined ? Math.max(0, exp - now) : FALLBACK_LIFETIME_MS
}

/** `exp` of a JWT in ms since epoch, or undefined when the token is not a JWT or has none. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown }
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined
  } catch {
    return undefined
  }
}
