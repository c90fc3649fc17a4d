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
import { Flatbuffer, FlatbufferError, checkKeyValues } from './flatbuffers.js';
import { checkRecordBatch } from './ipc-batches.js';
import { LayoutError, readSchema } from './ipc-schema.js';
/**
 * Why a file was refused. `kind`: `stream` (an Arrow IPC stream, not a file), `not-arrow` (no Arrow magic),
 * `damaged` (the file contradicts itself), `unsupported` (well-formed, but a feature this reader refuses),
 * `too-large` (beyond the limits).
 */
export class ArrowFileError extends Error {
    kind;
    constructor(message, kind, options) {
        super(message, options);
        this.kind = kind;
        this.name = 'ArrowFileError';
    }
}
/** The defaults: far above any inference request, far below what would stall a decoder. */
export const DEFAULT_ARROW_LIMITS = { maxRows: 1 << 24, maxFields: 10_000, maxDepth: 64 };
const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
const HEADER_TYPES = ['NONE', 'Schema', 'DictionaryBatch', 'RecordBatch', 'Tensor', 'SparseTensor'];
const V4 = 3;
const V5 = 4;
/** Checks an Arrow IPC file without decoding it; throws ArrowFileError saying what is wrong. */
export function checkArrowFile(bytes, limits = {}) {
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
