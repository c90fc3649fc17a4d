/**
 * What a failed deploy leaves behind, per `on-failure`, against the in-memory fake: rollback to the version Running
 * before (and its own smoke check), undeploy when nothing ran before, keep; the concurrency guard; dry runs that
 * cannot write; ephemeral names.
 */
import { describe, expect, it } from '@jest/globals'
import { readOnly } from '../../src/action/dry-run.js'
import { ephemeralPipelineName } from '../../src/action/inputs/ephemeral.js'
import { ActionFailure, PhaseError } from '../../src/action/errors.js'
import { finalOutcome, failureOutcome } from '../../src/action/report/outcome.js'
import { FakeWallaroo, status } from './action-fake-api.js'
import { deploySettings, runOp, useModelFiles } from '../helpers/fake-operations.js'

const files = useModelFiles('policy-')
const wrongGoldens = { path: 'goldens.json', rows: [{ dense_1: [0.5] }] }

describe('on-failure after a golden mismatch', () => {
  it('rollback redeploys the version Running before, checks it, and records rolled-back-to', async () => {
    const api = new FakeWallaroo()
    const first = await runOp(api, deploySettings(files.modelA))
    expect(first.error).toBeUndefined()
    const before = api.pipelines[0].deployment!.versionId
    const { error, record } = await runOp(api, deploySettings(files.modelB, { expectedOutput: wrongGoldens }))
    expect(error).toBeInstanceOf(PhaseError)
    expect(record.previous).toMatchObject({ versionId: before, version: api.pipelines[0].versions[0].uuid })
    expect(record.cleanup).toEqual([
      expect.objectContaining({
        action: 'rollback',
        result: 'done',
        where: 'main',
        rolledBackTo: { version: api.pipelines[0].versions[0].uuid, versionId: before }
      })
    ])
    expect(record.cleanup[0].detail).toMatch(
      /^rolled back to pipeline version \d+ \([0-9a-f-]+\): Running again after \d+(ms|s); its smoke inference answered 1 record\(s\) \(golden check failed, as expected if the goldens were recorded for the new version\)$/
    )
    expect(api.pipelines[0].deployment).toMatchObject({ deployed: true, versionId: before })
    expect(finalOutcome({ ...record, error: 'x' })).toBe('rolled-back')
    // The run's own version stays named in the record (pipeline-version output).
    expect(record.pipeline?.versionId).not.toBe(before)
  })

  it('with nothing Running before, rollback undeploys', async () => {
    const api = new FakeWallaroo()
    const { record } = await runOp(api, deploySettings(files.modelA, { expectedOutput: wrongGoldens }))
    expect(record.previous).toBeUndefined()
    expect(record.cleanup[0]).toMatchObject({ action: 'rollback', result: 'done' })
    expect(record.cleanup[0].detail).toMatch(/^nothing was Running before this run, so rolling back means undeploying: deployment ccfraud-\d+ is undeployed$/)
    expect(api.pipelines[0].deployment?.deployed).toBe(false)
    expect(record.deployment?.status).toBe('NotDeployed')
  })

  it('undeploy takes it down even when a version ran before; keep leaves it', async () => {
    const api = new FakeWallaroo()
    await runOp(api, deploySettings(files.modelA))
    const undeployed = await runOp(api, deploySettings(files.modelB, { expectedOutput: wrongGoldens, onFailure: 'undeploy' }))
    expect(undeployed.record.cleanup[0]).toMatchObject({ action: 'undeploy', result: 'done' })
    expect(api.pipelines[0].deployment?.deployed).toBe(false)
    const failed = failureOutcome(undeployed.error, undeployed.record, false)
    expect(failed).toBe('smoke-failed')
    expect(finalOutcome({ ...undeployed.record, error: 'x', failureOutcome: failed })).toBe('smoke-failed')

    const kept = await runOp(new FakeWallaroo(), deploySettings(files.modelA, { expectedOutput: wrongGoldens, onFailure: 'keep' }))
    expect(kept.record.cleanup[0]).toMatchObject({ action: 'keep', result: 'skipped' })
    expect(kept.record.deployment?.status).toBe('Running')
  })

  it('a rollback that fails leaves the outcome cleanup-failed and says the deployment may still be live', async () => {
    const api = new FakeWallaroo()
    await runOp(api, deploySettings(files.modelA))
    const deploy = api.deployPipeline.bind(api)
    let calls = 0
    api.deployPipeline = async (req) => {
      if (++calls === 2) throw new ActionFailure('the server refused the rollback')
      return deploy(req)
    }
    const { record } = await runOp(api, deploySettings(files.modelB, { expectedOutput: wrongGoldens }))
    expect(record.cleanup[0]).toMatchObject({ action: 'rollback', result: 'failed' })
    expect(record.cleanup[0].detail).toBe("it failed, so this run's deployment may still be live: the server refused the rollback")
    expect(finalOutcome({ ...record, error: 'x' })).toBe('cleanup-failed')
  })

  it('an upload failure happens before anything is deployed, so no policy acts', async () => {
    const api = new FakeWallaroo({ conversionError: 'Not a valid ZIP file.' })
    const { error, record } = await runOp(api, deploySettings(files.modelA))
    expect(record.cleanup).toEqual([])
    expect(failureOutcome(error, record, false)).toBe('upload-failed')
  })
})

