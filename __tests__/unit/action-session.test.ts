import { describe, expect, it } from '@jest/globals'
import { createSession, maskSecretInputs } from '../../src/action/session.js'
import { baseSettings } from '../helpers/fake-operations.js'
import { WallarooClient } from '../../src/wallaroo/client.js'

const base = baseSettings({
  operation: 'status',
  url: 'http://127.0.0.1:9',
  authUrl: 'http://127.0.0.1:9',
  auth: { kind: 'password', username: 'u', password: 'pw', clientSecret: 'cs' },
  engineConfig: {},
  timeoutMs: 1000,
  requestTimeoutMs: 1000
})

describe('session', () => {
  it('masks the password, the client secret and its Basic-auth form before any call', () => {
    const masked: string[] = []
    const client = createSession(base, { mask: (s) => masked.push(s), debug: () => undefined })
    expect(client).toBeInstanceOf(WallarooClient)
    expect(new Set(masked)).toEqual(new Set(['pw', 'cs', Buffer.from('api-client:cs').toString('base64')]))
  })

  it('masks a token', () => {
    const masked: string[] = []
    createSession({ ...base, auth: { kind: 'token', token: 'tok-1' } }, { mask: (s) => masked.push(s), debug: () => undefined })
    expect(new Set(masked)).toEqual(new Set(['tok-1']))
  })

  it('maskSecretInputs skips empty values and trims', () => {
    const masked: string[] = []
    maskSecretInputs(['', undefined, ' pw '], (s) => masked.push(s))
    expect(masked).toEqual(['pw'])
  })
})
