/**
 * Reads an ONNX model's signature (graph inputs and outputs: names, element types, shapes) from the file itself,
 * without loading it: a walk over the protobuf fields of ModelProto → GraphProto → ValueInfoProto (field numbers from
 * onnx/onnx.proto), with fixed nesting and bounded reads, so hostile bytes fail fast and a multi-GB model costs a
 * few kilobytes of memory. What it cannot read is not a loadable ONNX model: the action refuses it before uploading.
 */
import { bufferSource, fileSource, MessageReader, ProtobufFormatError, WireType, type ByteSource, type FieldHeader } from './protobuf-reader.js'

/** One graph input or output; a string dim is symbolic (dim_param, e.g. 'batch'), null an unknown one. */
export interface TensorSignature {
  name: string
  /** 'float', 'int64', … (ONNX TensorProto.DataType names in lower case); a non-tensor kind such as 'sequence'. */
  type: string
  /** Whether `type` is a tensor element type (sequence, map and optional values are not). */
  tensor: boolean
  /** Absent when the model declares no shape at all. */
  dims?: Array<number | string | null>
}

/** What the action knows of an ONNX model before uploading it. */
export interface OnnxSignature {
  irVersion: number
  opsets: Array<{ domain: string; version: number }>
  /** The inputs a caller feeds (graph inputs that are not initializers), in order. */
  inputs: TensorSignature[]
  outputs: TensorSignature[]
}

/** Why a file is not a loadable ONNX model; `message` is a lower-case clause to embed after the file's name. */
export class NotOnnxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NotOnnxError'
  }
}

/** ONNX TensorProto.DataType names, by value (0 is UNDEFINED). */
const ELEM_TYPES = [
  'undefined',
  'float',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'int32',
  'int64',
  'string',
  'bool',
  'float16',
  'double',
  'uint32',
  'uint64',
  'complex64',
  'complex128',
  'bfloat16',
  'float8e4m3fn',
  'float8e4m3fnuz',
  'float8e5m2',
  'float8e5m2fnuz',
  'uint4',
  'int4',
  'float4e2m1'
]

/** The element type's name, or `type <n>` for a value newer than this list. */
export function elemTypeName(value: number): string {
  return ELEM_TYPES[value] ?? `type ${value}`
}

// Field numbers (onnx.proto).
const MODEL = { irVersion: 1, graph: 7, opsetImport: 8 }
const GRAPH = { initializer: 5, input: 11, output: 12 }
const TENSOR_NAME = 8
const VALUE_INFO = { name: 1, type: 2 }
const TYPE = { tensor: 1, sequence: 4, map: 5, sparseTensor: 8, optional: 9 }
const TENSOR_TYPE = { elemType: 1, shape: 2 }
const DIM = { value: 1, param: 2 }

/** Limits no real model comes near; past them the file is refused rather than read on. */
const LIMITS = {
  /** A graph input or output declaration (a name and a type) larger than this is not a declaration. */
  valueInfoBytes: 1024 * 1024,
  names: 64 * 1024,
  values: 100_000,
  dims: 64,
  opsets: 1000,
  topLevelFields: 100_000,
  /** IR versions run from 1 (2017) to about 12 (2025); far beyond that the bytes are not ONNX. */
  irVersion: 100
}

/** Reads the signature of the model in `path` (or in `bytes`); throws NotOnnxError saying why it is not one. */
export function readOnnxSignature(from: { path: string } | { bytes: Uint8Array }): OnnxSignature {
  const source = 'path' in from ? fileSource(from.path) : bufferSource(from.bytes)
  try {
    return readSignature(source)
  } catch (e) {
    if (e instanceof ProtobufFormatError) throw new NotOnnxError(explain(source, e))
    throw e
  } finally {
    source.close()
  }
}

