/** The `models` input: a YAML or JSON list of files to upload or existing versions to reuse. */
import { statSync } from 'node:fs'
import { arrow } from '../lazy-parsers.js'
import type { ModelSpec } from '../settings.js'
import { checkName } from './names.js'
import { closestWord } from './closest-word.js'
import { hashFile, onnxSignatureOf } from './model-file.js'
import { isRecord, readStructuredText, resolvePath } from './structured-text.js'
import type { OnnxSignature } from './onnx-signature.js'
import { Inputs } from '../constants.js'
import { problemOf, type Problem } from '../errors.js'

/** `conversion.framework` values the SDK knows (§6.1). */
const FRAMEWORKS = [
  'onnx',
  'tensorflow',
  'python',
  'keras',
  'pytorch',
  'sklearn',
  'xgboost',
  'custom',
  'mlflow',
  'vllm',
  ...[
    'automatic-speech-recognition',
    'feature-extraction',
    'image-classification',
    'image-segmentation',
    'image-to-text',
    'object-detection',
    'question-answering',
    'sentiment-analysis',
    'stable-diffusion-text-2-img',
    'summarization',
    'text-classification',
    'text-generation',
    'translation',
    'zero-shot-classification',
    'zero-shot-image-classification',
    'zero-shot-object-detection'
  ].map((task) => `hugging-face-${task}`)
]
/** Architectures an engine or model can target (§8.2). */
export const ARCHES = ['x86', 'arm', 'power10']
/** Accelerators the action accepts by name (§8.2). */
const ACCELS = ['none', 'cuda', 'jetson', 'openvino']
/** Accelerators tied to one architecture: jetson needs arm, openvino needs x86 (the SDK's compatibility check, §8.2). */
const ACCEL_ARCH: Record<string, string> = { jetson: 'arm', openvino: 'x86' }

/** Frameworks with a native runtime; every other framework needs both schemas at upload (§6.1). */
const NATIVE_FRAMEWORKS = ['onnx', 'tensorflow', 'python']
/** The per-item schema keys, sent at the top level of the upload metadata (§6.1). */
const SCHEMA_KEYS = ['input_schema', 'output_schema'] as const

const FILE_KEYS = ['name', 'path', 'framework', 'arch', 'accel', ...SCHEMA_KEYS]
const EXISTING_KEYS = ['name', 'version', 'sha']
const ID_KEYS = ['name', 'id']
const SHA256 = /^[0-9a-f]{64}$/

/** Result of parsing: the specs and every problem found (each a full sentence naming the input). */
export interface ParsedModels {
  models: ModelSpec[]
  problems: Problem[]
}

