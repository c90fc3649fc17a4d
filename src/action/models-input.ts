/** The `models` input: a YAML or JSON list of files to upload or existing versions to reuse. */
import { accessSync, constants as fsConstants, statSync } from 'node:fs'
import type { ModelSpec } from './settings.js'
import { checkName } from './names.js'
import { isRecord, readStructuredText, resolvePath } from './structured-text.js'
import { Inputs } from './constants.js'

/** `conversion.framework` values the SDK knows (§6.1). */
export const FRAMEWORKS = [
  'onnx', 'tensorflow', 'python', 'keras', 'pytorch', 'sklearn', 'xgboost', 'custom', 'mlflow', 'vllm',
  ...[
    'automatic-speech-recognition', 'feature-extraction', 'image-classification', 'image-segmentation', 'image-to-text',
    'object-detection', 'question-answering', 'sentiment-analysis', 'stable-diffusion-text-2-img', 'summarization',
    'text-classification', 'text-generation', 'translation', 'zero-shot-classification', 'zero-shot-image-classification',
    'zero-shot-object-detection'
  ].map((task) => `hugging-face-${task}`)
]
/** Architectures an engine or model can target (§8.2). */
export const ARCHES = ['x86', 'arm', 'power10']
/** Accelerators the action accepts by name (§8.2). */
export const ACCELS = ['none', 'cuda', 'jetson', 'openvino']

const FILE_KEYS = ['name', 'path', 'framework', 'arch', 'accel']
const EXISTING_KEYS = ['name', 'version', 'sha']
const SHA256 = /^[0-9a-f]{64}$/

/** Result of parsing: the specs and every problem found (each a full sentence naming the input). */
export interface ParsedModels {
  models: ModelSpec[]
  problems: string[]
}

/** Parses the `models` input text; file paths are resolved against `cwd` and checked readable. */
export function parseModelsInput(text: string, cwd: string): ParsedModels {
  const input = Inputs.Models
  const problems: string[] = []
  let value: unknown
  try {
    value = readStructuredText(text, cwd).value
  } catch (e) {
    return { models: [], problems: [`Input '${input}' cannot be read: ${(e as Error).message}.`] }
  }
  if (!Array.isArray(value)) {
    const hint = isRecord(value) ? " Start each item with '- ', e.g. '- name: ccfraud' then '  path: models/ccfraud.onnx'." : ''
    return { models: [], problems: [`Input '${input}' must be a YAML or JSON list of models.${hint}`] }
  }
  if (value.length === 0) return { models: [], problems: [`Input '${input}' is an empty list; name at least one model or leave the input out.`] }

  const models: ModelSpec[] = []
  const seen = new Set<string>()
  value.forEach((item, index) => {
    const at = `Input '${input}' item ${index + 1}`
    if (!isRecord(item)) {
      problems.push(`${at} must be a mapping with 'name' and either 'path' or 'version' + 'sha'.`)
      return
    }
    const name = item.name
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push(`${at} has no 'name'; give the model's name in Wallaroo, e.g. 'name: ccfraud'.`)
      return
    }
    const nameError = checkName(`${input}' item ${index + 1} 'name`, name, 'model')
    if (nameError) problems.push(nameError)
    if (seen.has(name)) problems.push(`${at} repeats the model name "${name}"; each model may appear once.`)
    seen.add(name)

    const hasPath = item.path !== undefined
    const hasExisting = item.version !== undefined || item.sha !== undefined
    if (hasPath && hasExisting) {
      problems.push(`${at} ("${name}") has both 'path' and 'version'/'sha'; give 'path' to upload a file, or 'version' + 'sha' to use an existing version.`)
      return
    }
    if (!hasPath && !hasExisting) {
      problems.push(`${at} ("${name}") needs 'path' (a model file to upload) or 'version' + 'sha' (an existing model version).`)
      return
    }
    const allowed = hasPath ? FILE_KEYS : EXISTING_KEYS
    const unknown = Object.keys(item).filter((k) => !allowed.includes(k))
    if (unknown.length > 0) {
      problems.push(`${at} ("${name}") has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; allowed with '${hasPath ? 'path' : 'version'}': ${allowed.join(', ')}.`)
    }
    if (hasPath) {
      const spec = parseFileItem(item, name, at, cwd, problems)
      if (spec) models.push(spec)
    } else {
      const { version, sha } = item
      if (typeof version !== 'string' || version.trim() === '') {
        problems.push(`${at} ("${name}") needs 'version': the model version's UUID (file_info.version), e.g. 'version: 1d7191d4-5996-4750-b209-3a3a757bd4dd'.`)
      }
      if (typeof sha !== 'string' || !SHA256.test(sha)) {
        problems.push(`${at} ("${name}") needs 'sha': the file's SHA-256 as 64 lowercase hex digits (shown by 'sha256sum <file>').`)
      }
      if (typeof version === 'string' && typeof sha === 'string') models.push({ kind: 'existing', name, version: version.trim(), sha })
    }
  })
  return { models, problems }
}

function parseFileItem(item: Record<string, unknown>, name: string, at: string, cwd: string, problems: string[]): ModelSpec | undefined {
  const { path, framework = 'onnx', arch, accel } = item
  let ok = true
  if (typeof path !== 'string' || path.trim() === '') {
    problems.push(`${at} ("${name}") has an empty 'path'; give the model file's path relative to the repository root.`)
    return undefined
  }
  const abs = resolvePath(path.trim(), cwd)
  try {
    if (!statSync(abs).isFile()) throw new Error('not a regular file')
    accessSync(abs, fsConstants.R_OK)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${(e as Error).message})`
    problems.push(`${at} ("${name}") 'path' ${abs} ${why}; paths are relative to the workspace directory ${cwd} (check out the repository first, e.g. actions/checkout).`)
    ok = false
  }
  if (typeof framework !== 'string' || !FRAMEWORKS.includes(framework)) {
    problems.push(`${at} ("${name}") has 'framework' ${JSON.stringify(framework)}; use one of ${FRAMEWORKS.slice(0, 10).join(', ')} or hugging-face-<task>.`)
    ok = false
  }
  if (arch !== undefined && (typeof arch !== 'string' || !ARCHES.includes(arch))) {
    problems.push(`${at} ("${name}") has 'arch' ${JSON.stringify(arch)}; use one of ${ARCHES.join(', ')}.`)
    ok = false
  }
  if (accel !== undefined && (typeof accel !== 'string' || !ACCELS.includes(accel))) {
    problems.push(`${at} ("${name}") has 'accel' ${JSON.stringify(accel)}; use one of ${ACCELS.join(', ')}.`)
    ok = false
  }
  if (!ok) return undefined
  return {
    kind: 'file',
    name,
    path: abs,
    framework: framework as string,
    ...(arch !== undefined ? { arch: arch as string } : {}),
    ...(accel !== undefined ? { accel: accel as string } : {})
  }
}
