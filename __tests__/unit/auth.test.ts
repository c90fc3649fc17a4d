import { describe, it, expect } from '@jest/globals'
import { TokenProvider, TOKEN_PATH, jwtExpiry, type TokenProviderOptions } from '../../src/wallaroo/auth.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'
import { sendJson, useLoopbackServer, type RequestHandler } from '../helpers/loopback-server.js'

type Handler = RequestHandler

const json = sendJson
/** The fake Keycloak: `keycloak()` answers unless a test sets another handler. */
const server = useLoopbackServer(() => keycloak())

/** Fake Keycloak: numbered tokens so tests can tell logins and refreshes apart. */
function keycloak(opts: { expiresIn?: number; refreshExpiresIn?: number; refreshStatus?: number } = {}): Handler {
  let n = 0
  return (req, res) => {
    if (req.path !== TOKEN_PATH) return json(res, 404, { error: 'not found' })
    const grant = req.form.get('grant_type')
    if (grant === 'refresh_token' && opts.refreshStatus) {
      return json(res, opts.refreshStatus, { error: 'invalid_grant', error_description: 'Token is not active' })
    }
    n++
    const kind = grant === 'refresh_token' ? 'refreshed' : 'login'
    json(res, 200, {
      access_token: `access-${kind}-${n}`,
      expires_in: opts.expiresIn ?? 60,
      refresh_expires_in: opts.refreshExpiresIn ?? 1800,
      refresh_token: `refresh-${n}`,
      token_type: 'Bearer',
      'not-before-policy': 0,
      session_state: 'abc',
      scope: 'profile email'
    })
  }
}

function provider(extra: Partial<TokenProviderOptions> = {}): TokenProvider {
  return new TokenProvider({
    authUrl: server.base,
    credentials: { kind: 'password', username: 'ci-bot@example.com', password: 'p@ss word&x=1' },
    sleep: async () => {},
    ...extra
  })
}

describe('password login', () => {
  it('uses the public sdk-client without a secret: form fields, no Authorization header', async () => {
    const token = await provider().getToken()
    expect(token).toBe('access-login-1')
    expect(server.received).toHaveLength(1)
    const [req] = server.received
    expect(req.method).toBe('POST')
    expect(req.path).toBe('/auth/realms/master/protocol/openid-connect/token')
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(req.headers.authorization).toBeUndefined()
    expect(Object.fromEntries(req.form)).toEqual({
      client_id: 'sdk-client',
      grant_type: 'password',
      username: 'ci-bot@example.com',
      password: 'p@ss word&x=1'
    })
  })

  it('uses the confidential api-client with HTTP Basic when a client secret is given', async () => {
    const secrets: string[] = []
    const tokens = provider({
      credentials: { kind: 'password', username: 'u', password: 'pw12', clientSecret: 's3cret' },
      onSecret: (s) => secrets.push(s)
    })
    await tokens.getToken()
    const [req] = server.received
    const basic = Buffer.from('api-client:s3cret').toString('base64')
    expect(req.headers.authorization).toBe(`Basic ${basic}`)
    expect(Object.fromEntries(req.form)).toEqual({ grant_type: 'password', username: 'u', password: 'pw12' })
    // The derived Basic credential is masked too (style §4).
    expect(secrets).toContain(basic)
  })

  it('accepts an auth URL with a trailing slash', async () => {
    await provider({ authUrl: `${server.base}/` }).getToken()
    expect(server.received[0].path).toBe(TOKEN_PATH)
  })

  it('logs in once and reuses the token while it is fresh', async () => {
    const tokens = provider()
    expect(await tokens.getToken()).toBe('access-login-1')
    expect(await tokens.getToken()).toBe('access-login-1')
    expect(server.received).toHaveLength(1)
  })

  it('shares one login between concurrent callers', async () => {
    const tokens = provider()
    const all = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()])
    expect(all).toEqual(['access-login-1', 'access-login-1', 'access-login-1'])
    expect(server.received).toHaveLength(1)
  })

  it('reports the password and every new access and refresh token through onSecret', async () => {
    let now = 0
    const secrets: string[] = []
    const tokens = provider({ now: () => now, onSecret: (s) => secrets.push(s) })
    await tokens.getToken()
    now = 55_000
    await tokens.getToken()
    // The password first (announced before any call), then each token as it arrives.
    expect(secrets).toEqual(['p@ss word&x=1', 'access-login-1', 'refresh-1', 'access-refreshed-2', 'refresh-2'])
  })
})