/** Parses the `models` input text; files are resolved against `cwd`, hashed and (onnx) read for their signature here, once. */
export function parseModelsInput(text: string, cwd: string): ParsedModels {
  const input = Inputs.Models
  const problems: Problem[] = []
  let value: unknown
  try {
    // An all-digit sha or version is text: YAML would read it as a (rounded) number.
    value = readStructuredText(text, cwd, { verbatim: ['sha', 'version'] }).value
  } catch (e) {
    return { models: [], problems: [problemOf(e, `Input '${input}' cannot be read: ${(e as Error).message}.`)] }
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
      problems.push(`${at} must be a mapping with 'name' and one of 'path', 'version' + 'sha' or 'id'.`)
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

    // Unknown keys first: a mistyped 'paht' would otherwise read as a missing 'path'.
    const known = [...new Set([...FILE_KEYS, ...EXISTING_KEYS, ...ID_KEYS])]
    const unknown = Object.keys(item).filter((k) => !known.includes(k))
    if (unknown.length > 0) {
      const named = unknown.map((k) => {
        const close = closestWord(
          k,
          known.filter((c) => item[c] === undefined)
        )
        return close ? `'${k}' (did you mean '${close}'?)` : `'${k}'`
      })
      problems.push(
        `${at} ("${name}") has unknown key${unknown.length > 1 ? 's' : ''} ${named.join(', ')}; the keys are ${FILE_KEYS.join(', ')} (to upload a file), ${EXISTING_KEYS.join(', ')} or ${ID_KEYS.join(', ')} (an existing version).`
      )
      // The fix is the rename; a "needs 'path'" on top of it would only repeat the mistake.
      if (item.path === undefined && item.version === undefined && item.sha === undefined && item.id === undefined) return
    }
    const hasPath = item.path !== undefined
    const hasExisting = item.version !== undefined || item.sha !== undefined
    const hasId = item.id !== undefined
    const ways = [hasPath && "'path'", hasExisting && "'version'/'sha'", hasId && "'id'"].filter((w): w is string => typeof w === 'string')
    if (ways.length > 1) {
      problems.push(`${at} ("${name}") has ${ways.join(' and ')}; give one of 'path' (a file to upload), 'version' + 'sha' or 'id' (an existing version).`)
      return
    }
    if (ways.length === 0) {
      problems.push(`${at} ("${name}") needs 'path' (a model file to upload), or 'version' + 'sha' or 'id' (an existing model version).`)
      return
    }
    const allowed = hasPath ? FILE_KEYS : hasId ? ID_KEYS : EXISTING_KEYS
    const misplaced = Object.keys(item).filter((k) => !allowed.includes(k) && !unknown.includes(k))
    if (misplaced.length > 0) {
      problems.push(
        `${at} ("${name}") has key${misplaced.length > 1 ? 's' : ''} ${misplaced.map((k) => `'${k}'`).join(', ')}, which do${misplaced.length > 1 ? '' : 'es'} not go with '${hasPath ? 'path' : hasId ? 'id' : 'version'}'; allowed with it: ${allowed.join(', ')}.`
      )
    }
    if (hasPath) {
      const spec = parseFileItem(item, name, at, cwd, problems)
      if (spec) models.push(spec)
    } else if (hasId) {
      const id = typeof item.id === 'string' && /^\d+$/.test(item.id.trim()) ? Number(item.id) : item.id
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
        problems.push(
          `${at} ("${name}") has 'id' ${JSON.stringify(item.id)}: give the model version's numeric id (the 'version_id' of the 'models' output, or the id an upload answers), e.g. 'id: 42'.`
        )
      } else models.push({ kind: 'id', name, versionId: id })
    } else {
      const { version, sha } = item
      if (typeof version !== 'string' || version.trim() === '') {
        problems.push(`${at} ("${name}") needs 'version': the model version's UUID (file_info.version), e.g. 'version: 1d7191d4-5996-4750-b209-3a3a757bd4dd'.`)
      }
      if (typeof sha !== 'string' || !SHA256.test(sha)) {
        const given = sha === undefined ? '' : ` (it is ${JSON.stringify(typeof sha === 'string' && sha.length > 80 ? `${sha.slice(0, 80)}…` : sha)})`
        const upper = typeof sha === 'string' && SHA256.test(sha.toLowerCase()) ? ` Write it in lower case: ${sha.toLowerCase()}.` : ''
        problems.push(`${at} ("${name}") needs 'sha': the file's SHA-256 as 64 lowercase hex digits (shown by 'sha256sum <file>')${given}.${upper}`)
      }
      if (typeof version === 'string' && typeof sha === 'string') models.push({ kind: 'existing', name, version: version.trim(), sha })
    }
  })
  return { models, problems }
}

