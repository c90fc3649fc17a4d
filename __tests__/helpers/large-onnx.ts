/**
 * Writes a valid ONNX model of any size without holding it: a one-node graph (Identity of a [batch, 4] float input)
 * whose last field is an unused initializer with `payloadBytes` of raw data, written sparse (the file is extended
 * with ftruncate), so a multi-GB model costs no disk or memory. Field numbers from onnx/onnx.proto.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs'

function varint(n: number): number[] {
  const out: number[] = []
  let v = n
  while (v >= 128) {
    out.push((v % 128) | 0x80)
    v = Math.floor(v / 128)
  }
  out.push(v)
  return out
}

/** A length-delimited field's key and length (the payload follows). */
function lenHeader(field: number, length: number): number[] {
  return [...varint(field * 8 + 2), ...varint(length)]
}

function bytesField(field: number, payload: number[]): number[] {
  return [...lenHeader(field, payload.length), ...payload]
}

function text(field: number, s: string): number[] {
  return bytesField(field, [...Buffer.from(s, 'utf8')])
}

function varintField(field: number, n: number): number[] {
  return [...varint(field * 8), ...varint(n)]
}

/** ValueInfoProto of a float tensor [batch, width]. */
function floatInput(field: number, name: string, width: number): number[] {
  const dims = [...bytesField(1, text(2, 'batch')), ...bytesField(1, varintField(1, width))]
  const tensorType = [...varintField(1, 1), ...bytesField(2, dims)]
  const type = bytesField(1, tensorType)
  return bytesField(field, [...text(1, name), ...bytesField(2, type)])
}

/** Writes the model to `path`; returns its size in bytes. */
export function writeLargeOnnx(path: string, payloadBytes: number): number {
  const node = bytesField(1, [...text(1, 'x'), ...text(2, 'y'), ...text(3, 'identity'), ...text(4, 'Identity')])
  // TensorProto: name, data_type FLOAT, then raw_data (field 9) whose bytes are the file's sparse tail.
  const initializerHead = [...text(8, 'unused_weights'), ...varintField(2, 1), ...lenHeader(9, payloadBytes)]
  const initializerLength = initializerHead.length + payloadBytes
  const graphHead = [...node, ...text(2, 'large'), ...floatInput(11, 'x', 4), ...floatInput(12, 'y', 4), ...lenHeader(5, initializerLength), ...initializerHead]
  const graphLength = graphHead.length + payloadBytes
  const model = [...varintField(1, 8), ...text(2, 'wallaroo-action-tests'), ...bytesField(8, varintField(2, 13)), ...lenHeader(7, graphLength), ...graphHead]
  const fd = openSync(path, 'w')
  try {
    writeSync(fd, Uint8Array.from(model))
    ftruncateSync(fd, model.length + payloadBytes)
  } finally {
    closeSync(fd)
  }
  return model.length + payloadBytes
}