describe('renewal of 60 s tokens (injected clock)', () => {
  it('keeps the token until 10 s remain, then refreshes with the refresh grant', async () => {
    let now = 1_000_000
    const tokens = provider({ now: () => now })
    expect(await tokens.getToken()).toBe('access-login-1')
    now += 49_000 // 11 s left
    expect(await tokens.getToken()).toBe('access-login-1')
    expect(server.received).toHaveLength(1)
    now += 2_000 // 9 s left
    expect(await tokens.getToken()).toBe('access-refreshed-2')
    expect(server.received).toHaveLength(2)
    expect(Object.fromEntries(server.received[1].form)).toEqual({
      client_id: 'sdk-client',
      grant_type: 'refresh_token',
      refresh_token: 'refresh-1'
    })
  })

  it('refreshes the api-client token with Basic auth and no client_id', async () => {
    let now = 0
    const tokens = provider({ now: () => now, credentials: { kind: 'password', username: 'u', password: 'pw12', clientSecret: 's3cret' } })
    await tokens.getToken()
    now = 55_000
    await tokens.getToken()
    expect(server.received[1].headers.authorization).toBe(`Basic ${Buffer.from('api-client:s3cret').toString('base64')}`)
    expect(Object.fromEntries(server.received[1].form)).toEqual({ grant_type: 'refresh_token', refresh_token: 'refresh-1' })
  })

  it('logs in again when the refresh is refused', async () => {
    server.handler = keycloak({ refreshStatus: 400 })
    let now = 0
    const debug: string[] = []
    const tokens = provider({ now: () => now, onDebug: (m) => debug.push(m) })
    await tokens.getToken()
    now = 55_000
    expect(await tokens.getToken()).toBe('access-login-2')
    expect(server.received.map((r) => r.form.get('grant_type'))).toEqual(['password', 'refresh_token', 'password'])
    expect(debug.join('\n')).toContain('token refresh failed (AUTH_FAILED: invalid_grant: Token is not active); signing in again')
  })

  it('skips the refresh grant when the refresh token itself has expired', async () => {
    server.handler = keycloak({ expiresIn: 300, refreshExpiresIn: 120 })
    let now = 0
    const tokens = provider({ now: () => now })
    await tokens.getToken()
    now = 295_000
    expect(await tokens.getToken()).toBe('access-login-2')
    expect(server.received.map((r) => r.form.get('grant_type'))).toEqual(['password', 'password'])
  })

  it('renews 2 h tokens when 10 % of the lifetime remains, not 10 s', async () => {
    server.handler = keycloak({ expiresIn: 7200, refreshExpiresIn: 0 })
    let now = 0
    const tokens = provider({ now: () => now })
    await tokens.getToken()
    now = 6_400_000 // 800 s left > 720 s
    await tokens.getToken()
    expect(server.received).toHaveLength(1)
    now = 6_500_000 // 700 s left
    await tokens.getToken()
    expect(server.received).toHaveLength(2)
  })

  it('renews after invalidate() even when the token looks fresh', async () => {
    const tokens = provider({ now: () => 0 })
    await tokens.getToken()
    tokens.invalidate()
    expect(await tokens.getToken()).toBe('access-refreshed-2')
    expect(await tokens.getToken()).toBe('access-refreshed-2')
    expect(server.received).toHaveLength(2)
  })
})

