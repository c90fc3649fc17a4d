/**
 * The emulated engine's inference: parse the request (§9.2), run the pipeline's steps in order (one model, the chosen
 * arm of an A/B split, or a shadow deploy's champion and challengers), and answer with one record per row (§9.3) as
 * JSON or an Arrow IPC file, shaped by `dataset[]`, `dataset.exclude[]`, `dataset.separator`.
 */
import type { Vector } from 'apache-arrow'
import type { LoadedModel, OutputTensor, FeedTensor, TensorInfo } from './onnx.js'
import {
  constantInt32,
  constantInt64,
  constantInt64List,
  constantStringList,
  constantUtf8,
  emptyStringLists,
  jsonColumn,
  tensorColumn
} from './inference/arrow-columns.js'
import { InferenceEngineError, InferenceError, InferenceInputError } from './inference/errors.js'
import { shortestFloat32 } from './inference/float32.js'
import { parseMediaType, parseRequest, requestFormat, type BodyFormat, type InputColumn, type InputFrame } from './inference/request.js'
import { jsonTemplate, renderArrow, selectFields, type Leaf, type TopField } from './inference/reply.js'
import { chooseArm } from './inference/split.js'
import type { BatchTensor } from './inference/tensors.js'
import { traitsOf, type Profile } from './profiles.js'
import { BoundedMemo } from './bounded-memo.js'

export { InferenceEngineError, InferenceError, InferenceInputError } from './inference/errors.js'
export { shortestFloat32 } from './inference/float32.js'

export type { Profile } from './profiles.js'

/**
 * One model of a pipeline step: the model version's name and sha (for `metadata.last_model`), its loaded model, and
 * for an A/B arm the JSON text `out._model_split` reports when it answers.
 */
export interface StepModel {
  name: string
  sha: string
  model: LoadedModel
  split?: string
}

/** One step of the pipeline: a model, an A/B split (RandomSplit) or a shadow deploy (champion answers, challengers run too). */
export type PlanStep =
  | { kind: 'model'; model: StepModel }
  | { kind: 'split'; hashKey: string | null; arms: Array<{ model: StepModel; weight: number }> }
  | { kind: 'shadow'; champion: StepModel; challengers: StepModel[] }

/** How to shape the reply. */
export interface InferOptions {
  /** Server version to imitate (§12). */
  profile: Profile
  /** Pipeline version UUID; emitted as '' where the profile says so (2023.4). */
  pipelineVersion: string
  /** Engine pod name, e.g. 'engine-797d8958d9-fsszh'. */
  partition: string
  /** Query `dataset[]`: '*', top-level keys (time, in, out, check_failures|anomaly, metadata) or 'group.name' (out.dense_1). */
  dataset?: string[]
  /** Query `dataset.exclude[]`: same syntax; names that are not in the reply are ignored. */
  exclude?: string[]
  /** Query `dataset.separator`: when set (non-empty), groups are flattened to keys like `out.dense_1`. */
  separator?: string
  /** Clock for `time` (epoch ms); defaults to Date.now. */
  now?: () => number
  /** Random numbers in [0, 1) for A/B splits without a hash key; defaults to Math.random. */
  random?: () => number
}

/** The reply body and its Content-Type. */
export interface InferenceOutput {
  contentType: string
  body: Buffer
}

const ARROW_FILE = 'application/vnd.apache.arrow.file'
const JSON_TYPE = 'application/json'

/**
 * Reply format from Accept: the first of its entries that names Arrow or JSON wins. Without one (no Accept, or
 * only * / *), the reply mirrors the request: Arrow in → Arrow out (what the SDK asks for anyway), JSON in → JSON out.
 */
function replyFormat(accept: string | undefined, request: BodyFormat): BodyFormat {
  return acceptedFormat(accept ?? '') ?? request
}

/** Accept headers read so far and the format they name (null: neither): a client sends the same one every time. */
const acceptedFormats = new BoundedMemo<string, BodyFormat | null>(64)

