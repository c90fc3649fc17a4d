/**
 * Keeps the contract suite honest: every recorded scenario in ../shared/wallaroo-api-samples
 * is either replayed by samples-2023/samples-2025 or listed as a known difference; every
 * known difference points at a real place in a recording; docs/emulator.md lists them all.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it, expect } from '@jest/globals'
import { KNOWN_DIFFERENCES } from './known-differences.js'
import { samplesDir, samplesPresent, recording } from './harness.js'
import { PROJECT_ROOT } from '../helpers/emulator-process.js'

/** Scenarios (top-level keys) each contract test file replays, per sample file. */
const REPLAYED: Record<string, string[]> = {
  'admin_get_pipeline_external_url.json': ['response', 'response_2026'],
  'auth_token.json': [
    'password_grant',
    'refresh_grant',
    'client_credentials_grant',
    'sdk_client_password_grant_as_used_by_sdk',
    'decoded_access_token_claims_sdk_client_2023',
    'decoded_access_token_claims_sdk_client_2026'
  ],
  'inference_errors.json': ['400', '401', '404', '503'],
  'inference_pandas_records.json': ['nested_2023_12', 'nested_2025_anomaly', 'flattened_2024_07', 'arrow'],
  'mlops_errors.json': ['recorded_400_upload_sdk_rendering'],
  'models_config.json': ['get_config_by_id', 'insert_model_config'],
  'models_get_version_by_id.json': ['response'],
  'models_list.json': ['response_2025_2_one_entry', 'ready_version_with_arch_accel', 'response_2023_05_shape'],
  'models_list_versions.json': ['response', 'older_recording_2023_05'],
  'models_upload_and_convert.json': ['response', 'pytorch_variant', 'custom_byop_variant'],
  'models_upload_legacy.json': ['upload', 'get_by_id', 'upload_stream_2023'],
  'pipelines_copy.json': ['response', 'curl_variant'],
  'pipelines_create.json': ['empty', 'with_model_step'],
  'pipelines_deploy.json': ['with_models', 'with_model_ids', 'with_engine_config_nested', 'sdk_2025_body_shape'],
  'pipelines_undeploy.json': ['response_2023_curl', 'response_2026_requests', 'sdk_body'],
  'status_get_deployment.json': ['running_2023', 'running_2026', 'starting_containerized_2025_12', 'sdk_unit_test_fixtures_NOT_recorded', 'not_deployed'],
  'workspaces_create.json': ['response', 'other_recorded'],
  'workspaces_list.json': ['response'],
  'workspaces_users.json': ['add_user', 'list_users', 'remove_user']
}

/** Keys that describe a recording (provenance, prose, the request sent) rather than being an answer to compare. */
const DESCRIPTIVE = new Set([
  'source',
  'note',
  'schema',
  'required',
  'observed',
  'request',
  'meaning_of_id',
  'response_status',
  'ready_status_seen',
  'other_error_summaries_seen',
  'response_2023_source',
  'response_2026_source'
])

const docsPath = path.join(PROJECT_ROOT, 'docs', 'emulator.md')

const d = samplesPresent ? describe : describe.skip
const title = samplesPresent
  ? 'contract coverage of ../shared/wallaroo-api-samples'
  : 'contract coverage of ../shared/wallaroo-api-samples (skipped: ../shared absent)'

d(title, () => {
  it('replays or lists as a known difference every scenario of every recorded sample file', () => {
    const files = readdirSync(samplesDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
    expect(files).toEqual(Object.keys(REPLAYED).sort())
    const uncovered: string[] = []
    for (const file of files) {
      const doc = JSON.parse(readFileSync(path.join(samplesDir, file), 'utf8')) as Record<string, unknown>
      for (const key of Object.keys(doc)) {
        if (DESCRIPTIVE.has(key)) continue
        if (REPLAYED[file].includes(key) || `${file}#/${key}` in KNOWN_DIFFERENCES) continue
        uncovered.push(`${file}#/${key}`)
      }
    }
    expect(uncovered).toEqual([])
  })

  it('points every known difference at a place in its recording (or a key the emulator adds to one)', () => {
    const dangling = Object.keys(KNOWN_DIFFERENCES).filter((key) => {
      const [file, pointer] = key.split('#')
      // A key the emulator adds is not in the recording, but the object it is added to is.
      const parent = pointer.slice(0, pointer.lastIndexOf('/'))
      try {
        recording(file, parent)
        return false
      } catch {
        return true
      }
    })
    expect(dangling).toEqual([])
  })
})

describe('docs/emulator.md', () => {
  it('lists every known difference of the contract tests', () => {
    expect(existsSync(docsPath)).toBe(true)
    const docs = readFileSync(docsPath, 'utf8')
    const missing = Object.keys(KNOWN_DIFFERENCES).filter((key) => !docs.includes(`\`${key}\``))
    expect(missing).toEqual([])
  })
})