describe('client credentials (a service account, no user)', () => {
  it('sends the client_credentials grant with HTTP Basic client:secret, masks the secret and its Basic form, and signs in again instead of refreshing', async () => {
    let now = 0
    const secrets: string[] = []
    server.handler = (req, res) =>
      json(res, 200, { access_token: `svc-${server.received.length}`, expires_in: 60, token_type: 'Bearer', 'not-before-policy': 0, scope: 'profile email' })
    const tokens = provider({ now: () => now, credentials: { kind: 'client', clientId: 'ci-robot', clientSecret: 'r0b0t' }, onSecret: (s) => secrets.push(s) })
    expect(await tokens.getToken()).toBe('svc-1')
    const basic = Buffer.from('ci-robot:r0b0t').toString('base64')
    expect(server.received[0].headers.authorization).toBe(`Basic ${basic}`)
    expect(Object.fromEntries(server.received[0].form)).toEqual({ grant_type: 'client_credentials' })
    expect(secrets).toEqual(expect.arrayContaining(['r0b0t', basic, 'svc-1']))
    now = 55_000
    expect(await tokens.getToken()).toBe('svc-2')
    expect(Object.fromEntries(server.received[1].form)).toEqual({ grant_type: 'client_credentials' })
  })

  it('a user signs in through a named client (client-id with username and password)', async () => {
    await provider({ credentials: { kind: 'password', username: 'u', password: 'pw12', clientId: 'ci-client', clientSecret: 's' } }).getToken()
    expect(server.received[0].headers.authorization).toBe(`Basic ${Buffer.from('ci-client:s').toString('base64')}`)
    await provider({ credentials: { kind: 'password', username: 'u', password: 'pw12', clientId: 'my-public' } }).getToken()
    expect(Object.fromEntries(server.received[1].form)).toMatchObject({ client_id: 'my-public', grant_type: 'password' })
  })

  it('a refused client_credentials grant names the client and what to check', async () => {
    server.handler = (_req, res) => json(res, 401, { error: 'unauthorized_client', error_description: 'Client not enabled to retrieve service account' })
    const err = await provider({ credentials: { kind: 'client', clientId: 'api-client', clientSecret: 'x' } })
      .getToken()
      .then(
        () => undefined,
        (e: unknown) => e as WallarooApiError
      )
    expect(err?.code).toBe('AUTH_FAILED')
    expect(err?.message).toBe(
      "the token endpoint refused the client_credentials grant of client 'api-client' (unauthorized_client: Client not enabled to retrieve service account); check the client id and secret, and that the client has service accounts enabled"
    )
  })
})

describe('token credential', () => {
  function jwt(payload: object): string {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    return `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.c2lnbmF0dXJl`
  }

  it('is used as is, without calling the token endpoint, and reported through onSecret', async () => {
    const secrets: string[] = []
    const tokens = new TokenProvider({ authUrl: server.base, credentials: { kind: 'token', token: 'opaque-token' }, onSecret: (s) => secrets.push(s) })
    expect(await tokens.getToken()).toBe('opaque-token')
    tokens.invalidate()
    expect(await tokens.getToken()).toBe('opaque-token')
    expect(server.received).toHaveLength(0)
    expect(secrets).toEqual(['opaque-token'])
  })

  it('warns (without the token) when a JWT has already expired, since it cannot be refreshed', async () => {
    const token = jwt({ exp: 1_000, sub: 'x' })
    const debug: string[] = []
    const tokens = new TokenProvider({ authUrl: server.base, credentials: { kind: 'token', token }, now: () => 2_000_000, onDebug: (m) => debug.push(m) })
    expect(await tokens.getToken()).toBe(token)
    expect(debug).toEqual([
      'warning: the token credential expired at 1970-01-01T00:16:40.000Z and cannot be refreshed; expect HTTP 401 — pass a fresh token, or a username and password instead'
    ])
  })

  it('reads exp from a JWT, and nothing from other strings', () => {
    expect(jwtExpiry(jwt({ exp: 1700000000 }))).toBe(1_700_000_000_000)
    expect(jwtExpiry(jwt({ sub: 'no exp' }))).toBeUndefined()
    expect(jwtExpiry('not-a-jwt')).toBeUndefined()
    expect(jwtExpiry('a.%%%.c')).toBeUndefined()
  })

  it('rejects an empty token up front', () => {
    expect(() => new TokenProvider({ authUrl: server.base, credentials: { kind: 'token', token: ' ' } })).toThrow(
      'the token credential is empty; pass a Wallaroo access token'
    )
  })
})