function readSignature(source: ByteSource): OnnxSignature {
  if (source.size === 0) throw new NotOnnxError('it is empty')
  const top = new MessageReader(source, 0, source.size, 'the model', LIMITS.topLevelFields)
  let irVersion: number | undefined
  let graph: FieldHeader | undefined
  const opsets: OnnxSignature['opsets'] = []
  for (let h = top.next(); h; h = top.next()) {
    if (h.field === MODEL.irVersion) {
      top.expect(h, WireType.Varint, 'ir_version')
      irVersion = top.varintAt(h)
    } else if (h.field === MODEL.graph) {
      top.expect(h, WireType.Len, 'graph')
      graph = h
    } else if (h.field === MODEL.opsetImport) {
      top.expect(h, WireType.Len, 'opset_import')
      if (opsets.length >= LIMITS.opsets) throw new ProtobufFormatError(`the model imports more than ${LIMITS.opsets} opsets`, h.at)
      opsets.push(readOpset(source, h))
    }
  }
  if (irVersion === undefined || irVersion < 1 || irVersion > LIMITS.irVersion) {
    throw new NotOnnxError(
      irVersion === undefined ? 'it has no ir_version, which every ONNX model states' : `its ir_version is ${irVersion}, which no ONNX release has`
    )
  }
  if (!graph) throw new NotOnnxError('it has no graph')
  if (opsets.length === 0 && irVersion >= 3) throw new NotOnnxError('it imports no operator set (opset_import), which ONNX requires from IR version 3 on')
  const { inputs, outputs, initializers } = readGraph(source, graph)
  if (outputs.length === 0) throw new NotOnnxError('its graph has no outputs, so it cannot answer anything')
  const fed = inputs.filter((i) => !initializers.has(i.name))
  for (const input of fed) {
    if (input.type === 'undefined') throw new NotOnnxError(`its graph input "${input.name}" has no type`)
  }
  return { irVersion, opsets, inputs: fed, outputs }
}

function readOpset(source: ByteSource, h: FieldHeader): { domain: string; version: number } {
  const r = new MessageReader(source, h.at, h.at + h.length, 'an opset_import')
  let domain = ''
  let version = 0
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === 1 && f.wire === WireType.Len) domain = r.stringAt(f, LIMITS.names, 'domain')
    else if (f.field === 2 && f.wire === WireType.Varint) version = r.varintAt(f)
  }
  return { domain, version }
}

/** The graph's inputs, outputs and initializer names; nodes and initializer data are skipped, not read. */
function readGraph(source: ByteSource, h: FieldHeader): { inputs: TensorSignature[]; outputs: TensorSignature[]; initializers: Set<string> } {
  const r = new MessageReader(source, h.at, h.at + h.length, 'the graph')
  const inputs: TensorSignature[] = []
  const outputs: TensorSignature[] = []
  const initializers = new Set<string>()
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === GRAPH.input || f.field === GRAPH.output) {
      r.expect(f, WireType.Len, f.field === GRAPH.input ? 'an input' : 'an output')
      const list = f.field === GRAPH.input ? inputs : outputs
      if (list.length >= LIMITS.values)
        throw new ProtobufFormatError(`the graph declares more than ${LIMITS.values} ${f.field === GRAPH.input ? 'inputs' : 'outputs'}`, f.at)
      list.push(readValueInfo(source, f))
    } else if (f.field === GRAPH.initializer) {
      r.expect(f, WireType.Len, 'an initializer')
      const name = initializerName(source, f)
      if (name) initializers.add(name)
    }
  }
  return { inputs, outputs, initializers }
}

/** An initializer's name (TensorProto field 8); its data, possibly gigabytes, is skipped. */
function initializerName(source: ByteSource, h: FieldHeader): string | undefined {
  const r = new MessageReader(source, h.at, h.at + h.length, 'an initializer')
  let name: string | undefined
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === TENSOR_NAME && f.wire === WireType.Len) name = r.stringAt(f, LIMITS.names, 'name')
  }
  return name
}

