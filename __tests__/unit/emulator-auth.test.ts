import { describe, it, expect } from '@jest/globals'
import { OAuthError, TokenService } from '../../src/emulator/auth.js'
import { adminUser } from '../../src/emulator/users.js'
import { thrownBy } from '../helpers/thrown.js'

let clock = 1_700_000_000_000
const ids: Record<string, string> = { admin: 'user-uuid', 'ana@example.com': 'ana-uuid' }
const settings = {
  users: [adminUser('admin', 'pw'), { username: 'ana@example.com', email: 'ana@example.com', password: 'ana-pw', admin: false }],
  clientSecret: 's3cret',
  tokenSeconds: 60,
  refreshSeconds: 1800,
  secret: 'k'.repeat(64),
  userIdOf: (username: string) => ids[username],
  serviceAccountId: 'sa-uuid',
  now: () => clock
}
const service = new TokenService(settings)
const ISSUER = 'http://127.0.0.1:9'
const basic = (id: string, secret: string): string => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64')
const form = (o: Record<string, string>): URLSearchParams => new URLSearchParams(o)

const oauthError = (fn: () => unknown): OAuthError => thrownBy(fn, OAuthError)

describe('emulated Keycloak', () => {
  it('issues a user token to the public sdk-client with the recorded response fields and claims', () => {
    const res = service.grant(form({ client_id: 'sdk-client', grant_type: 'password', username: 'admin', password: 'pw' }), undefined, ISSUER)
    expect(Object.keys(res)).toEqual([
      'access_token',
      'expires_in',
      'refresh_expires_in',
      'refresh_token',
      'token_type',
      'not-before-policy',
      'session_state',
      'scope'
    ])
    expect(res).toMatchObject({ expires_in: 60, refresh_expires_in: 1800, token_type: 'Bearer', scope: 'profile email' })
    const checked = service.verify(res.access_token as string)
    expect(checked.ok && checked.claims).toMatchObject({
      iss: `${ISSUER}/auth/realms/master`,
      azp: 'sdk-client',
      sub: 'user-uuid',
      email: 'admin@keycloak',
      preferred_username: 'admin',
      'https://hasura.io/jwt/claims': expect.objectContaining({ 'x-hasura-user-id': 'user-uuid' })
    })
    expect(checked.ok && checked.claims.exp - checked.claims.iat).toBe(60)
  })

  it('signs in a --users user by email with the plain user role, and keeps the admin an admin_user', () => {
    const ana = service.grant(form({ client_id: 'sdk-client', grant_type: 'password', username: 'ana@example.com', password: 'ana-pw' }), undefined, ISSUER)
    const claims = service.verify(ana.access_token as string)
    expect(claims.ok && claims.claims).toMatchObject({
      sub: 'ana-uuid',
      email: 'ana@example.com',
      preferred_username: 'ana@example.com',
      'https://hasura.io/jwt/claims': { 'x-hasura-user-id': 'ana-uuid', 'x-hasura-default-role': 'user', 'x-hasura-allowed-roles': ['user'] }
    })
    const refreshed = service.grant(
      form({ client_id: 'sdk-client', grant_type: 'refresh_token', refresh_token: ana.refresh_token as string }),
      undefined,
      ISSUER
    )
    const again = service.verify(refreshed.access_token as string)
    expect(again.ok && again.claims.sub).toBe('ana-uuid')
    const admin = service.grant(form({ client_id: 'sdk-client', grant_type: 'password', username: 'admin', password: 'pw' }), undefined, ISSUER)
    const adminClaims = service.verify(admin.access_token as string)
    expect(adminClaims.ok && adminClaims.claims['https://hasura.io/jwt/claims']).toMatchObject({
      'x-hasura-default-role': 'admin_user',
      'x-hasura-allowed-roles': ['user', 'admin_user']
    })
    // Another user's password does not work for her.
    expect(
      oauthError(() => service.grant(form({ client_id: 'sdk-client', grant_type: 'password', username: 'ana@example.com', password: 'pw' }), undefined, ISSUER))
        .status
    ).toBe(401)
  })

  it('refuses wrong user credentials with invalid_grant (401)', () => {
    const e = oauthError(() => service.grant(form({ client_id: 'sdk-client', grant_type: 'password', username: 'admin', password: 'nope' }), undefined, ISSUER))
    expect([e.status, e.body()]).toEqual([401, { error: 'invalid_grant', error_description: 'Invalid user credentials' }])
  })

  it('authenticates api-client with Basic auth for password, refresh and client-credentials grants', () => {
    const auth = basic('api-client', 's3cret')
    const pw = service.grant(form({ grant_type: 'password', username: 'admin', password: 'pw' }), auth, ISSUER)
    const refreshed = service.grant(form({ grant_type: 'refresh_token', refresh_token: pw.refresh_token as string }), auth, ISSUER)
    expect(service.verify(refreshed.access_token as string).ok).toBe(true)
    const cc = service.grant(form({ grant_type: 'client_credentials' }), auth, ISSUER)
    expect(cc.refresh_token).toBeUndefined()
    const claims = service.verify(cc.access_token as string)
    expect(claims.ok && claims.claims['https://hasura.io/jwt/claims']).toBeUndefined()
    expect(claims.ok && claims.claims.sub).toBe('sa-uuid')
  })

  it('gives every grant and client the one --token-seconds lifetime (3600 reproduces the recorded api-client answer)', () => {
    const hour = new TokenService({ ...settings, tokenSeconds: 3600 })
    const auth = basic('api-client', 's3cret')
    const pw = hour.grant(form({ grant_type: 'password', username: 'admin', password: 'pw' }), auth, ISSUER)
    const sdk = hour.grant(form({ grant_type: 'password', client_id: 'sdk-client', username: 'admin', password: 'pw' }), undefined, ISSUER)
    const refreshed = hour.grant(form({ grant_type: 'refresh_token', refresh_token: pw.refresh_token as string }), auth, ISSUER)
    const cc = hour.grant(form({ grant_type: 'client_credentials' }), auth, ISSUER)
    expect([pw, sdk, refreshed, cc].map((r) => r.expires_in)).toEqual([3600, 3600, 3600, 3600])
  })

  it('refuses a wrong api-client secret with unauthorized_client and an unknown client with invalid_client', () => {
    expect(oauthError(() => service.grant(form({ grant_type: 'client_credentials' }), basic('api-client', 'x'), ISSUER)).error).toBe('unauthorized_client')
    const unknown = oauthError(() => service.grant(form({ grant_type: 'password', client_id: 'other' }), undefined, ISSUER))
    expect([unknown.status, unknown.error]).toEqual([401, 'invalid_client'])
  })

  it('refuses Basic credentials with a malformed percent-escape as invalid_client (401), not a server error', () => {
    const e = oauthError(() => service.grant(form({ grant_type: 'client_credentials' }), basic('api-client', '%E0'), ISSUER))
    expect([e.status, e.error]).toEqual([401, 'invalid_client'])
    expect(e.description).toContain('malformed percent-encoding')
  })

  it('refuses client credentials for the public client and unknown grant types', () => {
    expect(oauthError(() => service.grant(form({ client_id: 'sdk-client', grant_type: 'client_credentials' }), undefined, ISSUER)).error).toBe(
      'unauthorized_client'
    )
    expect(oauthError(() => service.grant(form({ client_id: 'sdk-client', grant_type: 'magic' }), undefined, ISSUER)).error).toBe('unsupported_grant_type')
    expect(oauthError(() => service.grant(form({ client_id: 'sdk-client', grant_type: 'password', password: 'pw' }), undefined, ISSUER)).description).toBe(
      'Missing parameter: username'
    )
  })

  it('expires access tokens after token-seconds and refresh tokens after refresh-seconds', () => {
    const start = clock
    const res = service.grant(form({ client_id: 'sdk-client', grant_type: 'password', username: 'admin', password: 'pw' }), undefined, ISSUER)
    clock = start + 61_000
    expect(service.verify(res.access_token as string)).toEqual({ ok: false, reason: 'Jwt is expired' })
    const ok = service.grant(form({ client_id: 'sdk-client', grant_type: 'refresh_token', refresh_token: res.refresh_token as string }), undefined, ISSUER)
    expect(service.verify(ok.access_token as string).ok).toBe(true)
    clock = start + 1801_000
    const e = oauthError(() =>
      service.grant(form({ client_id: 'sdk-client', grant_type: 'refresh_token', refresh_token: res.refresh_token as string }), undefined, ISSUER)
    )
    expect([e.status, e.error]).toEqual([400, 'invalid_grant'])
    clock = start
  })

  it('rejects a refresh token used as a bearer token, a tampered token and a refresh token of another client', () => {
    const res = service.grant(form({ client_id: 'sdk-client', grant_type: 'password', username: 'admin', password: 'pw' }), undefined, ISSUER)
    expect(service.verify(res.refresh_token as string).ok).toBe(false)
    const [h, p] = (res.access_token as string).split('.')
    expect(service.verify(`${h}.${p}.AAAA`)).toEqual({ ok: false, reason: 'Jwt verification fails' })
    expect(service.verify('not-a-jwt')).toEqual({ ok: false, reason: 'Jwt is not in the form of Header.Payload.Signature' })
    const e = oauthError(() =>
      service.grant(form({ grant_type: 'refresh_token', refresh_token: res.refresh_token as string }), basic('api-client', 's3cret'), ISSUER)
    )
    expect(e.description).toContain("don't match")
  })
})
