/**
 * The emulator's Keycloak: issues and verifies JWT-shaped tokens (HS256 with a secret kept in
 * the emulator state, so tokens survive a `--data-dir` restart) for realm `master` (§2.1).
 * Grant rules and error bodies follow Keycloak's real answers.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import type { UserSpec } from './users.js'

export { emailOf } from './users.js'

/** A Keycloak-style token endpoint error: `{error, error_description}` with its HTTP status. */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string
  ) {
    super(description)
    this.name = 'OAuthError'
  }
  /** The body Keycloak answers with. */
  body(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description }
  }
}

/** Settings of the emulated realm. */
export interface AuthSettings {
  /** Everyone who can sign in (the admin first). */
  users: readonly UserSpec[]
  clientSecret: string
  tokenSeconds: number
  refreshSeconds: number
  /** HMAC key; persisted with the state. */
  secret: string
  /** Keycloak user UUID of a user (the `sub` claim). */
  userIdOf(username: string): string
  /** UUID of the api-client service account (client-credentials tokens). */
  serviceAccountId: string
  now: () => number
  /** Told when a user signs in with a password (users/query shows it as lastLogin). */
  onLogin?(userId: string): void
}

/** Claims of a verified access token. */
export interface TokenClaims {
  sub: string
  azp: string
  typ: string
  exp: number
  iat: number
  email?: string
  preferred_username?: string
  'https://hasura.io/jwt/claims'?: Record<string, unknown>
  [k: string]: unknown
}

/** The public client the SDK logs in with (§2.1): no secret. */
const PUBLIC_CLIENT = 'sdk-client'
/** The confidential client (Basic auth with --client-secret). */
const CONFIDENTIAL_CLIENT = 'api-client'

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

/** A token whose signature the secret checked, and its claims. */
interface Verified {
  token: string
  secret: string
  claims: TokenClaims
}

/** How many verified tokens the service remembers (a client keeps its token for many requests). */
const VERIFIED_CACHE_SIZE = 256

/** Issues tokens for the token endpoint and verifies Bearer tokens for every other route. */
export class TokenService {
  /**
   * Claims of tokens whose signature and payload were checked, by token text and the secret that checked them: a
   * token sent again skips the HMAC, base64 and JSON.parse; its type, user and expiry are still checked each time.
   */
  private readonly verified = new Map<string, Verified>()
  private last: Verified | undefined

  constructor(private readonly s: AuthSettings) {}