describe('the concurrency guard', () => {
  it("waits while another run's rollout is Starting, saying so every poll, then deploys", async () => {
    const api = new FakeWallaroo()
    await runOp(api, deploySettings(files.modelA))
    // Another run's version is Starting: the status names a version this run did not make.
    const script = [status('Starting'), status('Starting'), status('Starting'), status('Running'), status('Starting'), status('Running')]
    let poll = 0
    const real = api.getDeployment.bind(api)
    api.getDeployment = async (name) => {
      const s = await real(name)
      const scripted = script[Math.min(poll++, script.length - 1)]
      return s && poll <= 4
        ? {
            ...scripted,
            engines: scripted.engines.map((e) => ({
              ...e,
              pipeline_statuses: { pipelines: [{ id: 'ccfraud', status: scripted.status, version: 'another-runs-version' }] }
            }))
          }
        : s
    }
    const { error, lines } = await runOp(api, deploySettings(files.modelB))
    expect(error).toBeUndefined()
    const guardLines = lines.filter((l) => l.includes('Concurrency guard'))
    expect(guardLines).toHaveLength(2)
    expect(guardLines[0]).toMatch(/Starting a rollout of version another-runs-version \(another run's\), still waiting \(poll 1\)/)
    expect(lines.some((l) => l.startsWith('WARN Deployment ccfraud-') && l.includes('waiting for it to settle before deploying'))).toBe(true)
    expect(lines.findIndex((l) => l.includes('Concurrency guard'))).toBeLessThan(lines.findIndex((l) => /Deployment ccfraud-\d+ \(id \d+\) requested/.test(l)))
  })
})

describe('dry-run and ephemeral names', () => {
  it('a read-only API refuses every write without sending it', async () => {
    const api = new FakeWallaroo()
    const ro = readOnly(api)
    await expect(ro.createWorkspace('x')).rejects.toThrow(
      'internal: the dry run tried to call createWorkspace, which would change the server; nothing was sent'
    )
    await expect(ro.deployPipeline({ deploy_id: 'x' })).rejects.toThrow('deployPipeline')
    await ro.listWorkspaces()
    expect(api.methods()).toEqual(['listWorkspaces'])
  })

  it.each([
    ['ccfraud', { prNumber: 12, sha: 'abcdef0123456' }, 'ccfraud-pr-12'],
    ['ccfraud', { sha: 'ABCDEF0123456' }, 'ccfraud-abcdef0'],
    ['CCFraud', { prNumber: 3 }, 'ccfraud-pr-3'],
    ['a'.repeat(60) + '-b', { prNumber: 12345 }, 'a'.repeat(54) + '-pr-12345'],
    ['abc-' + 'x'.repeat(50) + '-yy', { prNumber: 1 }, 'abc-' + 'x'.repeat(50) + '-yy-pr-1'],
    ['Fraud_Model.v2', { prNumber: 9 }, 'fraud-model-v2-pr-9']
  ])('%s with %j is %s: DNS-safe, at most 63 characters, no trailing -', (base, gh, name) => {
    const got = ephemeralPipelineName(base, gh)
    expect(got).toEqual({ name })
    expect((got as { name: string }).name.length).toBeLessThanOrEqual(63)
  })

  it('cuts before a trailing - so the name never has one', () => {
    // Cut to 58 characters, the base would end in '-'.
    const base = 'a'.repeat(57) + '-bcdef'
    expect(ephemeralPipelineName(base, { prNumber: 1 })).toEqual({ name: 'a'.repeat(57) + '-pr-1' })
  })
})
