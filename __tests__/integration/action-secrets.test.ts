/**
 * Secrets stay out of everything the action writes, even when the server echoes them: through `node dist/index.js`
 * against an emulator whose password and client secret are full of <>&"'% and whose fault rules answer with
 * bodies quoting the password (raw, HTML-escaped, URL-encoded, JSON-escaped), the Basic credential and the token
 * (whole, and cut inside its payload as a truncated server text is). Every form is looked for in every log line,
 * output, the saved state and the job summary; only the runner's `::add-mask::` lines may carry one.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { errorMessages, findLeaks, makeDemoWorkspace, runAction, runPostStep, type ActionRun, type DemoWorkspace } from '../helpers/action-process.js'
import { addFault, clearFaults, demoModelsInput, expectSuccess } from '../helpers/action-testbed.js'
import { startEmulatorProcess, type EmulatorProcess } from '../helpers/emulator-process.js'
import { credentialArgs, TOKEN_PATH, type TestCredentials } from '../helpers/wallaroo-session.js'

const CREDS: TestCredentials = {
  user: 'ci-secrets@example.com',
  password: `pa<ss>&wo"rd'%41%%<script>`,
  clientSecret: `cl&ient<se>cr"et'%2F%`
}
const WORKSPACE = 'secrets-test'

let emulator: EmulatorProcess
let ws: DemoWorkspace

beforeAll(async () => {
  emulator = await startEmulatorProcess(['--start-seconds', '0.2', '--convert-seconds', '0.1', ...credentialArgs(CREDS)])
  ws = await makeDemoWorkspace(1)
}, 60_000)
afterAll(async () => {
  await emulator?.stop()
  await ws?.cleanup()
})

/** The forms a server (or the summary's escaping) could put a secret in. */
function forms(secret: string): string[] {
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
  const summaryQuote = secret.replace(/[&<>|`*~]/g, (c) => `&#${c.charCodeAt(0)};`)
  return [secret, html, summaryQuote, encodeURIComponent(secret), new URLSearchParams({ x: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)]
}

/** The Basic credential as RFC 6749 §2.3.1 builds it (id and secret form-encoded first). */
const basic = Buffer.from(`api-client:${encodeURIComponent(CREDS.clientSecret)}`).toString('base64')

/** A token for CREDS from the emulator's Keycloak (confidential client, as the action signs in with client-secret). */
async function token(): Promise<string> {
  const res = await fetch(emulator.url + TOKEN_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'password', username: CREDS.user, password: CREDS.password })
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

function passwordInputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    url: emulator.url,
    username: CREDS.user,
    password: CREDS.password,
    'client-secret': CREDS.clientSecret,
    workspace: WORKSPACE,
    'poll-interval': '100ms',
    timeout: '30s',
    ...extra
  }
}

function expectNoLeaks(run: ActionRun, secrets: string[]): void {
  expect(findLeaks(run, secrets)).toEqual([])
  // The text around the secrets is still there: the scrubbing removed the secret, not the message.
  expect(run.stdout).toContain('::add-mask::')
}

describe('a server error body that quotes the credentials', () => {
  afterAll(() => clearFaults(emulator.url))

  it('password, client secret and Basic credential in every encoding are removed from message, log, outputs, state and summary', async () => {
    const quoted = [
      `raw ${CREDS.password}`,
      `html ${forms(CREDS.password)[1]}`,
      `url ${encodeURIComponent(CREDS.password)}`,
      `json {"given": ${JSON.stringify(CREDS.password)}}`,
      `secret ${CREDS.clientSecret} / ${forms(CREDS.clientSecret)[1]}`,
      `header Basic ${basic}`
    ].join('; ')
    await addFault(emulator.url, { route: '/v1/api/workspaces/list', status: 400, body: { msg: `refused: ${quoted}`, code: 400 }, count: 1 })
    const run = await runAction(passwordInputs({ operation: 'status', pipeline: 'any-pipe' }), { cwd: ws.dir })
    expect(run.code).toBe(1)
    const message = errorMessages(run.stdout).join('\n')
    // The server's words are kept around the removed secrets, so the failure still explains itself.
    expect(message).toContain(
      'HTTP 400 from /v1/api/workspaces/list: refused: raw ***; html ***; url ***; json {"given": "***"}; secret *** / ***; header Basic ***'
    )
    // The summary shows the removed secret as *** too (escaped, so markdown does not read it as emphasis).
    expect(run.summary).toContain('refused: raw &#42;&#42;&#42;')
    expectNoLeaks(run, [...forms(CREDS.password), ...forms(CREDS.clientSecret), basic])
  })

  it('a token quoted whole, and cut inside its payload by the 500-character limit, is removed too', async () => {
    const t = await token()
    const [header, payload] = t.split('.')
    // The server text is cut at 500 characters: put the cut 40 characters into the payload.
    const pad = 'x'.repeat(500 - '... '.length - header.length - 1 - 40)
    await addFault(emulator.url, { route: '/v1/api/workspaces/list', status: 400, body: { msg: `... ${pad}${t}`, code: 400 }, count: 1 })
    const run = await runAction({ url: emulator.url, token: t, workspace: WORKSPACE, operation: 'status', pipeline: 'any-pipe' }, { cwd: ws.dir })
    expect(run.code).toBe(1)
    expect(errorMessages(run.stdout).join('\n')).toMatch(/HTTP 400 from \/v1\/api\/workspaces\/list: \.\.\. x+\*\*\*/)
    expectNoLeaks(run, [t, header, payload.slice(0, 40), t.slice(0, 60)])
  })
})

describe('a successful deploy whose answers echo the secrets', () => {
  it('keeps them out of smoke-output, the saved state and the summary, in main and post', async () => {
    // Another session's token: not one the action knows, but shaped like a credential.
    const t = await token()
    const echo = { out: { dense_1: [0.5] }, note: `${CREDS.password} ${t} ${forms(CREDS.password)[1]}` }
    // A 200 fault answer: what the smoke inference "returns".
    await addFault(emulator.url, { route: '/v1/api/pipelines/infer/*', status: 200, body: [echo] })
    try {
      const inputs = passwordInputs({ pipeline: 'echo-pipe', models: demoModelsInput(ws), 'smoke-input': ws.smokeJson, teardown: 'always' })
      const main = await runAction(inputs, { cwd: ws.dir })
      expectSuccess(main)
      expect(main.outputs['smoke-output']).toContain('"note":"*** *** ***"')
      expect(JSON.parse(main.state['wallaroo-run-record']).smoke.records[0].note).toBe('*** *** ***')
      const post = await runPostStep(inputs, main, { cwd: ws.dir })
      expect(post.code).toBe(0)
      const secrets = [...forms(CREDS.password), ...forms(CREDS.clientSecret), basic, t]
      expectNoLeaks(main, secrets)
      expect(findLeaks(post, secrets)).toEqual([])
    } finally {
      await clearFaults(emulator.url)
    }
  }, 60_000)
})
