/**
 * A protobuf wire-format reader for untrusted files: random access through a small window, so a multi-GB model is
 * read field by field (a large field is skipped, never loaded); every length is checked against its enclosing
 * message and the file, and every problem is a ProtobufFormatError saying where. It knows no schema: callers walk
 * the fields they need with their own fixed nesting, so hostile bytes cannot make it recurse.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/** The bytes do not follow the protobuf wire format (or end too soon); `offset` is where that showed. */
export class ProtobufFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    /** The bytes end before a field does: the file looks cut short. */
    readonly truncated = false
  ) {
    super(message)
    this.name = 'ProtobufFormatError'
  }
}

/** Random access to some bytes: a buffer in memory, or a file read on demand. */
export interface ByteSource {
  readonly size: number
  /** `length` bytes from `offset` (the caller keeps within `size`); may be a view valid until the next read. */
  read(offset: number, length: number): Uint8Array
  close(): void
}

/** Bytes already in memory. */
export function bufferSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length), close: () => undefined }
}

/** How much of a file is read at once: small reads (tags, lengths) come from this window. */
const WINDOW = 64 * 1024

/** A file read through a 64 KiB window (reads longer than the window get their own buffer). Close it when done. */
export function fileSource(path: string): ByteSource {
  const fd = openSync(path, 'r')
  let size: number
  try {
    size = fstatSync(fd).size
  } catch (e) {
    closeSync(fd)
    throw e
  }
  const window = Buffer.alloc(WINDOW)
  let start = 0
  let filled = 0
  const fill = (into: Buffer, offset: number, length: number): number => {
    let got = 0
    while (got < length) {
      const n = readSync(fd, into, got, length - got, offset + got)
      if (n === 0) break
      got += n
    }
    return got
  }
  return {
    size,
    read(offset, length) {
      if (length > WINDOW) {
        const out = Buffer.alloc(length)
        return out.subarray(0, fill(out, offset, length))
      }
      if (offset < start || offset + length > start + filled) {
        start = offset
        filled = fill(window, offset, Math.min(WINDOW, size - offset))
      }
      return window.subarray(offset - start, offset - start + length)
    },
    close: () => closeSync(fd)
  }
}

/** Wire types (the low 3 bits of a tag). Groups (3, 4) are long deprecated and never appear in ONNX. */
export const WireType = { Varint: 0, Fixed64: 1, Len: 2, Fixed32: 5 } as const

/** One field's key and where its value is. */
export interface FieldHeader {
  field: number
  wire: number
  /** Offset of the value: the varint itself, the fixed bytes, or (Len) the first byte of the payload. */
  at: number
  /** Len fields: the payload's length. */
  length: number
}

/** Longest varint: 10 bytes encode 64 bits. */
const MAX_VARINT_BYTES = 10

/**
 * Reads the fields of one message, [start, end) of the source, in order. Each `next()` consumes at least one byte,
 * so a walk ends after at most `end - start` steps; `maxFields` bounds it further.
 */
export class MessageReader {
  #pos: number
  #count = 0

  constructor(
    readonly source: ByteSource,
    readonly start: number,
    readonly end: number,
    /** What the message is, for errors: e.g. "the graph". */
    readonly what: string,
    readonly maxFields = 10_000_000
  ) {
    if (end > source.size) throw new ProtobufFormatError(`${what} needs ${end - start} bytes but only ${source.size - start} remain`, source.size, true)
    this.#pos = start
  }

  /** The next field's header (its value is skipped by the following `next()`), or undefined at the end. */
  next(): FieldHeader | undefined {
    if (this.#pos >= this.end) return undefined
    if (++this.#count > this.maxFields) throw new ProtobufFormatError(`${this.what} has more than ${this.maxFields} fields`, this.#pos)
    const keyAt = this.#pos
    const key = this.#varint()
    const field = Math.floor(key / 8)
    const wire = key % 8
    if (field === 0 || field > 536_870_911) throw new ProtobufFormatError(`${this.what} has a field numbered ${field} at byte ${keyAt}`, keyAt)
    const at = this.#pos
    let length = 0
    switch (wire) {
      case WireType.Varint:
        this.#varint()
        break
      case WireType.Fixed64:
        length = 8
        this.#advance(8, field)
        break
      case WireType.Fixed32:
        length = 4
        this.#advance(4, field)
        break
      case WireType.Len: {
        length = this.#varint()
        const payload = this.#pos
        this.#advance(length, field)
        return { field, wire, at: payload, length }
      }
      default:
        throw new ProtobufFormatError(`${this.what} has field ${field} with wire type ${wire} at byte ${keyAt}, which protobuf messages do not use`, keyAt)
    }
    return { field, wire, at, length }
  }

  /** The varint value of a Varint field (as a number; above 2^53 it loses precision, which no caller needs). */
  varintAt(h: FieldHeader): number {
    return readVarintAt(this.source, h.at, this.end, this.what).value
  }

  /** A Varint field read as int64 (negative values are 10-byte two's complement). */
  int64At(h: FieldHeader): number {
    const v = this.varintAt(h)
    return v >= 2 ** 63 ? v - 2 ** 64 : v
  }

  /** A Len field as UTF-8 text; refused above `max` bytes or when it is not UTF-8 (protobuf strings always are). */
  stringAt(h: FieldHeader, max: number, name: string): string {
    if (h.length > max) throw new ProtobufFormatError(`${this.what} has a ${name} of ${h.length} bytes (more than ${max})`, h.at)
    try {
      return UTF8.decode(this.source.read(h.at, h.length))
    } catch {
      throw new ProtobufFormatError(`${this.what} has a ${name} that is not UTF-8 text at byte ${h.at}`, h.at)
    }
  }

  /** Expects `wire` for a field whose type the caller knows. */
  expect(h: FieldHeader, wire: number, name: string): void {
    if (h.wire !== wire) throw new ProtobufFormatError(`${this.what} has ${name} (field ${h.field}) with wire type ${h.wire} instead of ${wire}`, h.at)
  }

  #varint(): number {
    const { value, bytes } = readVarintAt(this.source, this.#pos, this.end, this.what)
    this.#pos += bytes
    return value
  }

  #advance(n: number, field: number): void {
    if (this.#pos + n > this.end) {
      const inFile = this.end === this.source.size
      throw new ProtobufFormatError(
        `field ${field} of ${this.what} needs ${n} bytes from byte ${this.#pos} but ${inFile ? 'the file ends' : 'its message ends'} at byte ${this.end}`,
        this.#pos,
        inFile
      )
    }
    this.#pos += n
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** A base-128 varint at `offset`, which must end before `end`. */
function readVarintAt(source: ByteSource, offset: number, end: number, what: string): { value: number; bytes: number } {
  const available = Math.min(MAX_VARINT_BYTES, end - offset)
  const bytes = source.read(offset, available)
  let value = 0
  let scale = 1
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]
    value += (b & 0x7f) * scale
    scale *= 128
    if ((b & 0x80) === 0) return { value, bytes: i + 1 }
  }
  if (available < MAX_VARINT_BYTES) {
    const inFile = end === source.size
    throw new ProtobufFormatError(`${what} ends inside a number at byte ${offset}${inFile ? ' (the file is cut short)' : ''}`, offset, inFile)
  }
  throw new ProtobufFormatError(`${what} has a number longer than 10 bytes at byte ${offset}`, offset)
}
