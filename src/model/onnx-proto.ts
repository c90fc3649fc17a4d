/**
 * The small subset of onnx.proto needed to write simple ONNX models, defined in code for protobufjs.
 * Field numbers follow https://github.com/onnx/onnx/blob/main/onnx/onnx.proto; fields we never write are left out
 * (protobuf readers skip nothing they need, so a subset encodes a valid ModelProto).
 */
import protobuf from 'protobufjs'

/** ONNX TensorProto.DataType values used by the builders. */
export const OnnxDataType = { FLOAT: 1, INT32: 6, INT64: 7, DOUBLE: 11 } as const

const descriptor = {
  nested: {
    onnx: {
      nested: {
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } }
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: 'repeated', type: 'float', id: 4 },
            int64Data: { rule: 'repeated', type: 'int64', id: 7 },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 }
          }
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            type: { type: 'int32', id: 20 }
          }
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            domain: { type: 'string', id: 7 }
          }
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } }
            }
          }
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensorType'] } },
          fields: { tensorType: { type: 'Tensor', id: 1 } },
          nested: {
            Tensor: {
              fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } }
            }
          }
        },
        ValueInfoProto: {
          fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 }, docString: { type: 'string', id: 3 } }
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 }
          }
        },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 }
          }
        }
      }
    }
  }
}

const root = protobuf.Root.fromJSON(descriptor)
const ModelProto = root.lookupType('onnx.ModelProto')

/** A graph input/output declaration; a string dim is a symbolic (dim_param) dimension such as 'batch'. */
export interface ValueInfo {
  name: string
  elemType: number
  dims: Array<number | string>
}
/** A float initializer (constant tensor) stored as little-endian raw_data. */
export interface FloatInitializer {
  name: string
  dims: number[]
  values: ArrayLike<number>
}
/** A scalar node attribute; ONNX checks the kind (alpha=1 must be a float), so it is explicit. */
export type AttributeValue = { float: number } | { int: number }
/** One graph node; attributes are limited to the scalar kinds our models use. */
export interface NodeSpec {
  opType: string
  inputs: string[]
  outputs: string[]
  name?: string
  attributes?: Record<string, AttributeValue>
}
/** Everything needed to write a single-graph ModelProto. */
export interface ModelSpec {
  graphName: string
  inputs: ValueInfo[]
  outputs: ValueInfo[]
  initializers: FloatInitializer[]
  nodes: NodeSpec[]
  opset?: number // default 13
  irVersion?: number // default 8
  producerName?: string // default 'wallaroo-action'
  docString?: string
}

// ONNX AttributeProto.AttributeType values.
const ATTR_FLOAT = 1
const ATTR_INT = 2

function valueInfo(v: ValueInfo): object {
  const dim = v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }))
  return { name: v.name, type: { tensorType: { elemType: v.elemType, shape: { dim } } } }
}

function floatRaw(values: ArrayLike<number>): Uint8Array {
  const f = Float32Array.from(values)
  const bytes = new Uint8Array(f.byteLength)
  const view = new DataView(bytes.buffer)
  // raw_data is little-endian by spec; DataView makes that explicit whatever the host order.
  f.forEach((x, i) => view.setFloat32(i * 4, x, true))
  return bytes
}

function attribute(name: string, value: AttributeValue): object {
  return 'int' in value ? { name, type: ATTR_INT, i: value.int } : { name, type: ATTR_FLOAT, f: value.float }
}

/** Encodes a ModelProto; the same spec always yields the same bytes (fields are written in id order). */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const message = {
    irVersion: spec.irVersion ?? 8,
    producerName: spec.producerName ?? 'wallaroo-action',
    producerVersion: '1',
    docString: spec.docString ?? '',
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }],
    graph: {
      name: spec.graphName,
      node: spec.nodes.map((n, i) => ({
        name: n.name ?? `${n.opType.toLowerCase()}_${i}`,
        opType: n.opType,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attributes ?? {}).map(([k, v]) => attribute(k, v))
      })),
      initializer: spec.initializers.map((t) => ({
        name: t.name,
        dims: t.dims,
        dataType: OnnxDataType.FLOAT,
        rawData: floatRaw(t.values)
      })),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo)
    }
  }
  const invalid = ModelProto.verify(message)
  if (invalid) throw new Error(`internal ONNX model spec is invalid: ${invalid}`)
  return ModelProto.encode(ModelProto.fromObject(message)).finish()
}

/** Decodes a ModelProto written by encodeModel (for tests and inspection); int64 fields come back as numbers. */
export function decodeModel(bytes: Uint8Array): Record<string, unknown> {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as Record<string, unknown>
}