describe('token endpoint errors', () => {
  async function failure(p: TokenProvider): Promise<WallarooApiError> {
    const err = await p.getToken().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WallarooApiError)
    return err as WallarooApiError
  }

  it('maps refused credentials to AUTH_FAILED, naming the inputs to check and never the password', async () => {
    server.handler = (_req, res) => json(res, 401, { error: 'invalid_grant', error_description: 'Invalid user credentials' })
    const err = await failure(provider())
    expect(err.code).toBe('AUTH_FAILED')
    expect(err.status).toBe(401)
    expect(err.endpoint).toBe(TOKEN_PATH)
    expect(err.serverMessage).toBe('invalid_grant: Invalid user credentials')
    expect(err.attempts).toBe(1)
    expect(err.message).toBe(
      'the token endpoint refused the username/password (invalid_grant: Invalid user credentials); check the username and password inputs'
    )
    expect(err.message).not.toContain('p@ss')
  })

  it('points at the client secret when api-client is refused', async () => {
    server.handler = (_req, res) => json(res, 401, { error: 'unauthorized_client', error_description: 'Invalid client secret' })
    const err = await failure(provider({ credentials: { kind: 'password', username: 'u', password: 'pw12', clientSecret: 'wrong' } }))
    expect(err.code).toBe('AUTH_FAILED')
    expect(err.message).toBe(
      "the token endpoint refused client 'api-client' with the given secret (unauthorized_client: Invalid client secret); check the client secret input"
    )
  })

  it('suggests the client secret when the public sdk-client is refused', async () => {
    server.handler = (_req, res) => json(res, 400, { error: 'invalid_client', error_description: 'Client not allowed' })
    const err = await failure(provider())
    expect(err.message).toContain("refused the public client 'sdk-client' (invalid_client: Client not allowed)")
    expect(err.message).toContain('set the client secret input')
  })

  it('explains a 404 as a wrong auth URL', async () => {
    server.handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' })
      res.end('<html>Not Found</html>')
    }
    const err = await failure(provider({ authUrl: `${server.base}/auth` }))
    expect(err.code).toBe('NOT_FOUND')
    expect(err.status).toBe(404)
    expect(err.message).toContain(`HTTP 404 from ${TOKEN_PATH}: <html>Not Found</html>; check the auth URL`)
  })

  it('retries a Keycloak 503 and then succeeds', async () => {
    let calls = 0
    const ok = keycloak()
    server.handler = (req, res) => (++calls === 1 ? json(res, 503, { error: 'temporarily_unavailable' }) : ok(req, res))
    const sleeps: number[] = []
    expect(await provider({ sleep: async (ms) => void sleeps.push(ms), random: () => 1 }).getToken()).toBe('access-login-1')
    expect(sleeps).toEqual([500])
  })

  it('reports a 200 without access_token as BAD_RESPONSE', async () => {
    server.handler = (_req, res) => json(res, 200, { token_type: 'Bearer' })
    const err = await failure(provider())
    expect(err.code).toBe('BAD_RESPONSE')
    expect(err.message).toContain('no access_token in the token response')
  })

  it('never writes the password or tokens to debug output', async () => {
    let now = 0
    const debug: string[] = []
    server.handler = keycloak({ refreshStatus: 401 })
    const tokens = provider({ now: () => now, onDebug: (m) => debug.push(m) })
    await tokens.getToken()
    now = 55_000
    await tokens.getToken()
    const all = debug.join('\n')
    expect(debug.length).toBeGreaterThan(2)
    for (const secret of ['p@ss word&x=1', 'access-login-1', 'refresh-1', 'access-login-2']) expect(all).not.toContain(secret)
  })
})

describe('options', () => {
  it.each([
    [{ kind: 'password' as const, username: '', password: 'x' }, 'the username is empty; pass the Wallaroo user to log in as'],
    [{ kind: 'password' as const, username: 'u', password: '' }, 'the password is empty; pass the password of the Wallaroo user']
  ])('rejects missing credentials up front (%#)', (credentials, message) => {
    expect(() => new TokenProvider({ authUrl: 'http://127.0.0.1:1', credentials })).toThrow(message)
  })
})