function acceptedFormat(accept: string): BodyFormat | null {
  return acceptedFormats.get(accept, () => {
    for (const entry of accept.split(',')) {
      const { type } = parseMediaType(entry)
      if (type === ARROW_FILE) return 'arrow'
      if (type === JSON_TYPE) return 'json'
    }
    return null
  })
}

/** Matches request columns to the first model's inputs: by name, or a lone column to a single-input model. */
function firstFeeds(frame: InputFrame, step: StepModel): Map<string, { column: InputColumn; tensor: BatchTensor }> {
  const feeds = new Map<string, { column: InputColumn; tensor: BatchTensor }>()
  const { inputs } = step.model
  for (const info of inputs) {
    let column = frame.columns.find((c) => c.name === info.name)
    if (!column && inputs.length === 1 && frame.columns.length === 1) column = frame.columns[0]
    if (!column) {
      const sent = frame.columns.map((c) => `"${c.name}"`).join(', ')
      throw new InferenceInputError(
        `model "${step.name}" needs input "${info.name}" but the request has no such column (columns: ${sent}); ` +
          'name the column after the input (a single-input model also takes a lone column of any name)'
      )
    }
    feeds.set(info.name, { column, tensor: column.toTensor(info) })
  }
  return feeds
}

/** The feeds of firstFeeds by input name. */
function tensorsOf(feeds: Map<string, { tensor: BatchTensor }>): Record<string, FeedTensor> {
  // No prototype: an input may have any name (Object.fromEntries would make any name a plain key too).
  const out: Record<string, FeedTensor> = Object.create(null)
  for (const [name, f] of feeds) out[name] = f.tensor
  return out
}

/** Element types onnxruntime is fed by the emulator (`onnx.ts` toOrtTensor). */
const FEEDABLE = new Set(['float32', 'float64', 'int32', 'int64'])

/** A dim as the messages show it: the batch dim as N (or its number when fixed), symbolic dims by name. */
function fmtDims(dims: Array<number | string>, batch: 'N' | number): string {
  return `[${dims.map((d, i) => (i === 0 ? batch : typeof d === 'number' && d >= 0 ? d : typeof d === 'string' && d !== '' ? d : '?')).join(',')}]`
}

/** Fixed (numeric, non-negative) declared dim, or undefined for a symbolic one. */
const fixedDim = (d: number | string | undefined): number | undefined => (typeof d === 'number' && d >= 0 ? d : undefined)

/**
 * Checks one step output against the next model's declared input before running it, the way the engine validates
 * a tensor against the model's schema: element type, rank, a fixed batch size and every fixed dim after it.
 * Returns the reason it does not fit, or null.
 */
function chainMismatch(info: TensorInfo, tensor: OutputTensor, outputName: string, prevIndex: number): string | null {
  const batch = fixedDim(info.dims[0])
  const expects = `input "${info.name}" expects`
  const got = `step ${prevIndex + 1} output "${outputName}"`
  if (tensor.type !== info.type || !FEEDABLE.has(info.type)) return `${expects} ${info.type} values but ${got} is ${tensor.type}`
  // A model that declares no shape takes any.
  if (info.dims.length === 0) return null
  const fits =
    tensor.dims.length === info.dims.length &&
    (batch === undefined || batch === tensor.dims[0]) &&
    info.dims.every((d, i) => i === 0 || fixedDim(d) === undefined || fixedDim(d) === tensor.dims[i])
  if (fits) return null
  // A fixed batch size is shown as a number on both sides, so a batch misfit reads [1,1] vs [3,1].
  return `${expects} ${fmtDims(info.dims, batch ?? 'N')} but ${got} is ${fmtDims(tensor.dims, batch === undefined ? 'N' : tensor.dims[0])}`
}

/**
 * Matches step k's outputs to step k+1's inputs (by name, or single output → single input) and checks each against
 * the input's declared type and shape first: inputs that do not fit are the request's problem (400), as the engine
 * answers for a wrong shape (§9.4 INFERRED), not an internal failure.
 */