/** A ValueInfoProto (small by nature): read into memory, then walked at fixed depth. */
function readValueInfo(source: ByteSource, h: FieldHeader): TensorSignature {
  if (h.length > LIMITS.valueInfoBytes)
    throw new ProtobufFormatError(`a graph input or output declaration of ${h.length} bytes is far larger than any real one`, h.at)
  const own = bufferSource(Uint8Array.from(source.read(h.at, h.length)))
  const r = new MessageReader(own, 0, own.size, 'a graph input or output')
  let name = ''
  let type: Omit<TensorSignature, 'name'> = { type: 'undefined', tensor: true }
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === VALUE_INFO.name) {
      r.expect(f, WireType.Len, 'name')
      name = r.stringAt(f, LIMITS.names, 'name')
    } else if (f.field === VALUE_INFO.type) {
      r.expect(f, WireType.Len, 'type')
      type = readType(own, f)
    }
  }
  if (name === '') throw new ProtobufFormatError('a graph input or output has no name', h.at)
  return { name, ...type }
}

function readType(source: ByteSource, h: FieldHeader): Omit<TensorSignature, 'name'> {
  const r = new MessageReader(source, h.at, h.at + h.length, 'a type')
  let out: Omit<TensorSignature, 'name'> = { type: 'undefined', tensor: true }
  for (let f = r.next(); f; f = r.next()) {
    if (f.wire !== WireType.Len) continue
    if (f.field === TYPE.tensor || f.field === TYPE.sparseTensor) out = readTensorType(source, f)
    else if (f.field === TYPE.sequence) out = { type: 'sequence', tensor: false }
    else if (f.field === TYPE.map) out = { type: 'map', tensor: false }
    else if (f.field === TYPE.optional) out = { type: 'optional', tensor: false }
  }
  return out
}

function readTensorType(source: ByteSource, h: FieldHeader): Omit<TensorSignature, 'name'> {
  const r = new MessageReader(source, h.at, h.at + h.length, 'a tensor type')
  let elem = 0
  let dims: TensorSignature['dims']
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === TENSOR_TYPE.elemType && f.wire === WireType.Varint) elem = r.varintAt(f)
    else if (f.field === TENSOR_TYPE.shape && f.wire === WireType.Len) dims = readShape(source, f)
  }
  return { type: elemTypeName(elem), tensor: true, ...(dims ? { dims } : {}) }
}

function readShape(source: ByteSource, h: FieldHeader): Array<number | string | null> {
  const r = new MessageReader(source, h.at, h.at + h.length, 'a shape')
  const dims: Array<number | string | null> = []
  for (let f = r.next(); f; f = r.next()) {
    if (f.field !== 1 || f.wire !== WireType.Len) continue
    if (dims.length >= LIMITS.dims) throw new ProtobufFormatError(`a shape has more than ${LIMITS.dims} dimensions`, f.at)
    const d = new MessageReader(source, f.at, f.at + f.length, 'a dimension')
    let dim: number | string | null = null
    for (let g = d.next(); g; g = d.next()) {
      if (g.field === DIM.value && g.wire === WireType.Varint) dim = d.int64At(g)
      else if (g.field === DIM.param && g.wire === WireType.Len) dim = d.stringAt(g, LIMITS.names, 'dimension name')
    }
    dims.push(dim)
  }
  return dims
}

/** The reader's complaint in words a user can act on: text, a Git LFS pointer, a cut-off file or other bytes. */
function explain(source: ByteSource, e: ProtobufFormatError): string {
  const head = Buffer.from(source.read(0, Math.min(256, source.size))).toString('latin1')
  if (head.startsWith('version https://git-lfs.github.com/spec/')) {
    return 'it is a Git LFS pointer, not the model: check the repository out with its LFS files (actions/checkout with `lfs: true`)'
  }
  if (looksLikeText(source)) return `it is text, not a binary ONNX protobuf (it starts with ${JSON.stringify(head.slice(0, 40))})`
  if (e.truncated) return `it ends too soon (${e.message}): the file looks cut short; upload the whole file`
  return `its bytes are not an ONNX protobuf (${e.message})`
}

/** True when the first 512 bytes are printable text (ASCII or UTF-8), as in a JSON, YAML or HTML file. */
function looksLikeText(source: ByteSource): boolean {
  const bytes = source.read(0, Math.min(512, source.size))
  let printable = 0
  for (const b of bytes) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127)) printable++
  return bytes.length > 0 && printable === bytes.length && !bytes.some((b) => b === 0)
}
