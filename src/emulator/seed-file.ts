/**
 * `--seed FILE`: reads and checks a YAML file of workspaces, models and pipelines to create at start.
 * Everything is checked (names, model files, references) before the emulator changes anything, and
 * every problem is reported with the seed file and the field, e.g. `workspaces[0].models[1].path`.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { LineCounter, parseDocument } from 'yaml'
import { ApiError } from './http.js'
import { checkName } from './rules.js'

/** A model file to upload into a seeded workspace. */
export interface SeedModel {
  name: string
  framework: string
  /** Absolute path (the file gives it relative to the seed file). */
  path: string
  bytes: Buffer
  /** Where it is in the seed file, e.g. `workspaces[0].models[1]`. */
  at: string
}

/** A pipeline to create (one ModelInference step per model, in order) and maybe deploy. */
export interface SeedPipeline {
  name: string
  /** Names of models of the same workspace entry, in step order. */
  models: string[]
  deploy: boolean
  at: string
}

/** A workspace with what to put in it. */
export interface SeedWorkspace {
  name: string
  models: SeedModel[]
  pipelines: SeedPipeline[]
  at: string
}

/** A checked seed file. */
export interface SeedPlan {
  /** The seed file as given (for messages). */
  file: string
  workspaces: SeedWorkspace[]
}

/** A problem in a seed file: the message names the file and the field. */
export class SeedError extends Error {
  constructor(file: string, at: string, problem: string) {
    super(`seed file ${file}: ${at ? `${at}: ` : ''}${problem}`)
    this.name = 'SeedError'
  }
}

/** An example shown when the top level is wrong. */
const EXAMPLE = 'workspaces: [{name: fraud-team, models: [{name: ccfraud, path: models/ccfraud.onnx}], pipelines: [{name: ccfraud}]}]'

type Fields = Record<string, unknown>

/** Read, parse and check a seed file; model paths are read relative to the seed file's folder. */
export async function loadSeed(file: string): Promise<SeedPlan> {
  const fail = (at: string, problem: string): never => {
    throw new SeedError(file, at, problem)
  }
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    return fail(
      '',
      `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give the path of a YAML file, relative to the current folder or absolute`
    )
  }
  const lines = new LineCounter()
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines })
  if (doc.errors.length > 0) {
    const err = doc.errors[0]
    const { line, col } = lines.linePos(err.pos[0])
    fail(`line ${line}, column ${col}`, `not valid YAML: ${err.message.split('\n')[0]}`)
  }
  const root: unknown = doc.toJS()
  if (!isMapping(root)) return fail('', `must be a mapping with a 'workspaces' list, e.g. ${EXAMPLE}`)
  onlyKeys(root, ['workspaces'], '', fail)
  const list = root.workspaces
  if (!Array.isArray(list)) return fail('workspaces', `must be a list of workspaces, e.g. ${EXAMPLE}`)

  const folder = path.dirname(path.resolve(file))
  const workspaces: SeedWorkspace[] = []
  for (const [i, entry] of list.entries()) {
    const at = `workspaces[${i}]`
    const ws = mapping(entry, at, 'a workspace such as {name: fraud-team, models: [...], pipelines: [...]}', fail)
    onlyKeys(ws, ['name', 'models', 'pipelines'], at, fail)
    const name = nameField(ws, 'name', `${at}.name`, 'workspace', fail, true)
    const same = workspaces.find((w) => w.name === name)
    if (same) fail(`${at}.name`, `workspace '${name}' is already listed at ${same.at}; list each workspace once`)
    const models: SeedModel[] = []
    for (const [j, m] of listField(ws, 'models', at, fail).entries()) {
      models.push(await readModel(m, `${at}.models[${j}]`, folder, models, fail))
    }
    const pipelines: SeedPipeline[] = []
    for (const [j, p] of listField(ws, 'pipelines', at, fail).entries()) {
      pipelines.push(checkPipeline(p, `${at}.pipelines[${j}]`, models, pipelines, fail))
    }
    workspaces.push({ name, models, pipelines, at })
  }
  return { file, workspaces }
}