function chainFeeds(prev: Record<string, OutputTensor>, prevStep: StepModel, step: StepModel, index: number): Record<string, FeedTensor> {
  const names = Object.keys(prev)
  const feeds: Record<string, FeedTensor> = {}
  const where = `pipeline step ${index + 1} (model "${step.name}")`
  for (const info of step.model.inputs) {
    const name = Object.hasOwn(prev, info.name) ? info.name : step.model.inputs.length === 1 && names.length === 1 ? names[0] : undefined
    if (name === undefined) {
      throw new InferenceInputError(
        `${where}: needs input "${info.name}" but step ${index} (model "${prevStep.name}") outputs ${names.map((n) => `"${n}"`).join(', ')}`
      )
    }
    const tensor = prev[name]
    const mismatch = chainMismatch(info, tensor, name, index - 1)
    if (mismatch) throw new InferenceInputError(`${where}: ${mismatch}`)
    feeds[info.name] = { data: tensor.data as FeedTensor['data'], dims: tensor.dims }
  }
  return feeds
}

function runStep(step: StepModel, feeds: Record<string, FeedTensor>, index: number): Promise<Record<string, OutputTensor>> {
  const failed = (err: unknown): never => {
    if (err instanceof InferenceError) throw err
    const reason = err instanceof Error ? err.message : String(err)
    throw new InferenceEngineError(`Internal processing error: pipeline step ${index + 1} (model "${step.name}") failed: ${reason}`)
  }
  // A promise chain rather than an async function: one promise layer less on every inference.
  let running: Promise<Record<string, OutputTensor>>
  try {
    running = step.model.run(feeds)
  } catch (err) {
    running = Promise.reject(err)
  }
  return running.catch(failed)
}

/** JSON text of a number as JSON.stringify writes it (non-finite values are null). */
const numberText = (v: number): string => (Number.isFinite(v) ? String(v) : 'null')

/**
 * JSON text of one row of a tensor, rendered like the engine: float32 in shortest form, int64 as numbers (what
 * JSON.stringify of those values gives, written directly).
 */
function tensorRowText(t: OutputTensor, row: number, rowSize: number): string {
  const from = row * rowSize
  const to = from + rowSize
  const d = t.data
  let out = '['
  if (t.type === 'float32') for (let k = from; k < to; k++) out += (k > from ? ',' : '') + numberText(shortestFloat32(d[k] as number))
  else if (t.type === 'int64') for (let k = from; k < to; k++) out += (k > from ? ',' : '') + numberText(Number(d[k]))
  else if (d instanceof Float64Array || d instanceof Int32Array) for (let k = from; k < to; k++) out += (k > from ? ',' : '') + numberText(d[k])
  else return JSON.stringify(Array.prototype.slice.call(d, from, to))
  return out + ']'
}

function outputLeaf(t: OutputTensor, rows: number, step: StepModel, name: string): Leaf {
  if (t.dims[0] !== rows) {
    throw new InferenceEngineError(`model "${step.name}" output "${name}" has shape [${t.dims.join(',')}], not one row per input row (${rows})`)
  }
  const rowSize = t.dims.slice(1).reduce((a, b) => a * b, 1)
  return { text: (r) => tensorRowText(t, r, rowSize), arrow: () => tensorColumn(t.data, rows, rowSize) }
}

function inputLeaf(column: InputColumn, fedTensors: Map<string, { column: InputColumn; tensor: BatchTensor }>, rows: number): Leaf {
  return {
    text: (r) => column.jsonText(r),
    arrow: () => {
      // Reuse what the client sent when it is one chunk; otherwise the tensor we built (one buffer), else JSON values.
      if (column.arrow && column.arrow.data.length === 1) return column.arrow
      const fed = [...fedTensors.values()].find((f) => f.column === column)?.tensor
      if (fed)
        return tensorColumn(
          fed.data,
          rows,
          fed.rowShape.reduce((a, b) => a * b, 1)
        )
      return jsonColumn(Array.from({ length: rows }, (_, r) => column.json(r)))
    }
  }
}

