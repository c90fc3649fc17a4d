/**
 * Signing in, through `node dist/index.js` against the emulator: a wrong password, the confidential
 * `api-client` (client-secret), a ready-made token, and that none of these secrets reach the log.
 */
import { describe, expect, it } from '@jest/globals'
import { emulatorState, errorMessages, findJwts, findLeaks, maskedValues, runAction, type ActionRun } from '../helpers/action-process.js'
import { demoModelsInput, entities, expectSuccess, useActionTestbed } from '../helpers/action-testbed.js'
import { TEST_CREDENTIALS, WallarooSession } from '../helpers/wallaroo-session.js'

const WORKSPACE = 'auth-test'

const bed = useActionTestbed(['--convert-seconds', '0.1'])

/** upload-model: a quick operation that needs a signed-in user. */
function uploadInputs(auth: Record<string, string>): Record<string, string> {
  return {
    operation: 'upload-model',
    url: bed.url,
    workspace: WORKSPACE,
    models: demoModelsInput(bed.ws),
    'poll-interval': '100ms',
    ...auth
  }
}

/** Every JWT in the run's log, summary and outputs that was not announced with ::add-mask:: first. */
function unmaskedJwts(run: ActionRun): string[] {
  const masked = new Set(maskedValues(run.stdout))
  const all = [run.stdout, run.stderr, run.summary, ...Object.values(run.outputs)].flatMap(findJwts)
  return all.filter((jwt) => !masked.has(jwt))
}

describe('authentication', () => {
  it('a wrong password fails with a clear message, changes nothing and is not printed', async () => {
    const wrong = 'not-the-password-4711'
    const before = entities(await emulatorState(bed.url))
    const run = await runAction(uploadInputs({ username: TEST_CREDENTIALS.user, password: wrong }), { cwd: bed.ws.dir })
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
    const message = errorMessages(run.stdout).join('\n')
    expect(message).toMatch(/'password'/)
    expect(message).toMatch(/'username'/)
    expect(message).toMatch(/invalid|refused|rejected|wrong/i)
    // One piece of advice, naming the action's inputs (not the client's generic words as well).
    expect(message.match(/check /g)).toHaveLength(1)
    // Reported as signing in (not as the first call that needed a token), in one titled annotation.
    expect(message).toMatch(/^upload-model failed while signing in at http:\/\/127\.0\.0\.1:\d+: /)
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([
      expect.stringMatching(/^::error title=Wallaroo upload-model%3A invalid-input::/)
    ])
    expect(run.outputs.outcome).toBe('invalid-input')
    expect(entities(await emulatorState(bed.url))).toEqual(before)
    expect(findLeaks(run, [wrong])).toEqual([])
    expect(maskedValues(run.stdout)).toContain(wrong)
  })

  it('username + password with client-secret signs in through api-client', async () => {
    const run = await runAction(
      uploadInputs({ username: TEST_CREDENTIALS.user, password: TEST_CREDENTIALS.password, 'client-secret': TEST_CREDENTIALS.clientSecret }),
      { cwd: bed.ws.dir }
    )
    expectSuccess(run)
    const state = await emulatorState(bed.url)
    expect(run.outputs['workspace-id']).toBe(String(state.workspaces.find((w: { name: string }) => w.name === WORKSPACE).id))
    expect(findLeaks(run, [TEST_CREDENTIALS.password, TEST_CREDENTIALS.clientSecret])).toEqual([])
    expect(maskedValues(run.stdout)).toEqual(expect.arrayContaining([TEST_CREDENTIALS.password, TEST_CREDENTIALS.clientSecret]))
    expect(unmaskedJwts(run)).toEqual([])
  })

  it("a wrong client-secret names 'client-secret'", async () => {
    const run = await runAction(uploadInputs({ username: TEST_CREDENTIALS.user, password: TEST_CREDENTIALS.password, 'client-secret': 'wrong-secret-0815' }), {
      cwd: bed.ws.dir
    })
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
    expect(errorMessages(run.stdout).join('\n')).toMatch(/'client-secret'/)
    expect(findLeaks(run, ['wrong-secret-0815', TEST_CREDENTIALS.password])).toEqual([])
  })

  it('a token input is used as is, and appears only in ::add-mask::', async () => {
    const session = new WallarooSession(bed.url)
    const token = await session.login()
    const run = await runAction(uploadInputs({ token }), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(maskedValues(run.stdout)).toContain(token)
    expect(findLeaks(run, [token])).toEqual([])
    expect(unmaskedJwts(run)).toEqual([])
  })

  it('a rejected token input fails with a message naming the token input', async () => {
    const run = await runAction(uploadInputs({ token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LXNpZ25lZA' }), { cwd: bed.ws.dir })
    expect({ code: run.code, timedOut: run.timedOut }).toEqual({ code: 1, timedOut: false })
    expect(errorMessages(run.stdout).join('\n')).toMatch(/'token'/)
    expect(findLeaks(run, ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.bm90LXNpZ25lZA'])).toEqual([])
  })
})
