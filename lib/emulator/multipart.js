/**
 * multipart/form-data parsing for model uploads (busboy over the already size-checked
 * body). Broken input — no boundary, a truncated body, a part that never ends — becomes a
 * 400 that says what was wrong instead of a hang or a crash.
 */
import busboy from 'busboy';
import { ApiError } from './http.js';
/** Parse a multipart body; `contentType` is the request's header. */
export function parseMultipart(contentType, body) {
    if (!contentType || !contentType.toLowerCase().startsWith('multipart/form-data')) {
        return Promise.reject(new ApiError(400, `expected Content-Type multipart/form-data with a 'metadata' JSON part and a 'file' part, got '${contentType ?? 'none'}'`));
    }
    return new Promise((resolve, reject) => {
        const form = { fields: new Map(), files: new Map() };
        let bb;
        try {
            bb = busboy({ headers: { 'content-type': contentType }, limits: { fieldSize: 16 * 1024 * 1024 } });
        }
        catch (err) {
            reject(new ApiError(400, `invalid multipart body: ${err.message}`));
            return;
        }
        let failed = false;
        const fail = (msg) => {
            if (failed)
                return;
            failed = true;
            reject(new ApiError(400, `invalid multipart body: ${msg}`));
        };
        bb.on('field', (name, value, info) => {
            if (info.valueTruncated)
                fail(`field '${name}' is larger than 16 MiB`);
            // A JSON part sent with a filename still arrives as a file; a plain one arrives here.
            form.fields.set(name, { value, contentType: info.mimeType });
        });
        bb.on('file', (name, stream, info) => {
            const chunks = [];
            stream.on('data', (c) => chunks.push(c));
            stream.on('end', () => form.files.set(name, { filename: info.filename ?? name, contentType: info.mimeType, data: Buffer.concat(chunks) }));
            stream.on('error', (err) => fail(err.message));
        });
        bb.on('error', (err) => fail(err instanceof Error ? err.message : String(err)));
        bb.on('close', () => {
            if (!failed)
                resolve(form);
        });
        bb.end(body);
    });
}
