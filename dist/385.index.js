export const id = 385;
export const ids = [385];
export const modules = {

/***/ 2385:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readArrowFile: () => (/* binding */ readArrowFile)
});

// EXTERNAL MODULE: ./node_modules/apache-arrow/ipc/serialization.mjs
var serialization = __webpack_require__(8703);
;// CONCATENATED MODULE: ./src/arrow/flatbuffers.ts
/**
 * A bounds-checked reader for the flatbuffers inside an Arrow IPC file (footer and message metadata).
 * apache-arrow's own flatbuffers reader never checks bounds: a read past the end yields 0 and a vector length is
 * trusted as is, so a damaged length makes it loop over billions of phantom entries. This reader reads offsets the
 * same way (signed 32-bit, like flatbuffers' ByteBuffer), so what it checks is exactly what apache-arrow will read,
 * and throws `FlatbufferError` naming the place instead.
 */
/** A flatbuffer that does not hold together; `where` names the place, e.g. `footer schema.fields[2].name`. */
class FlatbufferError extends Error {
    where;
    constructor(where, problem) {
        super(`${where}: ${problem}`);
        this.where = where;
        this.name = 'FlatbufferError';
    }
}
/** One flatbuffer (a byte range) and its reads; every read is checked against the range. */
class Flatbuffer {
    bytes;
    view;
    constructor(bytes) {
        this.bytes = bytes;
        this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    /** Throws unless [at, at + n) lies inside the buffer. */
    need(at, n, where) {
        if (!Number.isSafeInteger(at) || at < 0 || n < 0 || at + n > this.bytes.byteLength) {
            throw new FlatbufferError(where, `reads ${n} byte(s) at ${at}, outside the ${this.bytes.byteLength}-byte metadata`);
        }
    }
    i8(at, where) {
        this.need(at, 1, where);
        return this.view.getInt8(at);
    }
    u8(at, where) {
        this.need(at, 1, where);
        return this.view.getUint8(at);
    }
    i16(at, where) {
        this.need(at, 2, where);
        return this.view.getInt16(at, true);
    }
    i32(at, where) {
        this.need(at, 4, where);
        return this.view.getInt32(at, true);
    }
    /** A 64-bit integer that must fit a JS number exactly (lengths and offsets beyond 2^53 are damage, not data). */
    i64(at, where) {
        this.need(at, 8, where);
        const v = this.view.getBigInt64(at, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
            throw new FlatbufferError(where, `value ${v} is out of range`);
        return Number(v);
    }
    /** The root table (the first 4 bytes are its offset). */
    root(where) {
        return this.table(this.i32(0, where), where);
    }
    /** The table at `pos`, with its vtable checked. */
    table(pos, where) {
        this.need(pos, 4, where);
        const vtable = pos - this.i32(pos, where);
        const vtableSize = this.i16(vtable, `${where} (vtable)`);
        if (vtableSize < 4 || vtableSize % 2 !== 0)
            throw new FlatbufferError(where, `vtable size ${vtableSize} is invalid`);
        this.need(vtable, vtableSize, `${where} (vtable)`);
        return new Table(this, pos, vtable, vtableSize, where);
    }
}
/** A table: fields by their id (0 is the first field of the schema). */
class Table {
    fb;
    pos;
    vtable;
    vtableSize;
    where;
    constructor(fb, pos, vtable, vtableSize, where) {
        this.fb = fb;
        this.pos = pos;
        this.vtable = vtable;
        this.vtableSize = vtableSize;
        this.where = where;
    }
    /** Position of field `id`'s value, or 0 when the field is absent (its default applies). */
    slot(id, size, where) {
        const entry = 4 + id * 2;
        if (entry >= this.vtableSize)
            return 0;
        const offset = this.fb.i16(this.vtable + entry, where);
        if (offset === 0)
            return 0;
        if (offset < 4)
            throw new FlatbufferError(where, `field offset ${offset} is invalid`);
        this.fb.need(this.pos + offset, size, where);
        return this.pos + offset;
    }
    at(name) {
        return `${this.where}.${name}`;
    }
    bool(id, name) {
        const at = this.slot(id, 1, this.at(name));
        return at ? this.fb.i8(at, this.at(name)) !== 0 : false;
    }
    u8(id, name, fallback = 0) {
        const at = this.slot(id, 1, this.at(name));
        return at ? this.fb.u8(at, this.at(name)) : fallback;
    }
    i16(id, name, fallback = 0) {
        const at = this.slot(id, 2, this.at(name));
        return at ? this.fb.i16(at, this.at(name)) : fallback;
    }
    i32(id, name, fallback = 0) {
        const at = this.slot(id, 4, this.at(name));
        return at ? this.fb.i32(at, this.at(name)) : fallback;
    }
    i64(id, name, fallback = 0) {
        const at = this.slot(id, 8, this.at(name));
        return at ? this.fb.i64(at, this.at(name)) : fallback;
    }
    /** The position a reference field points to (signed, as flatbuffers' ByteBuffer reads it), or 0 when absent. */
    target(id, name) {
        const at = this.slot(id, 4, this.at(name));
        if (!at)
            return 0;
        const to = at + this.fb.i32(at, this.at(name));
        this.fb.need(to, 4, this.at(name));
        return to;
    }
    /** A sub-table, or null when absent. */
    table(id, name) {
        const to = this.target(id, name);
        return to ? this.fb.table(to, `${this.where}.${name}`) : null;
    }
    /** A string's length after checking its bytes lie inside the buffer (null when absent). */
    string(id, name) {
        const to = this.target(id, name);
        if (!to)
            return null;
        return readString(this.fb, to, `${this.where}.${name}`);
    }
    /** A vector of `elementSize`-byte elements: its element count and the position of element 0 (null when absent). */
    vector(id, name, elementSize) {
        const to = this.target(id, name);
        if (!to)
            return null;
        const where = `${this.where}.${name}`;
        const length = this.fb.i32(to, where);
        if (length < 0)
            throw new FlatbufferError(where, `vector length ${length} is negative`);
        this.fb.need(to + 4, length * elementSize, `${where} (${length} elements)`);
        return { length, start: to + 4 };
    }
    /** The tables of a vector of tables (each element is an offset to a table). */
    tables(id, name) {
        const v = this.vector(id, name, 4);
        if (!v)
            return [];
        const out = [];
        for (let i = 0; i < v.length; i++) {
            const at = v.start + i * 4;
            out.push(this.fb.table(at + this.fb.i32(at, `${this.where}.${name}[${i}]`), `${this.where}.${name}[${i}]`));
        }
        return out;
    }
}
/** Reads a flatbuffer string at `pos` (a 32-bit length, then the bytes). */
function readString(fb, pos, where) {
    const length = fb.i32(pos, where);
    if (length < 0)
        throw new FlatbufferError(where, `string length ${length} is negative`);
    fb.need(pos + 4, length, where);
    return new TextDecoder().decode(fb.bytes.subarray(pos + 4, pos + 4 + length));
}
/** Checks every entry of a `[KeyValue]` vector (custom metadata), which apache-arrow decodes into a Map. */
function checkKeyValues(table, id, name) {
    for (const kv of table.tables(id, name)) {
        kv.string(0, 'key');
        kv.string(1, 'value');
    }
}

;// CONCATENATED MODULE: ./src/arrow/ipc-schema.ts
/**
 * Reads an Arrow schema (a flatbuffer `Schema` table) into the buffer layout of each column: how many field nodes
 * and buffers apache-arrow's VectorLoader takes for it and what each buffer must hold. Mirrors apache-arrow's
 * `decodeField`/`decodeFieldType`, with caps on nesting and field count (flatbuffer offsets are signed, so a damaged
 * file can make a field its own child) and a clear refusal of the types apache-arrow cannot load safely.
 */

/**
 * A schema, or a batch against its schema, that breaks what the reader accepts; `unsupported` when it is
 * well-formed but uses something apache-arrow cannot load safely, `too-large` beyond the limits.
 */
class LayoutError extends Error {
    kind;
    constructor(message, kind = 'damaged') {
        super(message);
        this.kind = kind;
        this.name = 'LayoutError';
    }
}
// Type union ids of Schema.fbs.
const TYPE_NAMES = [
    'NONE',
    'Null',
    'Int',
    'FloatingPoint',
    'Binary',
    'Utf8',
    'Bool',
    'Decimal',
    'Date',
    'Time',
    'Timestamp',
    'Interval',
    'List',
    'Struct',
    'Union',
    'FixedSizeBinary',
    'FixedSizeList',
    'Map',
    'Duration',
    'LargeBinary',
    'LargeUtf8',
    'LargeList',
    'RunEndEncoded',
    'BinaryView',
    'Utf8View',
    'ListView',
    'LargeListView'
];
/** Types apache-arrow 21 decodes but this guard does not validate (their buffers index each other in ways left unchecked). */
const UNSUPPORTED = new Set(['Union', 'RunEndEncoded', 'BinaryView', 'Utf8View', 'ListView', 'LargeListView']);
/** Reads the schema table of a footer; throws LayoutError or FlatbufferError. */
function readSchema(schema, limits) {
    if (schema.i16(0, 'endianness') !== 0)
        throw new LayoutError('the file is big-endian; write it on (or convert it to) little-endian', 'unsupported');
    checkKeyValues(schema, 2, 'custom_metadata');
    const state = { fields: 0, dictionaries: new Map() };
    const columns = schema.tables(1, 'fields').map((f) => readField(f, 1, state, limits));
    return { columns, dictionaries: state.dictionaries };
}
function readField(f, depth, state, limits) {
    if (++state.fields > limits.maxFields)
        throw new LayoutError(`the schema has more than ${limits.maxFields} fields (nested ones included)`, 'too-large');
    if (depth > limits.maxDepth)
        throw new LayoutError(`the schema nests fields more than ${limits.maxDepth} levels deep`, 'too-large');
    const rawName = f.string(0, 'name') ?? '';
    const name = rawName.length > 40 ? `${rawName.slice(0, 40)}…` : rawName;
    checkKeyValues(f, 6, 'custom_metadata');
    const children = f.tables(5, 'children').map((c) => readField(c, depth + 1, state, limits));
    const dictionary = f.table(4, 'dictionary');
    const typeId = f.u8(2, 'type_type');
    const params = f.table(3, 'type');
    if (dictionary) {
        const id = dictionary.i64(0, 'id');
        const index = dictionary.table(1, 'indexType');
        const bitWidth = index ? index.i32(0, 'bitWidth') : 32;
        if (![8, 16, 32, 64].includes(bitWidth))
            throw new LayoutError(`column "${name}": dictionary index width ${bitWidth} bits is invalid`);
        // apache-arrow keeps the value type of the first field that names a dictionary id.
        if (!state.dictionaries.has(id))
            state.dictionaries.set(id, valueLayout(name, typeId, params, children));
        return { name, kind: 'dictionary', id, indexWidth: bitWidth / 8, signed: index ? index.bool(1, 'is_signed') : true };
    }
    return valueLayout(name, typeId, params, children);
}
function valueLayout(name, typeId, params, children) {
    const typeName = TYPE_NAMES[typeId];
    if (typeName === undefined)
        throw new LayoutError(`column "${name}" has type id ${typeId}, which is not an Arrow type`);
    if (UNSUPPORTED.has(typeName))
        throw new LayoutError(`column "${name}" has Arrow type ${typeName}, which is not supported; use plain lists, strings or numbers`, 'unsupported');
    const need = () => {
        if (!params)
            throw new LayoutError(`column "${name}" of type ${typeName} lacks its type parameters`);
        return params;
    };
    const bad = (what) => {
        throw new LayoutError(`column "${name}" of type ${typeName} has ${what}`);
    };
    const child = () => children[0] ?? bad('no child field');
    switch (typeName) {
        case 'NONE':
        case 'Null':
            return { name, kind: 'null' };
        case 'Bool':
            return { name, kind: 'bool' };
        case 'Binary':
        case 'Utf8':
            return { name, kind: 'binary', offsetWidth: 4 };
        case 'LargeBinary':
        case 'LargeUtf8':
            return { name, kind: 'binary', offsetWidth: 8 };
        case 'Int': {
            const bits = need().i32(0, 'bitWidth');
            return [8, 16, 32, 64].includes(bits) ? { name, kind: 'fixed', width: bits / 8 } : bad(`bit width ${bits}`);
        }
        case 'FloatingPoint': {
            const precision = need().i16(0, 'precision');
            return precision >= 0 && precision <= 2 ? { name, kind: 'fixed', width: [2, 4, 8][precision] } : bad(`precision ${precision}`);
        }
        case 'Decimal': {
            const bits = need().i32(2, 'bitWidth', 128);
            return [32, 64, 128, 256].includes(bits) ? { name, kind: 'fixed', width: bits / 8 } : bad(`bit width ${bits}`);
        }
        case 'Date': {
            const unit = need().i16(0, 'unit', 1);
            return unit === 0 || unit === 1 ? { name, kind: 'fixed', width: unit === 0 ? 4 : 8 } : bad(`unit ${unit}`);
        }
        case 'Time': {
            const p = need();
            const unit = p.i16(0, 'unit', 1);
            const bits = p.i32(1, 'bitWidth', 32);
            if (unit < 0 || unit > 3)
                bad(`unit ${unit}`);
            return bits === 32 || bits === 64 ? { name, kind: 'fixed', width: bits / 8 } : bad(`bit width ${bits}`);
        }
        case 'Timestamp':
        case 'Duration': {
            const p = need();
            const unit = p.i16(0, 'unit', typeName === 'Duration' ? 1 : 0);
            if (typeName === 'Timestamp')
                p.string(1, 'timezone');
            return unit >= 0 && unit <= 3 ? { name, kind: 'fixed', width: 8 } : bad(`unit ${unit}`);
        }
        case 'Interval': {
            const unit = need().i16(0, 'unit');
            return unit >= 0 && unit <= 2 ? { name, kind: 'fixed', width: [4, 8, 16][unit] } : bad(`unit ${unit}`);
        }
        case 'FixedSizeBinary': {
            const width = need().i32(0, 'byteWidth');
            return width >= 0 ? { name, kind: 'fixed', width } : bad(`byte width ${width}`);
        }
        case 'List':
            return { name, kind: 'list', offsetWidth: 4, child: child() };
        case 'LargeList':
            return { name, kind: 'list', offsetWidth: 8, child: child() };
        case 'Map': {
            need().bool(0, 'keysSorted');
            const entries = child();
            if (entries.kind !== 'struct' || entries.children.length !== 2)
                bad('entries that are not a struct of key and value');
            return { name, kind: 'list', offsetWidth: 4, child: entries };
        }
        case 'FixedSizeList': {
            const size = need().i32(0, 'listSize');
            return size >= 0 ? { name, kind: 'fixed-list', size, child: child() } : bad(`list size ${size}`);
        }
        case 'Struct':
            return { name, kind: 'struct', children };
    }
    throw new LayoutError(`column "${name}" has type ${typeName}, which is not supported`, 'unsupported');
}

;// CONCATENATED MODULE: ./src/arrow/ipc-batches.ts

/** Walks the nodes and buffers of one batch. */
class BatchReader {
    nodes;
    buffers;
    body;
    dictionaryLengths;
    limits;
    where;
    node = 0;
    buffer = 0;
    view;
    constructor(nodes, buffers, body, dictionaryLengths, limits, where) {
        this.nodes = nodes;
        this.buffers = buffers;
        this.body = body;
        this.dictionaryLengths = dictionaryLengths;
        this.limits = limits;
        this.where = where;
        this.view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    }
    /** Checks one column (and its children); returns its length. */
    column(layout) {
        const label = `${this.where} column "${layout.name}"`;
        const node = this.nodes[this.node++];
        if (!node)
            throw new LayoutError(`${this.where} has ${this.nodes.length} field node(s), fewer than its schema needs`);
        // A negative null count means "not computed" (apache-arrow writes -1 for some slices); the bitmap is then unused.
        if (node.length < 0 || node.nullCount > node.length) {
            throw new LayoutError(`${label} claims ${node.length} values with ${node.nullCount} nulls`);
        }
        const length = node.length;
        if (layout.kind === 'null') {
            if (length > this.limits.maxRows)
                throw new LayoutError(`${label} claims ${length} null values, more than ${this.limits.maxRows}`, 'too-large');
            return length;
        }
        const validity = this.next(label);
        if (node.nullCount > 0 && validity.length < Math.ceil(length / 8)) {
            throw new LayoutError(`${label} has ${node.nullCount} null(s) but a validity bitmap of ${validity.length} bytes for ${length} values`);
        }
        const valid = (i) => node.nullCount === 0 || (this.body[validity.offset + (i >> 3)] & (1 << (i & 7))) !== 0;
        switch (layout.kind) {
            case 'bool':
                this.atLeast(this.next(label), Math.ceil(length / 8), label, `${length} bits`);
                return length;
            case 'fixed':
                this.atLeast(this.next(label), length * layout.width, label, `${length} values of ${layout.width} bytes`);
                return length;
            case 'binary': {
                const offsets = this.next(label);
                const data = this.next(label);
                this.offsets(offsets, layout.offsetWidth, length, data.length, label, 'bytes of data');
                return length;
            }
            case 'list': {
                const offsets = this.next(label);
                const childLength = this.column(layout.child);
                this.offsets(offsets, layout.offsetWidth, length, childLength, label, `values in its child "${layout.child.name}"`);
                return length;
            }
            case 'fixed-list': {
                const childLength = this.column(layout.child);
                if (childLength < length * layout.size) {
                    throw new LayoutError(`${label} has ${length} rows of ${layout.size} values but its child "${layout.child.name}" holds ${childLength}`);
                }
                return length;
            }
            case 'struct':
                for (const child of layout.children) {
                    const childLength = this.column(child);
                    if (childLength < length)
                        throw new LayoutError(`${label} has ${length} rows but its field "${child.name}" holds ${childLength}`);
                }
                return length;
            case 'dictionary': {
                const indices = this.next(label);
                this.atLeast(indices, length * layout.indexWidth, label, `${length} indices of ${layout.indexWidth} bytes`);
                const size = this.dictionaryLengths.get(layout.id);
                if (size === undefined)
                    throw new LayoutError(`${label} uses dictionary ${layout.id}, which the file does not hold`);
                for (let i = 0; i < length; i++) {
                    if (!valid(i))
                        continue;
                    const index = this.integer(indices.offset + i * layout.indexWidth, layout.indexWidth, layout.signed);
                    if (index < 0 || index >= size)
                        throw new LayoutError(`${label} row ${i} points at entry ${index} of a ${size}-entry dictionary`);
                }
                return length;
            }
        }
    }
    /** Throws unless every node and buffer was used: extra ones mean the batch does not match its schema. */
    finish() {
        if (this.node !== this.nodes.length || this.buffer !== this.buffers.length) {
            throw new LayoutError(`${this.where} has ${this.nodes.length} field node(s) and ${this.buffers.length} buffer(s); its schema describes ${this.node} and ${this.buffer}`);
        }
    }
    next(label) {
        const region = this.buffers[this.buffer++];
        if (!region)
            throw new LayoutError(`${label}: the batch has ${this.buffers.length} buffer(s), fewer than its schema needs`);
        return region;
    }
    atLeast(region, bytes, label, what) {
        if (region.length < bytes)
            throw new LayoutError(`${label} claims ${what} but its buffer holds ${region.length} bytes`);
    }
    /** Offsets must start at or above 0, never decrease, and end within `limit` (data bytes or child values). */
    offsets(region, width, length, limit, label, what) {
        if (length === 0)
            return;
        this.atLeast(region, (length + 1) * width, label, `${length + 1} offsets`);
        let previous = this.integer(region.offset, width, true);
        if (previous < 0)
            throw new LayoutError(`${label} starts at offset ${previous}`);
        for (let i = 1; i <= length; i++) {
            const current = this.integer(region.offset + i * width, width, true);
            if (current < previous)
                throw new LayoutError(`${label} row ${i - 1} ends at offset ${current}, before it starts (${previous})`);
            previous = current;
        }
        if (previous > limit)
            throw new LayoutError(`${label} reaches offset ${previous} but has ${limit} ${what}`);
    }
    integer(at, width, signed) {
        switch (width) {
            case 1:
                return signed ? this.view.getInt8(at) : this.view.getUint8(at);
            case 2:
                return signed ? this.view.getInt16(at, true) : this.view.getUint16(at, true);
            case 4:
                return signed ? this.view.getInt32(at, true) : this.view.getUint32(at, true);
            default: {
                const v = signed ? this.view.getBigInt64(at, true) : this.view.getBigUint64(at, true);
                // Beyond 2^53 no offset or index can be real; saturate so the range checks refuse it.
                return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : v < BigInt(-Number.MAX_SAFE_INTEGER) ? -Number.MAX_SAFE_INTEGER : Number(v);
            }
        }
    }
}
/**
 * Checks a `RecordBatch` table against `columns`, its body being `body`; returns its row count.
 * `dictionaryLengths` holds the length of every dictionary read so far (by id).
 */
function checkRecordBatch(batch, columns, body, dictionaryLengths, limits, where) {
    const rows = batch.i64(0, 'length');
    if (rows < 0 || rows > limits.maxRows)
        throw new LayoutError(`${where} claims ${rows} rows; at most ${limits.maxRows} are accepted`, 'too-large');
    if (batch.table(3, 'compression'))
        throw new LayoutError(`${where} is compressed (LZ4/ZSTD), which is not supported; write the file without compression`, 'unsupported');
    const variadic = batch.vector(4, 'variadicBufferCounts', 8);
    if (variadic && variadic.length > 0)
        throw new LayoutError(`${where} has variadic buffers (string or binary views), which are not supported`, 'unsupported');
    const nodes = structs(batch, 1, 'nodes', (fb, at, w) => ({ length: fb.i64(at, w), nullCount: fb.i64(at + 8, w) }));
    const buffers = structs(batch, 2, 'buffers', (fb, at, w) => ({ offset: fb.i64(at, w), length: fb.i64(at + 8, w) }));
    checkRegions(buffers, body.byteLength, where);
    const reader = new BatchReader(nodes, buffers, body, dictionaryLengths, limits, where);
    for (const column of columns) {
        const length = reader.column(column);
        if (length !== rows)
            throw new LayoutError(`${where} has ${rows} rows but its column "${column.name}" has ${length}`);
    }
    reader.finish();
    return rows;
}
/** The 16-byte structs of a vector field, read with `read`. */
function structs(table, id, name, read) {
    const v = table.vector(id, name, 16);
    if (!v)
        return [];
    const out = [];
    for (let i = 0; i < v.length; i++)
        out.push(read(table.fb, v.start + i * 16, `${table.where}.${name}[${i}]`));
    return out;
}
/** Every buffer inside the body, and no two non-empty ones overlapping (so checking them reads each byte once). */
function checkRegions(buffers, bodyLength, where) {
    buffers.forEach((b, i) => {
        if (b.offset < 0 || b.length < 0 || b.offset + b.length > bodyLength) {
            throw new LayoutError(`${where} buffer ${i} spans bytes ${b.offset}..${b.offset + b.length} of a ${bodyLength}-byte body`);
        }
    });
    const sorted = buffers.filter((b) => b.length > 0).sort((a, b) => a.offset - b.offset);
    for (let i = 1; i < sorted.length; i++) {
        if (sorted[i].offset < sorted[i - 1].offset + sorted[i - 1].length)
            throw new LayoutError(`${where} has overlapping buffers`);
    }
}

;// CONCATENATED MODULE: ./src/arrow/ipc-guard.ts
/**
 * Reads an Arrow IPC *file* safely: checks its framing before apache-arrow decodes it, so no input can make the
 * decoder loop or claim more than the file holds. Shared by the emulator's inference intake and the action's
 * smoke-input reading (no onnxruntime, no @actions/* here).
 *
 * Why: apache-arrow (21.x) trusts the file. Its file reader re-reads the message at footer block
 * `_recordBatchIndex` until it gets a RecordBatch, but only a RecordBatch advances that index
 * (RecordBatchStreamReaderImpl.next in ipc/reader): a block that points anywhere else (one flipped byte in a block
 * offset lands it inside the data, where the bytes decode as a message of type NONE, Schema or DictionaryBatch)
 * is read again forever, and a Schema message even resets the index to 0. Its flatbuffer reads are unchecked too
 * (a read past the end yields 0; a damaged vector length is looped over as is), and node lengths are never compared
 * with the buffers, so a one-row file can claim 2^31 rows. This module checks, in order: the magic at both ends,
 * the footer's length and position, every block inside the file and no two overlapping, each block's message
 * (length prefix, flatbuffer, type, body inside the file), the schema (types, nesting, field count) and every
 * batch's nodes and buffers against it (`ipc-batches.ts`). Only then does apache-arrow decode (`read-arrow-file.ts`).
 * apache-arrow is not imported here, so the action can check a file before it loads the decoder.
 */



/**
 * Why a file was refused. `kind`: `stream` (an Arrow IPC stream, not a file), `not-arrow` (no Arrow magic),
 * `damaged` (the file contradicts itself), `unsupported` (well-formed, but a feature this reader refuses),
 * `too-large` (beyond the limits).
 */
class ArrowFileError extends Error {
    kind;
    constructor(message, kind, options) {
        super(message, options);
        this.kind = kind;
        this.name = 'ArrowFileError';
    }
}
/** The defaults: far above any inference request, far below what would stall a decoder. */
const DEFAULT_ARROW_LIMITS = { maxRows: 1 << 24, maxFields: 10_000, maxDepth: 64 };
const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
const HEADER_TYPES = ['NONE', 'Schema', 'DictionaryBatch', 'RecordBatch', 'Tensor', 'SparseTensor'];
const V4 = 3;
const V5 = 4;
/** Checks an Arrow IPC file without decoding it; throws ArrowFileError saying what is wrong. */
function checkArrowFile(bytes, limits = {}) {
    const all = { ...DEFAULT_ARROW_LIMITS, ...limits };
    try {
        return checkFile(bytes, all);
    }
    catch (err) {
        throw asFileError(err);
    }
}
function asFileError(err) {
    if (err instanceof ArrowFileError)
        return err;
    if (err instanceof LayoutError)
        return new ArrowFileError(err.message, err.kind);
    if (err instanceof FlatbufferError)
        return new ArrowFileError(`damaged metadata at ${err.message}`, 'damaged');
    throw err;
}
function startsWithMagic(bytes, at) {
    return at >= 0 && at + MAGIC.length <= bytes.length && MAGIC.every((b, i) => bytes[at + i] === b);
}
function checkFile(bytes, limits) {
    const size = bytes.byteLength;
    const view = new DataView(bytes.buffer, bytes.byteOffset, size);
    if (!startsWithMagic(bytes, 0)) {
        // An IPC stream starts with a message: the 0xFFFFFFFF continuation marker (or, before 0.15, its length).
        if (size >= 8 && view.getInt32(0, true) === -1) {
            throw new ArrowFileError('this is an Arrow IPC stream, not an Arrow IPC file; write it with pyarrow.ipc.new_file (or tableToIPC(table, "file"))', 'stream');
        }
        throw new ArrowFileError('it does not start with "ARROW1", so it is not an Arrow IPC file', 'not-arrow');
    }
    // ARROW1 + 2 padding bytes, then messages, then the footer, its int32 length and ARROW1 again.
    if (size < 8 + 4 + MAGIC.length || !startsWithMagic(bytes, size - MAGIC.length)) {
        throw new ArrowFileError(`it does not end with "ARROW1" (${size} bytes): the file is cut off or damaged`, 'damaged');
    }
    const footerLength = view.getInt32(size - 10, true);
    const footerStart = size - 10 - footerLength;
    if (footerLength <= 0 || footerStart < 8) {
        throw new ArrowFileError(`its footer length ${footerLength} does not fit a ${size}-byte file`, 'damaged');
    }
    const footer = new Flatbuffer(bytes.subarray(footerStart, size - 10)).root('footer');
    checkVersion(footer.i16(0, 'version'), 'footer');
    const schemaTable = footer.table(1, 'schema');
    if (!schemaTable)
        throw new ArrowFileError('its footer has no schema', 'damaged');
    const schema = readSchema(schemaTable, limits);
    const dictionaryBlocks = blocks(footer, 2, 'dictionaries');
    const batchBlocks = blocks(footer, 3, 'recordBatches');
    const regions = [];
    const dictionaryLengths = new Map();
    dictionaryBlocks.forEach((block, i) => {
        const label = `dictionary batch ${i}`;
        const m = message(bytes, block, footerStart, 'DictionaryBatch', label);
        regions.push({ start: block.offset, end: m.end, label });
        const dictionary = m.header;
        const id = dictionary.i64(0, 'id');
        const values = schema.dictionaries.get(id);
        if (!values)
            throw new ArrowFileError(`${label} is for dictionary id ${id}, which no column uses`, 'damaged');
        const data = dictionary.table(1, 'data');
        if (!data)
            throw new ArrowFileError(`${label} has no data`, 'damaged');
        const length = checkRecordBatch(data, [values], m.body, dictionaryLengths, limits, label);
        const delta = dictionary.bool(2, 'isDelta');
        dictionaryLengths.set(id, delta ? (dictionaryLengths.get(id) ?? 0) + length : length);
    });
    let rows = 0;
    batchBlocks.forEach((block, i) => {
        const label = `record batch ${i}`;
        const m = message(bytes, block, footerStart, 'RecordBatch', label);
        regions.push({ start: block.offset, end: m.end, label });
        rows += checkRecordBatch(m.header, schema.columns, m.body, dictionaryLengths, limits, label);
    });
    checkDisjoint(regions);
    if (rows > limits.maxRows)
        throw new ArrowFileError(`it holds ${rows} rows; at most ${limits.maxRows} are accepted`, 'too-large');
    return { rows, batches: batchBlocks.length, columns: schema.columns.map((c) => c.name) };
}
function checkVersion(version, where) {
    if (version !== V4 && version !== V5) {
        throw new ArrowFileError(`${where} has metadata version ${version + 1}; only versions 4 and 5 (Arrow 0.15 and later) are read`, version >= 0 && version < V4 ? 'unsupported' : 'damaged');
    }
}
/** The 24-byte Block structs of a footer vector: offset (int64), metaDataLength (int32, 4 padding), bodyLength (int64). */
function blocks(footer, id, name) {
    const v = footer.vector(id, name, 24);
    if (!v)
        return [];
    const out = [];
    for (let i = 0; i < v.length; i++) {
        const at = v.start + i * 24;
        const where = `footer.${name}[${i}]`;
        out.push({ offset: footer.fb.i64(at, where), metaDataLength: footer.fb.i32(at + 8, where), bodyLength: footer.fb.i64(at + 16, where) });
    }
    return out;
}
/** The message a block points to: its header table, its body, and where it ends. */
function message(bytes, block, footerStart, expected, label) {
    const { offset, metaDataLength, bodyLength } = block;
    if (offset < 8 || metaDataLength <= 0 || bodyLength < 0 || offset + metaDataLength + bodyLength > footerStart) {
        throw new ArrowFileError(`the footer places ${label} at byte ${offset} (${metaDataLength} bytes of metadata, ${bodyLength} of body), outside the ${footerStart} bytes before the footer`, 'damaged');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Since Arrow 0.15 a message starts with 0xFFFFFFFF, then the flatbuffer's length; before, with the length alone.
    let prefix = 4;
    let length = view.getInt32(offset, true);
    if (length === -1 && offset + 8 <= footerStart) {
        prefix = 8;
        length = view.getInt32(offset + 4, true);
    }
    if (length <= 0 || offset + prefix + length > footerStart) {
        throw new ArrowFileError(`${label} at byte ${offset} has a metadata length of ${length}, which does not fit the file`, 'damaged');
    }
    const meta = new Flatbuffer(bytes.subarray(offset + prefix, offset + prefix + length)).root(label);
    checkVersion(meta.i16(0, 'version'), label);
    const type = HEADER_TYPES[meta.u8(1, 'header_type')] ?? `type ${meta.u8(1, 'header_type')}`;
    // The check apache-arrow lacks: any other message here makes its file reader read the same block forever.
    if (type !== expected)
        throw new ArrowFileError(`the footer points ${label} at byte ${offset}, where there is a ${type} message, not a ${expected}`, 'damaged');
    const header = meta.table(2, 'header');
    if (!header)
        throw new ArrowFileError(`${label} has no header`, 'damaged');
    checkKeyValues(meta, 4, 'custom_metadata');
    const messageBody = meta.i64(3, 'bodyLength');
    const start = offset + prefix + length;
    if (messageBody < 0 || start + messageBody > footerStart) {
        throw new ArrowFileError(`${label} has a ${messageBody}-byte body at byte ${start}, past the end of the data (${footerStart})`, 'damaged');
    }
    return { header, body: bytes.subarray(start, start + messageBody), end: start + messageBody };
}
/** No two messages may share bytes: otherwise a small file could make the checks (and the decoder) reread it many times. */
function checkDisjoint(regions) {
    const sorted = [...regions].sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
        if (sorted[i].start < sorted[i - 1].end)
            throw new ArrowFileError(`${sorted[i - 1].label} and ${sorted[i].label} overlap`, 'damaged');
    }
}

;// CONCATENATED MODULE: ./src/arrow/read-arrow-file.ts
/** An Arrow IPC file checked by ipc-guard, then decoded by apache-arrow (which alone can loop forever on a damaged file). */


/** Checks, then decodes with apache-arrow; throws ArrowFileError for anything wrong with the file. */
function readArrowFile(bytes, limits = {}) {
    checkArrowFile(bytes, limits);
    try {
        return (0,serialization/* tableFromIPC */.D)(bytes);
    }
    catch (err) {
        // Checked files decode; a throw here is a corner the checks do not cover, and still the file's fault.
        throw new ArrowFileError(`the file could not be decoded: ${err.message}`, 'damaged', { cause: err });
    }
}


/***/ })

};
