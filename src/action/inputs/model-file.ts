/**
 * A model file as the `models` input names it, read before anything is uploaded: its size and SHA-256 (hashed
 * 1 MiB at a time, never held whole, so a multi-GB model costs no memory) and, for ONNX, its signature, which
 * also proves it is a loadable ONNX model.
 */
import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { NotOnnxError, readOnnxSignature, type OnnxSignature } from './onnx-signature.js'

/** Bytes read per step while hashing. */
const CHUNK = 1024 * 1024

/** Size and hex SHA-256 of a file, read in 1 MiB pieces. */
export function hashFile(path: string): { size: number; sha: string } {
  const fd = openSync(path, 'r')
  try {
    const hash = createHash('sha256')
    const buffer = Buffer.alloc(CHUNK)
    let size = 0
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, size)
      if (n === 0) break
      hash.update(buffer.subarray(0, n))
      size += n
    }
    // A file that changed size while being read is being written: its hash would not match what is uploaded.
    if (fstatSync(fd).size !== size) throw new Error(`it changed while being read (${size} bytes read, ${fstatSync(fd).size} now)`)
    return { size, sha: hash.digest('hex') }
  } finally {
    closeSync(fd)
  }
}

/** The signature of an ONNX model file, or why it is not a loadable ONNX model (a clause such as "it is text, …"). */
export function onnxSignatureOf(path: string): { signature: OnnxSignature } | { problem: string } {
  try {
    return { signature: readOnnxSignature({ path }) }
  } catch (e) {
    if (e instanceof NotOnnxError) return { problem: e.message }
    return { problem: `it cannot be read (${(e as Error).message})` }
  }
}