/** The same value in every row: its JSON text is computed once, when a JSON reply asks for it. */
const constLeaf = (value: unknown, arrow: () => Vector): Leaf => {
  let text: string | undefined
  return { text: () => (text ??= JSON.stringify(value)), constant: true, arrow }
}

/** A constant leaf whose JSON text is known (time and elapsed: numbers, written as JSON.stringify would). */
const textLeaf = (text: string, arrow: () => Vector): Leaf => ({ text: () => text, constant: true, arrow })

/** `metadata.last_model` of each step model seen (the route hands the same objects to every request of a rollout). */
const lastModels = new WeakMap<StepModel, string>()

function lastModelText(step: StepModel): string {
  let text = lastModels.get(step)
  if (text === undefined) lastModels.set(step, (text = JSON.stringify({ model_name: step.name, model_sha: step.sha })))
  return text
}

/** Runs a request through the pipeline's steps and renders the reply; InferenceError subclasses carry the HTTP status. */
export async function runInference(
  req: { contentType: string | undefined; accept: string | undefined; body: Buffer },
  steps: Array<PlanStep | StepModel>,
  opts: InferOptions
): Promise<InferenceOutput> {
  const plan = steps.map((s): PlanStep => ('kind' in s ? s : { kind: 'model', model: s }))
  if (plan.length === 0) throw new InferenceEngineError('the pipeline has no model steps to run')
  const traits = traitsOf(opts.profile)
  const started = process.hrtime.bigint()
  const format = requestFormat(req.contentType)
  const frame = parseRequest(format, req.body)
  const answering = (step: PlanStep): StepModel =>
    step.kind === 'model' ? step.model : step.kind === 'shadow' ? step.champion : chooseArm(step.arms, step.hashKey, frame, opts.random ?? Math.random)
  const firstModel = answering(plan[0])
  const fed = firstFeeds(frame, firstModel)
  const parsed = process.hrtime.bigint()

  let prev: { step: StepModel; outputs: Record<string, OutputTensor> } | null = null
  let split: StepModel | null = null
  const shadows: Array<{ step: StepModel; outputs: Record<string, OutputTensor> }> = []
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i]
    const model = i === 0 ? firstModel : answering(step)
    if (step.kind === 'split') split = model
    const feedsFor = (m: StepModel): Record<string, FeedTensor> => (prev === null ? tensorsOf(firstFeeds(frame, m)) : chainFeeds(prev.outputs, prev.step, m, i))
    const input = prev === null ? tensorsOf(fed) : feedsFor(model)
    const outputs = await runStep(model, input, i)
    // A shadow deploy runs every challenger on the champion's input; only the champion's outputs go on.
    if (step.kind === 'shadow')
      for (const challenger of step.challengers) shadows.push({ step: challenger, outputs: await runStep(challenger, feedsFor(challenger), i) })
    prev = { step: model, outputs }
  }
  const done = process.hrtime.bigint()

  const rows = frame.rowCount
  const last = prev!.step
  const time = (opts.now ?? Date.now)()
  const elapsed = [Number(parsed - started), Number(done - parsed)]
  const outputsOf = (step: StepModel, tensors: Record<string, OutputTensor>) =>
    step.model.outputs.map((o) => ({ key: o.name, leaf: outputLeaf(tensors[o.name], rows, step, o.name) }))
  const values: ReplyValues = {
    time: textLeaf(numberText(time), () => constantInt64(time, rows)),
    inputs: frame.columns.map((c) => ({ key: c.name, leaf: inputLeaf(c, fed, rows) })),
    outputs: outputsOf(last, prev!.outputs),
    // Shadow results as recorded: one `out_<model name>` group per challenger after the anomaly field, by name.
    shadows: [...shadows]
      .sort((a, b) => (a.step.name < b.step.name ? -1 : a.step.name > b.step.name ? 1 : 0))
      .map((s) => ({ key: `out_${s.step.name}`, children: outputsOf(s.step, s.outputs) })),
    elapsed: textLeaf(`[${elapsed[0]},${elapsed[1]}]`, () => constantInt64List(elapsed, rows))
  }
  const shape: ReplyShape = {
    last,
    split: split?.split,
    traits,
    pipelineVersion: traits.pipelineVersionInReply ? opts.pipelineVersion : '',
    partition: opts.partition,
    rows
  }
  const separator = opts.separator ? opts.separator : undefined
  if (replyFormat(req.accept, format) === 'arrow') {
    const bytes = renderArrow(selectFields(replyFields(shape, values), opts.dataset, opts.exclude), rows, separator)
    // A view of the IPC bytes, not a copy (a 10k-row reply is megabytes).
    return { contentType: ARROW_FILE, body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
  }
  return { contentType: JSON_TYPE, body: Buffer.from(renderLayout(jsonLayoutOf(shape, values, opts, separator), values, rows), 'utf8') }
}

