import { LayoutError } from './ipc-schema.js';
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
export function checkRecordBatch(batch, columns, body, dictionaryLengths, limits, where) {
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
