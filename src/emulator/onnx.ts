/**
 * Loads ONNX models with onnxruntime-node and runs them on plain typed arrays, so the rest of the emulator never
 * touches onnxruntime's Tensor class (which also keeps its cross-realm typed-array checks in one place).
 */
import { statSync } from 'node:fs'
import ort from 'onnxruntime-node'

/** One model input or output: name, element type ('float32', 'int64', …) and dims (strings are symbolic, e.g. 'batch'). */
export interface TensorInfo {
  name: string
  type: string
  dims: Array<number | string>
}

/** Element data of a tensor as the emulator passes it around. */
export type TensorData = Float32Array | Float64Array | Int32Array | BigInt64Array | number[] | boolean[] | string[]

/** A tensor fed to a model: flat row-major data and its dims. */
export interface FeedTensor {
  data: ArrayLike<number> | Float32Array | BigInt64Array
  dims: number[]
}

/** A tensor produced by a model. */
export interface OutputTensor {
  data: TensorData
  dims: number[]
  type: string
}

/** A loaded model, ready to run batches. */
export interface LoadedModel {
  inputs: TensorInfo[]
  outputs: TensorInfo[]
  run(feeds: Record<string, FeedTensor>): Promise<Record<string, OutputTensor>>
}

/** The bytes are not a model onnxruntime can load; the message is fit for a model version's `error_summary`. */
export class ModelLoadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ModelLoadError'
  }
}

function tensorInfo(meta: ort.InferenceSession.ValueMetadata): TensorInfo {
  if (!meta.isTensor) {
    throw new ModelLoadError(`model ${meta.name} is not a tensor (sequence/map values are not supported by the emulator)`)
  }
  return { name: meta.name, type: meta.type, dims: [...meta.shape] }
}

/** Converts feed data to the element type the model declares, copying only when the type differs. */
function toOrtTensor(feed: FeedTensor, info: TensorInfo): ort.Tensor {
  const { data, dims } = feed
  switch (info.type) {
    case 'float32':
      return new ort.Tensor('float32', data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>), dims)
    case 'float64':
      return new ort.Tensor('float64', data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>, Number), dims)
    case 'int32':
      return new ort.Tensor('int32', data instanceof Int32Array ? data : Int32Array.from(data as ArrayLike<number>, Number), dims)
    case 'int64':
      return new ort.Tensor(
        'int64',
        data instanceof BigInt64Array ? data : BigInt64Array.from(data as ArrayLike<number>, (v) => BigInt(Math.trunc(Number(v)))),
        dims
      )
    default:
      throw new TypeError(`input "${info.name}" has element type ${info.type}, which the emulator cannot feed (float32, float64, int32, int64 only)`)
  }
}

/** Normalizes onnxruntime output data to the emulator's TensorData (narrow ints widen to Int32Array, bool to boolean[]). */
function fromOrtTensor(t: ort.Tensor): OutputTensor {
  const dims = [...t.dims]
  const d = t.data as unknown
  switch (t.type) {
    case 'float32':
    case 'float64':
    case 'int32':
    case 'int64':
      return { data: d as TensorData, dims, type: t.type }
    case 'int8':
    case 'uint8':
    case 'int16':
    case 'uint16':
      return { data: Int32Array.from(d as ArrayLike<number>), dims, type: 'int32' }
    case 'uint32':
      return { data: Float64Array.from(d as ArrayLike<number>), dims, type: 'float64' }
    case 'uint64':
      return { data: Array.from(d as BigUint64Array, Number), dims, type: 'float64' }
    case 'bool':
      return { data: Array.from(d as Uint8Array, (v) => v !== 0), dims, type: 'bool' }
    case 'string':
      return { data: d as string[], dims, type: 'string' }
    default:
      // float16 and friends: onnxruntime hands back raw bits we would have to decode; say so instead of guessing.
      throw new TypeError(`model output has element type ${t.type}, which the emulator cannot return`)
  }
}

/** Loads ONNX bytes, or the file at a path (so a large model is never copied into JS memory); throws ModelLoadError naming the problem when onnxruntime refuses it. */
export async function loadOnnxModel(source: Uint8Array | string): Promise<LoadedModel> {
  const size = typeof source === 'string' ? statSync(source).size : source.byteLength
  if (size === 0) throw new ModelLoadError('the model file is empty; upload the .onnx file itself')
  let session: ort.InferenceSession
  try {
    // A Buffer (or an array from another realm, as under jest) fails onnxruntime's Uint8Array check: view it as ours.
    session = await (typeof source === 'string'
      ? ort.InferenceSession.create(source)
      : ort.InferenceSession.create(new Uint8Array(source.buffer, source.byteOffset, source.byteLength)))
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new ModelLoadError(`not a loadable ONNX model (onnxruntime: ${reason.trim()}). Upload a valid .onnx file with framework "onnx".`)
  }
  const inputs = session.inputMetadata.map(tensorInfo)
  const outputs = session.outputMetadata.map(tensorInfo)
  return {
    inputs,
    outputs,
    // Not an async function: one promise layer less on every inference; a bad feed still rejects.
    run(feeds) {
      const ortFeeds: Record<string, ort.Tensor> = {}
      try {
        for (const info of inputs) {
          const feed = feeds[info.name]
          if (!feed) throw new TypeError(`no feed for model input "${info.name}"`)
          ortFeeds[info.name] = toOrtTensor(feed, info)
        }
      } catch (err) {
        return Promise.reject(err)
      }
      return session.run(ortFeeds).then((results) => {
        const out: Record<string, OutputTensor> = {}
        for (const info of outputs) out[info.name] = fromOrtTensor(results[info.name])
        return out
      })
    }
  }
}
