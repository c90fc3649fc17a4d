/**
 * A bounds-checked reader for the flatbuffers inside an Arrow IPC file (footer and message metadata).
 * apache-arrow's own flatbuffers reader never checks bounds: a read past the end yields 0 and a vector length is
 * trusted as is, so a damaged length makes it loop over billions of phantom entries. This reader reads offsets the
 * same way (signed 32-bit, like flatbuffers' ByteBuffer), so what it checks is exactly what apache-arrow will read,
 * and throws `FlatbufferError` naming the place instead.
 */

/** A flatbuffer that does not hold together; `where` names the place, e.g. `footer schema.fields[2].name`. */
export class FlatbufferError extends Error {
  constructor(
    readonly where: string,
    problem: string
  ) {
    super(`${where}: ${problem}`)
    this.name = 'FlatbufferError'
  }
}

/** One flatbuffer (a byte range) and its reads; every read is checked against the range. */
export class Flatbuffer {
  private readonly view: DataView

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  /** Throws unless [at, at + n) lies inside the buffer. */
  need(at: number, n: number, where: string): void {
    if (!Number.isSafeInteger(at) || at < 0 || n < 0 || at + n > this.bytes.byteLength) {
      throw new FlatbufferError(where, `reads ${n} byte(s) at ${at}, outside the ${this.bytes.byteLength}-byte metadata`)
    }
  }

  i8(at: number, where: string): number {
    this.need(at, 1, where)
    return this.view.getInt8(at)
  }

  u8(at: number, where: string): number {
    this.need(at, 1, where)
    return this.view.getUint8(at)
  }

  i16(at: number, where: string): number {
    this.need(at, 2, where)
    return this.view.getInt16(at, true)
  }

  i32(at: number, where: string): number {
    this.need(at, 4, where)
    return this.view.getInt32(at, true)
  }

  /** A 64-bit integer that must fit a JS number exactly (lengths and offsets beyond 2^53 are damage, not data). */
  i64(at: number, where: string): number {
    this.need(at, 8, where)
    const v = this.view.getBigInt64(at, true)
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) throw new FlatbufferError(where, `value ${v} is out of range`)
    return Number(v)
  }

  /** The root table (the first 4 bytes are its offset). */
  root(where: string): Table {
    return this.table(this.i32(0, where), where)
  }

  /** The table at `pos`, with its vtable checked. */
  table(pos: number, where: string): Table {
    this.need(pos, 4, where)
    const vtable = pos - this.i32(pos, where)
    const vtableSize = this.i16(vtable, `${where} (vtable)`)
    if (vtableSize < 4 || vtableSize % 2 !== 0) throw new FlatbufferError(where, `vtable size ${vtableSize} is invalid`)
    this.need(vtable, vtableSize, `${where} (vtable)`)
    return new Table(this, pos, vtable, vtableSize, where)
  }
}

/** A table: fields by their id (0 is the first field of the schema). */
export class Table {
  constructor(
    readonly fb: Flatbuffer,
    readonly pos: number,
    private readonly vtable: number,
    private readonly vtableSize: number,
    readonly where: string
  ) {}

  /** Position of field `id`'s value, or 0 when the field is absent (its default applies). */
  private slot(id: number, size: number, where: string): number {
    const entry = 4 + id * 2
    if (entry >= this.vtableSize) return 0
    const offset = this.fb.i16(this.vtable + entry, where)
    if (offset === 0) return 0
    if (offset < 4) throw new FlatbufferError(where, `field offset ${offset} is invalid`)
    this.fb.need(this.pos + offset, size, where)
    return this.pos + offset
  }

  private at(name: string): string {
    return `${this.where}.${name}`
  }

  bool(id: number, name: string): boolean {
    const at = this.slot(id, 1, this.at(name))
    return at ? this.fb.i8(at, this.at(name)) !== 0 : false
  }

  u8(id: number, name: string, fallback = 0): number {
    const at = this.slot(id, 1, this.at(name))
    return at ? this.fb.u8(at, this.at(name)) : fallback
  }

  i16(id: number, name: string, fallback = 0): number {
    const at = this.slot(id, 2, this.at(name))
    return at ? this.fb.i16(at, this.at(name)) : fallback
  }

  i32(id: number, name: string, fallback = 0): number {
    const at = this.slot(id, 4, this.at(name))
    return at ? this.fb.i32(at, this.at(name)) : fallback
  }

  i64(id: number, name: string, fallback = 0): number {
    const at = this.slot(id, 8, this.at(name))
    return at ? this.fb.i64(at, this.at(name)) : fallback
  }

  /** The position a reference field points to (signed, as flatbuffers' ByteBuffer reads it), or 0 when absent. */
  private target(id: number, name: string): number {
    const at = this.slot(id, 4, this.at(name))
    if (!at) return 0
    const to = at + this.fb.i32(at, this.at(name))
    this.fb.need(to, 4, this.at(name))
    return to
  }

  /** A sub-table, or null when absent. */
  table(id: number, name: string): Table | null {
    const to = this.target(id, name)
    return to ? this.fb.table(to, `${this.where}.${name}`) : null
  }

  /** A string's length after checking its bytes lie inside the buffer (null when absent). */
  string(id: number, name: string): string | null {
    const to = this.target(id, name)
    if (!to) return null
    return readString(this.fb, to, `${this.where}.${name}`)
  }

  /** A vector of `elementSize`-byte elements: its element count and the position of element 0 (null when absent). */
  vector(id: number, name: string, elementSize: number): { length: number; start: number } | null {
    const to = this.target(id, name)
    if (!to) return null
    const where = `${this.where}.${name}`
    const length = this.fb.i32(to, where)
    if (length < 0) throw new FlatbufferError(where, `vector length ${length} is negative`)
    this.fb.need(to + 4, length * elementSize, `${where} (${length} elements)`)
    return { length, start: to + 4 }
  }

  /** The tables of a vector of tables (each element is an offset to a table). */
  tables(id: number, name: string): Table[] {
    const v = this.vector(id, name, 4)
    if (!v) return []
    const out: Table[] = []
    for (let i = 0; i < v.length; i++) {
      const at = v.start + i * 4
      out.push(this.fb.table(at + this.fb.i32(at, `${this.where}.${name}[${i}]`), `${this.where}.${name}[${i}]`))
    }
    return out
  }
}

/** Reads a flatbuffer string at `pos` (a 32-bit length, then the bytes). */
function readString(fb: Flatbuffer, pos: number, where: string): string {
  const length = fb.i32(pos, where)
  if (length < 0) throw new FlatbufferError(where, `string length ${length} is negative`)
  fb.need(pos + 4, length, where)
  return new TextDecoder().decode(fb.bytes.subarray(pos + 4, pos + 4 + length))
}

/** Checks every entry of a `[KeyValue]` vector (custom metadata), which apache-arrow decodes into a Map. */
export function checkKeyValues(table: Table, id: number, name: string): void {
  for (const kv of table.tables(id, name)) {
    kv.string(0, 'key')
    kv.string(1, 'value')
  }
}