async function readModel(entry: unknown, at: string, folder: string, earlier: SeedModel[], fail: (at: string, problem: string) => never): Promise<SeedModel> {
  const m = mapping(entry, at, 'a model such as {name: ccfraud, path: models/ccfraud.onnx}', fail)
  onlyKeys(m, ['name', 'path', 'framework'], at, fail)
  const name = nameField(m, 'name', `${at}.name`, 'model', fail)
  const same = earlier.find((x) => x.name === name)
  if (same) fail(`${at}.name`, `model '${name}' is already listed at ${same.at}; list each model of a workspace once`)
  const relative = stringField(m, 'path', `${at}.path`, fail)
  const framework = m.framework === undefined ? 'onnx' : stringField(m, 'framework', `${at}.framework`, fail)
  const absolute = path.resolve(folder, relative)
  const info = await stat(absolute).catch(() => null)
  if (!info?.isFile()) fail(`${at}.path`, `no file at ${absolute}; model paths are relative to the seed file's folder (${folder})`)
  const bytes = await readFile(absolute)
  if (bytes.length === 0) fail(`${at}.path`, `${absolute} is empty; point it at the model file`)
  return { name, framework, path: absolute, bytes, at }
}

function checkPipeline(entry: unknown, at: string, models: SeedModel[], earlier: SeedPipeline[], fail: (at: string, problem: string) => never): SeedPipeline {
  const p = mapping(entry, at, 'a pipeline such as {name: ccfraud, models: [ccfraud], deploy: true}', fail)
  onlyKeys(p, ['name', 'models', 'deploy'], at, fail)
  const name = nameField(p, 'name', `${at}.name`, 'pipeline', fail)
  const same = earlier.find((x) => x.name === name)
  if (same) fail(`${at}.name`, `pipeline '${name}' is already listed at ${same.at}; list each pipeline of a workspace once`)
  let steps: string[]
  if (p.models === undefined || p.models === null) {
    if (models.length === 0)
      fail(at, `the workspace lists no models, so the pipeline would have no step; add models to the workspace or list existing ones under 'models'`)
    steps = models.map((m) => m.name)
  } else {
    if (!Array.isArray(p.models) || p.models.length === 0)
      fail(`${at}.models`, `must be a non-empty list of model names of this workspace, in step order, e.g. [ccfraud]`)
    steps = (p.models as unknown[]).map((ref, k) => {
      if (typeof ref !== 'string' || !models.some((m) => m.name === ref)) {
        const known = models.map((m) => m.name).join(', ') || 'none'
        return fail(`${at}.models[${k}]`, `${JSON.stringify(ref)} is not a model of this workspace entry (its models: ${known})`)
      }
      return ref
    })
  }
  if (p.deploy !== undefined && typeof p.deploy !== 'boolean') fail(`${at}.deploy`, `must be true or false, got ${JSON.stringify(p.deploy)}`)
  return { name, models: steps, deploy: p.deploy !== false, at }
}

function isMapping(value: unknown): value is Fields {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function mapping(value: unknown, at: string, what: string, fail: (at: string, problem: string) => never): Fields {
  if (!isMapping(value)) fail(at, `must be ${what}, got ${JSON.stringify(value)}`)
  return value as Fields
}

function onlyKeys(fields: Fields, allowed: string[], at: string, fail: (at: string, problem: string) => never): void {
  const unknown = Object.keys(fields).filter((k) => !allowed.includes(k))
  if (unknown.length > 0) fail(at ? `${at}.${unknown[0]}` : unknown[0], `unknown field; the fields here are ${allowed.join(', ')}`)
}

function listField(fields: Fields, key: string, at: string, fail: (at: string, problem: string) => never): unknown[] {
  const value = fields[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) fail(`${at}.${key}`, `must be a list, got ${JSON.stringify(value)}`)
  return value as unknown[]
}

function stringField(fields: Fields, key: string, at: string, fail: (at: string, problem: string) => never): string {
  const value = fields[key]
  if (value === undefined || value === null) fail(at, 'is required')
  if (typeof value !== 'string' || value.trim() === '') fail(at, `must be a non-empty string, got ${JSON.stringify(value)}`)
  return value as string
}

/** A name that also passes the server's naming rule (so the start cannot fail half-way on a name). */
function nameField(fields: Fields, key: string, at: string, kind: string, fail: (at: string, problem: string) => never, lowercase = false): string {
  const name = stringField(fields, key, at, fail)
  try {
    checkName(kind, name, lowercase)
  } catch (err) {
    if (err instanceof ApiError) fail(at, err.message)
    throw err
  }
  return name
}
