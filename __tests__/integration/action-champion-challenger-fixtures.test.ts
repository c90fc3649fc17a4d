/**
 * Champion and challenger with the tutorials' real models from ../shared/fixtures (read in place, never copied):
 * ccfraud.onnx (output dense_1) as champion, xgboost_ccfraud.onnx (output variable) as challenger. compare-with-live
 * reports the deviation the tutorials recorded on the smoke row (0.0014974177 against 0.0005066991); a shadow deploy
 * over the 1,001-row file answers with ccfraud and reports, for the paired outputs dense_1 ↔ variable, exactly the
 * deviation and class changes the test computes from the deployment's own answers.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from '@jest/globals'
import { runAction } from '../helpers/action-process.js'
import { expectSuccess, signedInInputs, useActionTestbed } from '../helpers/action-testbed.js'
import { WallarooSession } from '../helpers/wallaroo-session.js'

const fixtures = path.resolve(process.cwd(), '../shared/fixtures')
const present = ['ccfraud.onnx', 'xgboost_ccfraud.onnx', 'smoke_test.df.json', 'cc_data_1k.df.json'].every((f) => existsSync(path.join(fixtures, f)))
const d = present ? describe : describe.skip
const title = present
  ? 'champion ccfraud and challenger xgboost_ccfraud from ../shared/fixtures'
  : 'champion ccfraud and challenger xgboost_ccfraud from ../shared/fixtures (skipped: ../shared/fixtures or one of its files is absent)'

const WORKSPACE = 'fixtures-champion'
const CHALLENGER = 'ccfraud-xgb'
/** The tutorials' recorded answers to smoke_test.df.json. */
const CCFRAUD_SMOKE = 0.0014974177
const XGB_SMOKE = 0.0005066991

const fixture = (name: string): string => path.join(fixtures, name)

d(title, () => {
  const bed = useActionTestbed(['--profile', '2025.2', '--start-seconds', '0.3', '--convert-seconds', '0.2'], 1)
  const inputs = (pipeline: string, extra: Record<string, string> = {}): Record<string, string> =>
    signedInInputs(bed.url, WORKSPACE, {
      pipeline,
      models: `- name: ccfraud\n  path: ${fixture('ccfraud.onnx')}\n`,
      'smoke-input': fixture('smoke_test.df.json'),
      timeout: '90s',
      ...extra
    })
  const xgb = `- name: ${CHALLENGER}\n  path: ${fixture('xgboost_ccfraud.onnx')}\n`

  it('compare-with-live: ccfraud live, xgboost new: the deviation the tutorials recorded on the smoke row', async () => {
    expectSuccess(await runAction(inputs('fixtures-cwl'), { cwd: bed.ws.dir }))
    const run = await runAction(inputs('fixtures-cwl', { models: xgb, 'compare-with-live': 'true' }), { cwd: bed.ws.dir })
    expectSuccess(run)
    expect(Number(run.outputs['live-max-deviation'])).toBeCloseTo(CCFRAUD_SMOKE - XGB_SMOKE, 8)
    expect(run.outputs['live-changed-rows']).toBe('1')
    expect(run.summary).toContain('<code>dense_1 ↔ variable</code>')
  }, 120_000)

  describe('a shadow deploy over the 1,001-row file', () => {
    let run: Awaited<ReturnType<typeof runAction>>
    beforeAll(async () => {
      expectSuccess(await runAction(inputs('fixtures-shadow'), { cwd: bed.ws.dir }))
      run = await runAction(
        inputs('fixtures-shadow', { strategy: 'shadow', models: xgb, 'compare-input': fixture('cc_data_1k.df.json'), 'decision-threshold': '0.5' }),
        { cwd: bed.ws.dir }
      )
    }, 180_000)

    it("answers the smoke row with ccfraud's recorded score and carries xgboost's beside it", () => {
      expectSuccess(run)
      const [record] = JSON.parse(run.outputs['smoke-output']) as Array<Record<string, any>>
      expect(record.out.dense_1[0]).toBeCloseTo(CCFRAUD_SMOKE, 8)
      expect(record[`out_${CHALLENGER}`].variable[0]).toBeCloseTo(XGB_SMOKE, 8)
    })

    it('reports the largest deviation and the rows changing class that the answers themselves show', async () => {
      const session = new WallarooSession(bed.url)
      await session.login()
      const { readFile } = await import('node:fs/promises')
      const res = await session.infer(run.outputs['inference-url'], await readFile(fixture('cc_data_1k.df.json')), 'application/json; format=pandas-records')
      expect(res.status).toBe(200)
      const records = res.json as Array<Record<string, any>>
      expect(records).toHaveLength(1001)
      const pairs = records.map((r) => [r.out.dense_1[0] as number, r[`out_${CHALLENGER}`].variable[0] as number])
      const maxDeviation = Math.max(...pairs.map(([a, b]) => Math.abs(a - b)))
      const changedClass = pairs.filter(([a, b]) => a >= 0.5 !== b >= 0.5).length
      expect(Number(run.outputs['live-max-deviation'])).toBeCloseTo(maxDeviation, 8)
      expect(Number(run.outputs['live-changed-rows'])).toBe(changedClass)
      expect(run.summary).toContain(`| <code>dense_1 ↔ variable</code> | 1001 |`)
      expect(run.summary).toContain(`${changedClass} of 1001 row(s) changed class`)
    })
  })
})
