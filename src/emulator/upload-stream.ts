/**
 * Model uploads as a stream: the multipart body is parsed as it arrives (busboy on the request) and the `file` part
 * goes straight to a temporary file (in `--data-dir/models`, else the OS temp dir) while its sha256 is computed,
 * so a multi-GB model never sits in memory. Small parts (metadata, form fields) are kept in memory, up to 16 MiB
 * each. More than `limit` bytes is a 413; a broken or cut-off body is a 400; either way the temporary file is
 * removed. A crash mid-upload leaves a `*.tmp-*` file that `Persistence` removes at the next start.
 */
import busboy from 'busboy'
import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream, rmSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import { ApiError } from './http.js'

/** The model file of an upload, on disk. `head` is its first bytes (enough for signature checks). */
export interface StreamedFile {
  path: string
  sha: string
  size: number
  head: Buffer
  filename: string
  contentType: string
}

/** A parsed upload: text fields, small file parts in memory, and the `file` part on disk. */
export interface StreamedUpload {
  fields: Map<string, { value: string; contentType: string }>
  files: Map<string, { filename: string; contentType: string; data: Buffer }>
  file?: StreamedFile
}

/** Largest form field or small file part (metadata). */
const SMALL_PART_LIMIT = 16 * 1024 * 1024
/** Bytes of the model file kept in memory for signature checks (ZIP and the like). */
const HEAD_BYTES = 64

/** Where a streamed upload's temporary file goes; the `.tmp-` mark lets `Persistence` sweep leftovers. */
export function tempUploadPath(dir: string): string {
  return join(dir, `upload-${randomUUID()}.tmp-${process.pid}`)
}

/**
 * Reads a multipart upload from `req`: the part named `fileField` to a temporary file in `dir`, the rest in memory.
 * The caller owns the temporary file once this resolves (and removes it when it does not keep it).
 */
export function receiveUpload(req: IncomingMessage, opts: { limit: number; dir: string; fileField?: string }): Promise<StreamedUpload> {
  const contentType = req.headers['content-type']
  const fileField = opts.fileField ?? 'file'
  if (!contentType || !contentType.toLowerCase().startsWith('multipart/form-data')) {
    return Promise.reject(
      new ApiError(400, `expected Content-Type multipart/form-data with a 'metadata' JSON part and a 'file' part, got '${contentType ?? 'none'}'`)
    )
  }
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > opts.limit) return Promise.reject(tooLarge(opts.limit))
  return new Promise((resolve, reject) => {
    const upload: StreamedUpload = { fields: new Map(), files: new Map() }
    let bb: busboy.Busboy
    try {
      bb = busboy({ headers: req.headers, limits: { fieldSize: SMALL_PART_LIMIT, files: 20, fields: 200, parts: 220 } })
    } catch (err) {
      reject(new ApiError(400, `invalid multipart body: ${(err as Error).message}`))
      return
    }
    let settled = false
    let tempPath: string | undefined
    let out: ReturnType<typeof createWriteStream> | undefined
    let writing: Promise<void> = Promise.resolve()
    const fail = (err: ApiError): void => {
      if (settled) return
      settled = true
      req.unpipe(bb)
      // Keep reading (and dropping) the rest, so the client gets the answer instead of a reset.
      req.resume()
      out?.destroy()
      if (tempPath) rmSync(tempPath, { force: true })
      reject(err)
    }
    let received = 0
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > opts.limit) fail(tooLarge(opts.limit))
    })
    req.on('close', () => {
      if (!req.complete) fail(new ApiError(400, 'the request body was cut off before it ended'))
    })
    req.on('error', (err) => fail(new ApiError(400, `could not read the request body: ${err.message}`)))

    bb.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(new ApiError(400, `invalid multipart body: field '${name}' is larger than 16 MiB`))
      upload.fields.set(name, { value, contentType: info.mimeType })
    })
    bb.on('file', (name, stream, info) => {
      if (name === fileField && !upload.file && !tempPath) {
        const path = tempUploadPath(opts.dir)
        tempPath = path
        const hash = createHash('sha256')
        const head: Buffer[] = []
        let headLength = 0
        let size = 0
        const file = createWriteStream(path)
        out = file
        stream.on('data', (c: Buffer) => {
          size += c.length
          hash.update(c)
          if (headLength < HEAD_BYTES) {
            head.push(c.subarray(0, HEAD_BYTES - headLength))
            headLength += Math.min(c.length, HEAD_BYTES - headLength)
          }
        })
        stream.pipe(file)
        writing = new Promise((done, failed) => {
          file.on('finish', () => {
            upload.file = { path, sha: hash.digest('hex'), size, head: Buffer.concat(head), filename: info.filename ?? name, contentType: info.mimeType }
            done()
          })
          file.on('error', (err) => failed(err))
          stream.on('error', (err: Error) => failed(err))
        })
        writing.catch((err: Error) => fail(new ApiError(400, `invalid multipart body: ${err.message}`)))
        return
      }
      // Other file parts (a metadata part sent with a filename, say) are small; a second model file is ignored.
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (c: Buffer) => {
        if (name === fileField) return
        size += c.length
        if (size > SMALL_PART_LIMIT) fail(new ApiError(400, `invalid multipart body: part '${name}' is larger than 16 MiB`))
        else chunks.push(c)
      })
      stream.on('end', () => {
        if (name !== fileField) upload.files.set(name, { filename: info.filename ?? name, contentType: info.mimeType, data: Buffer.concat(chunks) })
      })
      stream.on('error', (err: Error) => fail(new ApiError(400, `invalid multipart body: ${err.message}`)))
    })
    bb.on('partsLimit', () => fail(new ApiError(400, 'invalid multipart body: more than 220 parts')))
    bb.on('filesLimit', () => fail(new ApiError(400, 'invalid multipart body: more than 20 file parts')))
    bb.on('fieldsLimit', () => fail(new ApiError(400, 'invalid multipart body: more than 200 fields')))
    bb.on('error', (err: unknown) => fail(new ApiError(400, `invalid multipart body: ${err instanceof Error ? err.message : String(err)}`)))
    bb.on('close', () => {
      writing.then(
        () => {
          if (settled) return
          settled = true
          resolve(upload)
        },
        () => undefined
      )
    })
    req.pipe(bb)
  })
}

function tooLarge(limit: number): ApiError {
  return new ApiError(
    413,
    `request body too large: this route accepts at most ${limit} bytes (${Math.round((limit / 1024 / 1024) * 10) / 10} MiB); raise --max-upload-mb`
  )
}
