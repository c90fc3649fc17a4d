/**
 * Reads an Arrow schema (a flatbuffer `Schema` table) into the buffer layout of each column: how many field nodes
 * and buffers apache-arrow's VectorLoader takes for it and what each buffer must hold. Mirrors apache-arrow's
 * `decodeField`/`decodeFieldType`, with caps on nesting and field count (flatbuffer offsets are signed, so a damaged
 * file can make a field its own child) and a clear refusal of the types apache-arrow cannot load safely.
 */
import { checkKeyValues } from './flatbuffers.js';
/**
 * A schema, or a batch against its schema, that breaks what the reader accepts; `unsupported` when it is
 * well-formed but uses something apache-arrow cannot load safely, `too-large` beyond the limits.
 */
export class LayoutError extends Error {
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
export function readSchema(schema, limits) {
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