  private sign(payload: Record<string, unknown>): string {
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'emulator' }))
    const body = b64url(JSON.stringify(payload))
    const sig = createHmac('sha256', this.s.secret).update(`${header}.${body}`).digest('base64url')
    return `${header}.${body}.${sig}`
  }

  /** Decode and check signature and expiry; returns the claims or a reason in Envoy's words. */
  verify(token: string, expectedTyp = 'Bearer'): { ok: true; claims: TokenClaims } | { ok: false; reason: string } {
    // The last token is compared first: equal strings compare faster than a long one hashes for the map.
    const known = token === this.last?.token ? this.last : this.verified.get(token)
    const decoded = known && known.secret === this.s.secret ? known : this.decode(token)
    if ('reason' in decoded) return { ok: false, reason: decoded.reason }
    this.last = decoded
    const { claims } = decoded
    if (claims.typ !== expectedTyp) return { ok: false, reason: `Jwt verification fails: token type ${claims.typ} is not ${expectedTyp}` }
    // The signing key outlives a restart (--data-dir), the user may not: a token of a user this emulator no longer has is void.
    if (claims.sub !== this.s.serviceAccountId && !this.s.users.some((u) => this.s.userIdOf(u.username) === claims.sub))
      return { ok: false, reason: 'Jwt verification fails: the token belongs to a user this emulator does not know (was it started with another --user?)' }
    if (this.s.now() >= claims.exp * 1000) return { ok: false, reason: 'Jwt is expired' }
    return { ok: true, claims }
  }

  /** The claims of a token whose signature is good (remembered for the next time), or why it is not one. */
  private decode(token: string): Verified | { reason: string } {
    const parts = token.split('.')
    if (parts.length !== 3) return { reason: 'Jwt is not in the form of Header.Payload.Signature' }
    const secret = this.s.secret
    const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest()
    const given = Buffer.from(parts[2], 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { reason: 'Jwt verification fails' }
    let claims: TokenClaims
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims
    } catch {
      return { reason: 'Jwt verification fails' }
    }
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!)
    const checked = { token, secret, claims }
    this.verified.set(token, checked)
    return checked
  }

  /** Handle one token-endpoint request (form fields + optional Basic header). */
  grant(form: URLSearchParams, authorization: string | undefined, issuer: string): Record<string, unknown> {
    const client = this.authenticateClient(form, authorization)
    const grantType = form.get('grant_type')
    if (!grantType) throw new OAuthError(400, 'invalid_request', 'Missing form parameter: grant_type')
    switch (grantType) {
      case 'password':
        return this.passwordGrant(form, client, issuer)
      case 'refresh_token':
        return this.refreshGrant(form, client, issuer)
      case 'client_credentials':
        if (client !== CONFIDENTIAL_CLIENT) {
          throw new OAuthError(401, 'unauthorized_client', 'Client not enabled to retrieve service account')
        }
        return this.issue(client, issuer, null, false, null)
      default:
        throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${grantType}`)
    }
  }

  private authenticateClient(form: URLSearchParams, authorization: string | undefined): string {
    let clientId = form.get('client_id') ?? undefined
    let secret = form.get('client_secret') ?? undefined
    if (authorization?.toLowerCase().startsWith('basic ')) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      clientId = formDecode(colon >= 0 ? decoded.slice(0, colon) : decoded)
      secret = formDecode(colon >= 0 ? decoded.slice(colon + 1) : '')
    }
    if (clientId === PUBLIC_CLIENT) return clientId
    if (clientId === CONFIDENTIAL_CLIENT) {
      if (!secret) throw new OAuthError(401, 'unauthorized_client', 'Client secret not provided in request')
      if (!safeEqual(secret, this.s.clientSecret)) throw new OAuthError(401, 'unauthorized_client', 'Invalid client or Invalid client credentials')
      return clientId
    }
    throw new OAuthError(401, 'invalid_client', `Invalid client or Invalid client credentials (known clients: ${PUBLIC_CLIENT}, ${CONFIDENTIAL_CLIENT})`)
  }

  private passwordGrant(form: URLSearchParams, client: string, issuer: string): Record<string, unknown> {
    const username = form.get('username')
    const password = form.get('password')
    if (!username) throw new OAuthError(400, 'invalid_request', 'Missing parameter: username')
    if (password === null) throw new OAuthError(400, 'invalid_request', 'Missing parameter: password')
    const user = this.s.users.find((u) => u.username === username)
    if (!user || !safeEqual(password, user.password)) {
      throw new OAuthError(401, 'invalid_grant', 'Invalid user credentials')
    }
    this.s.onLogin?.(this.s.userIdOf(user.username))
    return this.issue(client, issuer, randomUUID(), true, user)
  }

  private refreshGrant(form: URLSearchParams, client: string, issuer: string): Record<string, unknown> {
    const token = form.get('refresh_token')
    if (!token) throw new OAuthError(400, 'invalid_request', 'Missing parameter: refresh_token')
    const checked = this.verify(token, 'Refresh')
    if (!checked.ok) {
      throw new OAuthError(400, 'invalid_grant', checked.reason === 'Jwt is expired' ? 'Token is not active' : 'Invalid refresh token')
    }
    if (checked.claims.azp !== client) {
      throw new OAuthError(400, 'invalid_grant', "Invalid refresh token. Token client and authorized client don't match")
    }
    // The user may be gone (the emulator restarted with other --users): Keycloak answers as for a revoked session.
    const user = this.s.users.find((u) => this.s.userIdOf(u.username) === checked.claims.sub)
    if (!user) throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token: its user no longer exists')
    return this.issue(client, issuer, String(checked.claims.sid ?? randomUUID()), true, user)
  }

  /** Build the token response; `session` and `user` null mean a client-credentials (service account) token. */
  private issue(client: string, issuer: string, session: string | null, withRefresh: boolean, user: UserSpec | null): Record<string, unknown> {
    // Claims are whole seconds; rounding iat up makes exp - iat exactly expires_in (as recorded) while the
    // token still lives at least expires_in seconds from now.
    const iat = Math.ceil(this.s.now() / 1000)
    const expiresAt = (seconds: number): number => iat + seconds
    const userId = user ? this.s.userIdOf(user.username) : this.s.serviceAccountId
    const base = {
      iat,
      jti: randomUUID(),
      iss: `${issuer}/auth/realms/master`,
      sub: userId,
      azp: client,
      scope: 'profile email',
      ...(session ? { sid: session, session_state: session } : {})
    }
    const access: Record<string, unknown> = {
      ...base,
      exp: expiresAt(this.s.tokenSeconds),
      aud: ['master-realm', 'account'],
      typ: 'Bearer',
      realm_access: { roles: ['default-roles-master', 'offline_access', 'uma_authorization'] },
      preferred_username: user ? user.username : `service-account-${client}`,
      ...(user
        ? {
            email: user.email,
            email_verified: false,
            // MLOps routes need these (Hasura); a service-account token has none (INFERRED §2.1). Roles as decoded:
            // an admin is admin_user (2026 recording), a plain user only user (2023 recording).
            'https://hasura.io/jwt/claims': {
              'x-hasura-user-id': userId,
              'x-hasura-user-email': user.email,
              'x-hasura-default-role': user.admin ? 'admin_user' : 'user',
              'x-hasura-allowed-roles': user.admin ? ['user', 'admin_user'] : ['user'],
              'x-hasura-user-groups': '{}'
            }
          }
        : {})
    }
    const response: Record<string, unknown> = {
      access_token: this.sign(access),
      expires_in: this.s.tokenSeconds,
      refresh_expires_in: withRefresh ? this.s.refreshSeconds : 0
    }
    if (withRefresh) {
      response.refresh_token = this.sign({ ...base, exp: expiresAt(this.s.refreshSeconds), aud: issuer + '/auth/realms/master', typ: 'Refresh' })
    }
    response.token_type = 'Bearer'
    response['not-before-policy'] = 0
    if (session) response.session_state = session
    response.scope = 'profile email'
    return response
  }
}

/** Basic credentials are form-encoded (RFC 6749 §2.3.1); a malformed escape is a bad client, not a crash. */
function formDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    throw new OAuthError(401, 'invalid_client', 'Invalid client or Invalid client credentials (malformed percent-encoding in the Basic authorization header)')
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
