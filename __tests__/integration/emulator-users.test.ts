/**
 * Users and workspace isolation against a real emulator process: `--users FILE` adds users beside the built-in
 * admin, each signs in with its email; a user who is not an admin sees only its workspaces and is refused the
 * others; membership through add_user/remove_user changes that at once; users/query answers the recorded shape.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { callEmulator, emulatorToken, startEmulatorProcess, uploadToEmulator, type EmulatorProcess } from '../helpers/emulator-process.js'
import { buildDemoModel } from '../../src/model/ccfraud-like.js'
import { compareWithRecording } from '../contract/normalize.js'
import { USERS_QUERY_2024_07, USERS_QUERY_BY_ID_2024_07 } from '../contract/tutorial-recordings.js'

const USERS = `
- email: ana@example.com
  password: ana-password
  admin: false
- {email: boss@example.com, password: boss-password, admin: true}
`

describe('emulator users and workspace isolation (--users)', () => {
  let emu: EmulatorProcess
  let dir: string
  let admin: string
  let ana: string
  let boss: string
  const call = (token: string, path: string, body: unknown) => callEmulator(emu.url, `/v1/api/${path}`, { token, body })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'emu-users-'))
    writeFileSync(join(dir, 'users.yml'), USERS)
    emu = await startEmulatorProcess(['--users', join(dir, 'users.yml'), '--start-seconds', '0.2', '--convert-seconds', '0.1'])
    admin = await emulatorToken(emu.url)
    ana = await emulatorToken(emu.url, 'ana@example.com', 'ana-password')
    boss = await emulatorToken(emu.url, 'boss@example.com', 'boss-password')
  })
  afterAll(async () => {
    await emu?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('signs each user in with its email; a wrong password or an unknown user is refused', async () => {
    const wrong = await callEmulator(emu.url, '/auth/realms/master/protocol/openid-connect/token', {
      raw: new URLSearchParams({ client_id: 'sdk-client', grant_type: 'password', username: 'ana@example.com', password: 'boss-password' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' }
    })
    expect([wrong.status, wrong.json]).toEqual([401, { error: 'invalid_grant', error_description: 'Invalid user credentials' }])
    const claims = JSON.parse(Buffer.from(ana.split('.')[1], 'base64url').toString())
    expect(claims).toMatchObject({
      email: 'ana@example.com',
      preferred_username: 'ana@example.com',
      'https://hasura.io/jwt/claims': { 'x-hasura-default-role': 'user' }
    })
  })

  it('gives every user its default workspace; a user lists only its own, admins list all', async () => {
    const own = await call(ana, 'workspaces/list', {})
    expect(own.json.workspaces.map((w: { name: string }) => w.name)).toEqual(['ana@example.com - Default Workspace'])
    const all = (await call(boss, 'workspaces/list', {})).json.workspaces.map((w: { name: string }) => w.name)
    expect(all).toEqual(
      expect.arrayContaining(['admin@keycloak - Default Workspace', 'ana@example.com - Default Workspace', 'boss@example.com - Default Workspace'])
    )
  })

  it('refuses a user every call naming a workspace it does not belong to, until a member adds it; remove_user takes it away again', async () => {
    const ws = (await call(admin, 'workspaces/create', { workspace_name: 'team-private' })).json.workspace_id as number
    const up = await uploadToEmulator(emu.url, admin, buildDemoModel(), {
      name: 'secret-model',
      visibility: 'private',
      workspace_id: ws,
      conversion: { framework: 'onnx' }
    })
    const versionId = up.json.insert_models.returning[0].models[0].id
    const refused = [
      await call(ana, 'models/list', { workspace_id: ws }),
      await call(ana, 'models/get_version_by_id', { model_version_id: versionId }),
      await call(ana, 'pipelines/create', { pipeline_id: 'sneaky', workspace_id: ws, definition: {} }),
      await call(ana, 'workspaces/list_users', { workspace_id: ws }),
      await call(ana, 'workspaces/add_user', { workspace_id: ws, email: 'ana@example.com' }),
      await uploadToEmulator(emu.url, ana, buildDemoModel(), { name: 'intruder', visibility: 'private', workspace_id: ws, conversion: { framework: 'onnx' } })
    ]
    const notMember = {
      msg:
        "Forbidden: user 'ana@example.com' is not a member of workspace " +
        ws +
        " ('team-private'); ask one of its members or an admin to add you (workspaces/add_user)",
      code: 403
    }
    expect(refused.map((r) => [r.status, r.json])).toEqual(refused.map(() => [403, notMember]))
    expect((await call(ana, 'workspaces/list', {})).json.workspaces.map((w: { id: number }) => w.id)).not.toContain(ws)
    // The name is taken even though she cannot see it, and the answer says how she may get in.
    const taken = await call(ana, 'workspaces/create', { workspace_name: 'team-private' })
    expect(taken.status).toBe(409)
    expect(taken.json.msg).toContain('if it is not listed, you are not a member')

    expect((await call(admin, 'workspaces/add_user', { workspace_id: ws, email: 'ana@example.com' })).status).toBe(200)
    expect((await call(ana, 'models/list', { workspace_id: ws })).status).toBe(200)
    expect((await call(ana, 'workspaces/list', {})).json.workspaces.map((w: { id: number }) => w.id)).toContain(ws)
    const members = (await call(ana, 'workspaces/list_users', { workspace_id: ws })).json.users
    expect(members).toEqual([expect.objectContaining({ user_type: 'OWNER' }), expect.objectContaining({ user_type: 'COLLABORATOR' })])
    // workspaces/list with user_ids keeps the workspaces one of them belongs to.
    const anaId = members[1].user_id
    const hers = (await call(boss, 'workspaces/list', { user_ids: [anaId] })).json.workspaces.map((w: { name: string }) => w.name)
    expect(hers.sort()).toEqual(['ana@example.com - Default Workspace', 'team-private'])

    expect((await call(admin, 'workspaces/remove_user', { workspace_id: ws, email: 'ana@example.com' })).json).toEqual({ affected_rows: 1 })
    expect((await call(ana, 'models/list', { workspace_id: ws })).status).toBe(403)
  })

  it("keeps another user's pipelines, deployments and models out of a user's lists and calls", async () => {
    const ws = (await call(boss, 'workspaces/create', { workspace_name: 'boss-only' })).json.workspace_id as number
    const created = await call(boss, 'pipelines/create', { pipeline_id: 'boss-pipe', workspace_id: ws, definition: {} })
    expect(created.status).toBe(200)
    const mine = (await call(ana, 'pipelines/list_pipelines', {})).json.pipelines.map((p: { pipeline: { pipeline_id: string } }) => p.pipeline.pipeline_id)
    expect(mine).not.toContain('boss-pipe')
    expect((await call(ana, 'pipelines/list_pipelines', { workspace_id: ws })).status).toBe(403)
    expect((await call(ana, 'pipelines/deploy', { deploy_id: 'boss-pipe', pipeline_version_pk_id: created.json.pipeline_variant_pk_id })).status).toBe(403)
    expect((await call(ana, 'pipelines/copy', { name: 'stolen', workspace_id: 2, source_pipeline: created.json.pipeline_pk_id })).status).toBe(403)
    expect((await call(ana, 'admin/get_pipeline_external_url', { workspace_id: ws, pipeline_name: 'boss-pipe' })).status).toBe(403)
  })

  it('answers users/query in the recorded shape: every user by Keycloak id, or the ones asked for', async () => {
    const all = await call(ana, 'users/query', {})
    expect(all.status).toBe(200)
    const byName = Object.fromEntries(Object.values(all.json.users as Record<string, { username: string }>).map((u) => [u.username, u]))
    expect(Object.keys(byName).sort()).toEqual(['admin', 'ana@example.com', 'boss@example.com'])
    const recorded = USERS_QUERY_2024_07.value.users
    const [invited, builtin] = Object.values(recorded) as unknown[]
    // The recorded invited user had never signed in; lastLogin is a time or null.
    expect(compareWithRecording(invited, byName['ana@example.com'], { typeOnly: ['/lastLogin'], skip: ['/lastLogin'] })).toEqual([])
    expect(compareWithRecording(builtin, byName.admin, { skip: ['/emailVerified'] })).toEqual([])
    expect(byName['boss@example.com']).toMatchObject({ realmRoles: ['admin'], email: 'boss@example.com' })
    expect(byName['ana@example.com']).not.toHaveProperty('realmRoles')

    const adminId = (byName.admin as unknown as { id: string }).id
    const one = await call(ana, 'users/query', { user_ids: [adminId] })
    expect(Object.keys(one.json.users)).toEqual([adminId])
    expect(compareWithRecording(Object.values(USERS_QUERY_BY_ID_2024_07.value.users)[0], one.json.users[adminId])).toEqual([])
    expect((await call(ana, 'users/query', { user_ids: [42] })).status).toBe(400)
  })

  it('refuses add_user for someone the emulator does not know, naming who it knows', async () => {
    const r = await call(admin, 'workspaces/add_user', { workspace_id: 1, email: 'ghost@example.com' })
    expect(r.status).toBe(400)
    expect(r.json.msg).toContain("user 'ghost@example.com' not found")
    expect(r.json.msg).toContain("'ana@example.com'")
  })

  it('exits 2 with a message naming the entry when --users is malformed', async () => {
    const bad = join(dir, 'bad.yml')
    writeFileSync(bad, '- {email: not-an-email, password: x}\n')
    await expect(startEmulatorProcess(['--users', bad])).rejects.toThrow(`--users ${bad}: entry 1: 'email' must be an email address`)
  })
})