function parseFileItem(item: Record<string, unknown>, name: string, at: string, cwd: string, problems: Problem[]): ModelSpec | undefined {
  const { path, framework = 'onnx', arch, accel } = item
  let ok = true
  const schemas = parseSchemas(item, name, at, typeof framework === 'string' ? framework : undefined, problems)
  if (!schemas) ok = false
  if (typeof path !== 'string' || path.trim() === '') {
    problems.push(`${at} ("${name}") has an empty 'path'; give the model file's path relative to the repository root.`)
    return undefined
  }
  const abs = resolvePath(path.trim(), cwd)
  let file: { size: number; sha: string } | undefined
  try {
    if (!statSync(abs).isFile()) throw new Error('not a regular file')
    // Hashed in pieces, never held whole: models of several GB are common.
    file = hashFile(abs)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable' : `cannot be read (${(e as Error).message})`
    problems.push(
      `${at} ("${name}") 'path' ${abs} ${why}; paths are relative to the workspace directory ${cwd} (check out the repository first, e.g. actions/checkout).`
    )
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
  // The SDK refuses these pairs before uploading (§8.2); refusing them here keeps them before any server change.
  const neededArch = typeof accel === 'string' ? ACCEL_ARCH[accel] : undefined
  if (ok && neededArch && arch !== undefined && arch !== neededArch) {
    problems.push(
      `${at} ("${name}") has 'accel' ${accel} with 'arch' ${String(arch)}; ${accel} runs on ${neededArch} only, so set 'arch: ${neededArch}' or drop 'accel'.`
    )
    ok = false
  }
  if (!ok || !file) return undefined
  if (file.size === 0) {
    problems.push(
      `${at} ("${name}") 'path' ${abs} is empty (0 bytes); give the model file itself (a checkout without its Git LFS files leaves pointers or empty files).`
    )
    return undefined
  }
  // ONNX is read here, so a file that is not a loadable model is refused before anything is uploaded.
  let signature: OnnxSignature | undefined
  if (framework === 'onnx') {
    const read = onnxSignatureOf(abs)
    if ('problem' in read) {
      problems.push(
        `${at} ("${name}") 'path' ${abs} is not a loadable ONNX model: ${read.problem}. Give the .onnx file your exporter wrote (torch.onnx.export, tf2onnx, skl2onnx …), or set 'framework' to the model's real framework.`
      )
      return undefined
    }
    signature = read.signature
  }
  return {
    kind: 'file',
    name,
    path: abs,
    size: file.size,
    sha: file.sha,
    ...(signature ? { signature } : {}),
    framework: framework as string,
    ...(arch !== undefined ? { arch: arch as string } : {}),
    ...(accel !== undefined ? { accel: accel as string } : {}),
    ...schemas
  }
}

/** Checks `input_schema`/`output_schema`: required unless the framework is native; each base64 of an Arrow schema. */
function parseSchemas(
  item: Record<string, unknown>,
  name: string,
  at: string,
  framework: string | undefined,
  problems: Problem[]
): { inputSchema?: string; outputSchema?: string } | undefined {
  const fix = 'base64 of an Arrow IPC schema message, e.g. from Python: base64.b64encode(pyarrow.schema([...]).serialize()).decode()'
  const needed = framework !== undefined && FRAMEWORKS.includes(framework) && !NATIVE_FRAMEWORKS.includes(framework)
  const missing = SCHEMA_KEYS.filter((k) => item[k] === undefined)
  if (needed && missing.length > 0) {
    problems.push(
      `${at} ("${name}") has 'framework' ${framework}, which Wallaroo runs in a container and so needs 'input_schema' and 'output_schema' (only ${NATIVE_FRAMEWORKS.join(', ')} go without); missing: ${missing.map((k) => `'${k}'`).join(' and ')}. Give each as ${fix}.`
    )
    return undefined
  }
  const out: { inputSchema?: string; outputSchema?: string } = {}
  let ok = true
  for (const key of SCHEMA_KEYS) {
    const value = item[key]
    if (value === undefined) continue
    const problem = schemaProblem(value)
    if (problem) {
      problems.push(`${at} ("${name}") has '${key}' that ${problem}; give ${fix}.`)
      ok = false
      continue
    }
    // YAML block scalars may wrap a long base64 text over lines; the server wants it in one piece.
    out[key === 'input_schema' ? 'inputSchema' : 'outputSchema'] = (value as string).replace(/\s+/g, '')
  }
  return ok ? out : undefined
}

/** Why a schema value is not base64 of an Arrow schema, or undefined when it is one. */
function schemaProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'is not a non-empty text'
  const text = value.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return 'is not base64'
  try {
    const reader = arrow().RecordBatchReader.from(Buffer.from(text, 'base64'))
    reader.open()
    if (!reader.schema) return 'decodes to bytes that hold no Arrow schema'
    return undefined
  } catch (e) {
    return `decodes to bytes that are not an Arrow schema (${(e as Error).message})`
  }
}

/**
 * The engine's architecture (`arch`, or engine.arch of `engine-config`) and the files of `models` must agree: a model
 * converted for one architecture does not run on another. An entry that gives another `arch` is refused; an entry
 * without one is uploaded (and reused) for the engine's, so `arch: arm` deploys arm models. Changes `models` in place;
 * returns the problems. Versions named by version + sha or id are checked against the server before anything changes.
 */
export function alignModelArch(models: ModelSpec[], engineArch: unknown): string[] {
  if (typeof engineArch !== 'string' || !ARCHES.includes(engineArch)) return []
  const problems: string[] = []
  models.forEach((m, i) => {
    if (m.kind !== 'file') return
    if (m.arch === undefined) m.arch = engineArch
    else if (m.arch !== engineArch) {
      problems.push(
        `Input '${Inputs.Arch}' is ${engineArch} but '${Inputs.Models}' item ${i + 1} ("${m.name}") has 'arch: ${m.arch}': a model converted for ${m.arch} cannot run on ${engineArch} engines. Set the same arch on both, or drop the entry's 'arch' (it then follows '${Inputs.Arch}').`
      )
    }
  })
  return problems
}