/** What changes from one request to the next in a reply: time, the echoed inputs, the outputs and elapsed. */
interface ReplyValues {
  time: Leaf
  inputs: Array<{ key: string; leaf: Leaf }>
  outputs: Array<{ key: string; leaf: Leaf }>
  shadows: Array<{ key: string; children: Array<{ key: string; leaf: Leaf }> }>
  elapsed: Leaf
}

/** What stays the same for every request a rollout answers with the same model (and the same columns and query). */
interface ReplyShape {
  last: StepModel
  split: string | undefined
  traits: ReturnType<typeof traitsOf>
  pipelineVersion: string
  partition: string
  rows: number
}

/** The reply's field tree (§9.3): time, in, out, check_failures | anomaly, shadow outputs, metadata. */
function replyFields(shape: ReplyShape, v: ReplyValues): TopField[] {
  const { rows } = shape
  const lastModel = lastModelText(shape.last)
  const split = shape.split
  // Recorded: out._model_split (a list of one JSON text naming the model that answered) comes first in `out`.
  const splitLeaf = split !== undefined ? [{ key: '_model_split', leaf: constLeaf([split], () => constantStringList([split], rows)) }] : []
  return [
    { key: 'time', leaf: v.time },
    { key: 'in', children: v.inputs },
    { key: 'out', children: [...splitLeaf, ...v.outputs] },
    shape.traits.anomalyField === 'check_failures'
      ? { key: 'check_failures', leaf: constLeaf([], () => emptyStringLists(rows)) }
      : { key: 'anomaly', children: [{ key: 'count', leaf: constLeaf(0, () => constantInt32(0, rows)) }] },
    ...v.shadows,
    {
      key: 'metadata',
      children: [
        { key: 'last_model', leaf: constLeaf(lastModel, () => constantUtf8(lastModel, rows)) },
        { key: 'pipeline_version', leaf: constLeaf(shape.pipelineVersion, () => constantUtf8(shape.pipelineVersion, rows)) },
        { key: 'elapsed', leaf: v.elapsed },
        { key: 'dropped', leaf: constLeaf([], () => emptyStringLists(rows)) },
        { key: 'partition', leaf: constLeaf(shape.partition, () => constantUtf8(shape.partition, rows)) }
      ]
    }
  ]
}

/** The varying values of a reply in a fixed order: the slots a JSON layout refers to. */
function slotsOf(v: ReplyValues): Leaf[] {
  const slots = [v.time]
  for (const i of v.inputs) slots.push(i.leaf)
  for (const o of v.outputs) slots.push(o.leaf)
  for (const s of v.shadows) for (const c of s.children) slots.push(c.leaf)
  slots.push(v.elapsed)
  return slots
}

/**
 * JSON reply layouts (text pieces and the numbers of the slots between them) by answering model, then by the rest of
 * the shape: a deployment answers request after request with the same layout, so it is worked out once.
 */
const jsonLayouts = new WeakMap<StepModel, BoundedMemo<string, Array<string | number>>>()

