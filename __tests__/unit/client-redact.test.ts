import { describe, it, expect } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { redact, redactCredentials, redactHeaders, safeDebug, REDACTED } from '../../src/wallaroo/redact.js'
import { TokenProvider } from '../../src/wallaroo/auth.js'
import { WallarooClient } from '../../src/wallaroo/client.js'
import { WallarooApiError } from '../../src/wallaroo/errors.js'

const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDAwMDAwMDAsInN1YiI6IngifQ.c2lnbmF0dXJlLWJ5dGVzLWhlcmU'

describe('redact', () => {
  it('replaces every occurrence of each known secret, longest first', () => {
    expect(redact('pw=hunter22 again hunter22; tok=hunter22-long', ['hunter22', 'hunter22-long'])).toBe(`pw=${REDACTED} again ${REDACTED}; tok=${REDACTED}`)
  })

  it('ignores empty, undefined and too-short secrets instead of garbling the text', () => {
    expect(redact('a b c', ['', undefined, 'a'])).toBe('a b c')
  })
})

describe('redactCredentials', () => {
  it.each([
    ['Authorization: Bearer abc.def.ghi', `Authorization: Bearer ${REDACTED}`],
    ['{"authorization":"Basic YXBpLWNsaWVudDpzM2NyZXQ="}', `{"authorization":"Basic ${REDACTED}"}`],
    ['sent bearer abc123defghijk', `sent bearer ${REDACTED}`],
    ['{"access_token":"abc","expires_in":60,"refresh_token":"r\\"x"}', `{"access_token":"${REDACTED}","expires_in":60,"refresh_token":"${REDACTED}"}`],
    ['grant_type=password&username=u&password=p%40ss&client_id=sdk-client', `grant_type=password&username=u&password=${REDACTED}&client_id=sdk-client`],
    [`token was ${JWT} (expired)`, `token was ${REDACTED} (expired)`]
  ])('scrubs %s', (input, expected) => {
    expect(redactCredentials(input)).toBe(expected)
  })

  it.each([
    'HTTP 409 from /v1/api/pipelines/delete_pipeline: pipeline ccfraud-pipeline is deployed (token-free)',
    'basic authentication is disabled; use a bearer token',
    '{"token_type":"Bearer","expires_in":60}',
    "send 'Authorization: Bearer <token>'"
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redactCredentials(text)).toBe(text)
  })
})

describe('redactHeaders', () => {
  it('keeps the scheme and hides credentials in Authorization and cookies', () => {
    expect(redactHeaders({ Authorization: `Bearer ${JWT}`, cookie: 'session=1', accept: 'application/json' })).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      cookie: REDACTED,
      accept: 'application/json'
    })
  })
})

describe('safeDebug', () => {
  it('applies both layers, reading the secret list at call time', () => {
    const lines: string[] = []
    const secrets = new Set<string>()
    const debug = safeDebug(
      (m) => lines.push(m),
      () => secrets
    )
    secrets.add('opaque-secret-value')
    debug(`got opaque-secret-value and Bearer ${JWT}`)
    expect(lines).toEqual([`got ${REDACTED} and Bearer ${REDACTED}`])
  })

  it('is a no-op without a sink', () => {
    expect(() => safeDebug(undefined)('x')).not.toThrow()
  })
})

describe('client error messages', () => {
  it('never carry a credential a server echoed back', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ msg: `invalid token: ${String(req.headers.authorization)}`, code: 401 }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const client = new WallarooClient({ url, tokens: new TokenProvider({ authUrl: url, credentials: { kind: 'token', token: JWT } }) })
      const err = (await client.listWorkspaces().catch((e: unknown) => e)) as WallarooApiError
      expect(err).toBeInstanceOf(WallarooApiError)
      expect(err.code).toBe('UNAUTHORIZED')
      expect(err.message).toBe(`HTTP 401 from /v1/api/workspaces/list: invalid token: Bearer ${REDACTED}`)
      expect(err.serverMessage).not.toContain(JWT)
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})
