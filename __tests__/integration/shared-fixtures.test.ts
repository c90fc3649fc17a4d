/**
 * Runs the real tutorial fixtures from ../shared/fixtures (read in place, never copied)
 * through the emulator: ccfraud.onnx must give the answers the tutorials recorded on the
 * smoke row, the 1k pandas-records file and the 10k Arrow file.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { tableFromIPC, type Table } from 'apache-arrow'
import { startEmulatorProcess } from '../helpers/emulator-process.js'
import { WallarooSession, credentialArgs } from '../helpers/wallaroo-session.js'

const shared = path.resolve(process.cwd(), '../shared')
const fixtures = path.join(shared, 'fixtures')
const present = existsSync(path.join(fixtures, 'ccfraud.onnx'))
const d = present ? describe : describe.skip
const title = present
  ? 'ccfraud fixtures from ../shared/fixtures through the emulator'
  : 'ccfraud fixtures from ../shared/fixtures through the emulator (skipped: ../shared/fixtures absent)'

type Json = Record<string, any>

const PANDAS = 'application/json; format=pandas-records'
const ARROW = 'application/vnd.apache.arrow.file'

/** The first value of `out.<name>` in row `i` of an Arrow answer, whether `out` is a struct column or flattened. */
function arrowOutValue(table: Table, name: string, i: number): number {
  const flat = table.getChild(`out.${name}`)
  const cell = flat ? flat.get(i) : (table.getChild('out')?.get(i) as Json | null)?.[name]
  if (cell === undefined || cell === null) throw new Error(`no out.${name} in the Arrow answer; columns: ${table.schema.fields.map((f) => f.name).join(', ')}`)
  if (typeof cell === 'number') return cell
  return Number((cell as { get(i: number): unknown }).get(0))
}

d(title, () => {
  let stop: () => Promise<void> = async () => {}
  let s: WallarooSession
  let workspaceId = 0

  /** Uploads a fixture model, builds a one-step pipeline, deploys it and returns its inference URL. */
  async function deployFixture(file: string, name: string): Promise<string> {
    const bytes = new Uint8Array(readFileSync(path.join(fixtures, file)))
    const versionId = await s.uploadModel({ name, workspaceId, file: bytes, fileName: file })
    await s.waitForModelReady(versionId)
    const mv = (await s.postOk<Json>('/v1/api/models/get_version_by_id', { model_version_id: versionId })).model_version.model_version
    const pipeline = await s.postOk<Json>('/v1/api/pipelines/create', {
      pipeline_id: `${name}-pipeline`,
      workspace_id: workspaceId,
      definition: { steps: [{ ModelInference: { models: [{ name, version: mv.file_info.version, sha: mv.file_info.sha }] } }] }
    })
    const deployed = await s.postOk<Json>('/v1/api/pipelines/deploy', {
      deploy_id: `${name}-pipeline`,
      pipeline_version_pk_id: pipeline.pipeline_variant_pk_id,
      pipeline_id: pipeline.pipeline_pk_id,
      model_ids: [versionId]
    })
    await s.waitForDeployment(`${name}-pipeline-${deployed.id}`, 'Running')
    const url = await s.postOk<Json>('/v1/api/admin/get_pipeline_external_url', { workspace_id: workspaceId, pipeline_name: `${name}-pipeline` })
    return url.url
  }

  let ccfraudUrl = ''

  beforeAll(async () => {
    const emu = await startEmulatorProcess(['--profile', '2025.2', '--start-seconds', '0.3', '--convert-seconds', '0.2', ...credentialArgs()])
    stop = emu.stop
    s = new WallarooSession(emu.url)
    await s.login()
    workspaceId = (await s.postOk<Json>('/v1/api/workspaces/create', { workspace_name: 'shared-fixtures' })).workspace_id
    ccfraudUrl = await deployFixture('ccfraud.onnx', 'ccfraud')
  })
  afterAll(async () => {
    await stop()
  })

  it('ccfraud.onnx keeps its recorded sha256 bc85ce59…4507 in the model version', async () => {
    const list = await s.postOk<Json>('/v1/api/models/list', { workspace_id: workspaceId })
    const shas = JSON.stringify(list).match(/[0-9a-f]{64}/g)
    expect(shas).toContain('bc85ce596945f876256f41515c7501c399fd97ebcb9ab3dd41bf03f8937b4507')
  })

  it('ccfraud answers 0.0014974177 on smoke_test.df.json', async () => {
    const res = await s.infer(ccfraudUrl, readFileSync(path.join(fixtures, 'smoke_test.df.json'), 'utf8'), PANDAS)
    expect(res.status).toBe(200)
    const records = res.json as Json[]
    expect(records).toHaveLength(1)
    expect(records[0].out.dense_1).toHaveLength(1)
    expect(records[0].out.dense_1[0]).toBeCloseTo(0.0014974177, 9)
    expect(records[0].anomaly).toEqual({ count: 0 })
  })

  it('runs the 1,001 rows of cc_data_1k.df.json; row 0 answers 0.99300325', async () => {
    const res = await s.infer(ccfraudUrl, readFileSync(path.join(fixtures, 'cc_data_1k.df.json'), 'utf8'), PANDAS)
    expect(res.status).toBe(200)
    const records = res.json as Json[]
    expect(records).toHaveLength(1001)
    expect(records[0].out.dense_1[0]).toBeCloseTo(0.99300325, 7)
    for (const rec of records) {
      const score = rec.out.dense_1[0]
      expect(score >= 0 && score <= 1).toBe(true)
    }
  })

  it('runs the 10,254 rows of cc_data_10k.arrow and answers an Arrow IPC file (0.99300325 ×4, then 0.0010916889)', async () => {
    const body = new Uint8Array(readFileSync(path.join(fixtures, 'cc_data_10k.arrow')))
    const res = await s.infer(ccfraudUrl, body, ARROW, { accept: ARROW, headers: { format: 'arrow' } })
    expect(res.status).toBe(200)
    expect(res.contentType).toContain(ARROW)
    const table = tableFromIPC(res.bytes)
    expect(table.numRows).toBe(10254)
    const first = [0, 1, 2, 3, 4].map((i) => arrowOutValue(table, 'dense_1', i))
    for (const v of first.slice(0, 4)) expect(v).toBeCloseTo(0.99300325, 7)
    expect(first[4]).toBeCloseTo(0.0010916889, 9)
  })

  it('xgboost_ccfraud.onnx (input feature_input, output variable) answers 0.0005066991 on the smoke row', async () => {
    const url = await deployFixture('xgboost_ccfraud.onnx', 'xgboost-ccfraud')
    const res = await s.infer(url, readFileSync(path.join(fixtures, 'smoke_test.df.json'), 'utf8'), PANDAS)
    expect(res.status).toBe(200)
    const records = res.json as Json[]
    expect(records[0].out.variable[0]).toBeCloseTo(0.0005066991, 9)
  })
})