/** The last layout each model answered with and what it was for: checked first, without building a key. */
const lastLayouts = new WeakMap<
  StepModel,
  { profile: Profile; pipelineVersion: string; partition: string; split: string | undefined; inputs: string[]; layout: Array<string | number> }
>()

function jsonLayoutOf(shape: ReplyShape, v: ReplyValues, opts: InferOptions, separator: string | undefined): Array<string | number> {
  // The usual request: no query and the same shape as the last one this model answered.
  const plain = v.shadows.length === 0 && opts.dataset === undefined && opts.exclude === undefined && separator === undefined
  const last = plain ? lastLayouts.get(shape.last) : undefined
  if (
    last &&
    last.profile === opts.profile &&
    last.pipelineVersion === shape.pipelineVersion &&
    last.partition === shape.partition &&
    last.split === shape.split &&
    last.inputs.length === v.inputs.length &&
    v.inputs.every((i, n) => i.key === last.inputs[n])
  )
    return last.layout
  const layout = layoutByKey(shape, v, opts, separator)
  if (plain)
    lastLayouts.set(shape.last, {
      profile: opts.profile,
      pipelineVersion: shape.pipelineVersion,
      partition: shape.partition,
      split: shape.split,
      inputs: v.inputs.map((i) => i.key),
      layout
    })
  return layout
}

function layoutByKey(shape: ReplyShape, v: ReplyValues, opts: InferOptions, separator: string | undefined): Array<string | number> {
  let known = jsonLayouts.get(shape.last)
  if (!known) jsonLayouts.set(shape.last, (known = new BoundedMemo(256)))
  // Each part is written with its length first, so no two shapes have the same key whatever their names hold.
  let key = ''
  const part = (text: string): void => void (key += `${text.length}:${text}`)
  const list = (texts: string[] | undefined): void => {
    key += texts === undefined ? '-' : `${texts.length}#`
    for (const t of texts ?? []) part(t)
  }
  part(opts.profile)
  part(shape.pipelineVersion)
  part(shape.partition)
  key += shape.split === undefined ? '-' : '+'
  part(shape.split ?? '')
  for (const i of v.inputs) part(i.key)
  key += '|'
  for (const s of v.shadows) list([s.key, ...s.children.map((c) => c.key)])
  key += '|'
  list(opts.dataset)
  list(opts.exclude)
  key += separator === undefined ? '-' : '+'
  part(separator ?? '')
  return known.get(key, () => {
    // The tree with a numbered slot for each varying value (time and elapsed included: they change every request).
    const slots = slotsOf(v)
    const slotLeaf = (leaf: Leaf): Leaf => ({ text: () => '', arrow: leaf.arrow, slot: slots.indexOf(leaf) })
    const slotted: ReplyValues = {
      time: slotLeaf(v.time),
      inputs: v.inputs.map((i) => ({ key: i.key, leaf: slotLeaf(i.leaf) })),
      outputs: v.outputs.map((o) => ({ key: o.key, leaf: slotLeaf(o.leaf) })),
      shadows: v.shadows.map((s) => ({ key: s.key, children: s.children.map((c) => ({ key: c.key, leaf: slotLeaf(c.leaf) })) })),
      elapsed: slotLeaf(v.elapsed)
    }
    return jsonTemplate(selectFields(replyFields(shape, slotted), opts.dataset, opts.exclude), separator).map((p) => (typeof p === 'string' ? p : p.slot!))
  })
}

/** JSON records from a layout: each row is the layout's text with the row's values in its slots. */
function renderLayout(layout: Array<string | number>, v: ReplyValues, rows: number): string {
  const slots = slotsOf(v)
  let out = '['
  for (let r = 0; r < rows; r++) {
    if (r > 0) out += ','
    for (let i = 0; i < layout.length; i++) {
      const p = layout[i]
      out += typeof p === 'string' ? p : slots[p].text(r)
    }
  }
  return out + ']'
}
