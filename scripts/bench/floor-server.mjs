/**
 * The floor the bench measures the emulator's inference against: the least a Node server can do to give the same
 * answer for the same model and rows. node:http, the body parsed (JSON.parse, or apache-arrow for an Arrow file),
 * onnxruntime, and the reply written in one go: the same records (time, in, out, anomaly, metadata with the
 * emulator's last_model, pipeline_version and partition), the same float32 formatting (the emulator's own
 * shortestFloat32 from lib/: the one piece of work both must do), the same Arrow columns. No routing, no token, no
 * checks. Plain JavaScript, run by plain node, so neither side pays for a TypeScript loader.
 *
 *   node scripts/bench/floor-server.mjs MODEL.onnx '{"lastModel":"…","pipelineVersion":"…","partition":"…"}'
 * prints `floor listening on http://127.0.0.1:PORT`. Answers one model with one input fed by the request's only column.
 */
import { createServer } from 'node:http'
import ort from 'onnxruntime-node'
import { Field, FixedSizeList, Float32, Int32, Int64, List, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC, Utf8 } from 'apache-arrow'
import { shortestFloat32 } from '../../lib/emulator/inference/float32.js'

const [modelPath, metaText] = process.argv.slice(2)
const meta = JSON.parse(metaText)
const session = await ort.InferenceSession.create(modelPath)
const inputName = session.inputNames[0]
const outputName = session.outputNames[0]
const encoder = new TextEncoder()

/** Runs the model on [rows, width] float32 values; returns the output tensor's values and its row width. */
async function run(values, rows, width) {
  const out = (await session.run({ [inputName]: new ort.Tensor('float32', values, [rows, width]) }))[outputName]
  return { data: out.data, width: out.dims.slice(1).reduce((a, b) => a * b, 1) }
}

async function answerJson(body) {
  const t0 = process.hrtime.bigint()
  const records = JSON.parse(body.toString('utf8'))
  const column = Object.keys(records[0])[0]
  const width = records[0][column].length
  const values = new Float32Array(records.length * width)
  for (let r = 0; r < records.length; r++) values.set(records[r][column], r * width)
  const t1 = process.hrtime.bigint()
  const out = await run(values, records.length, width)
  const t2 = process.hrtime.bigint()
  const tail = `},"anomaly":{"count":0},"metadata":{"last_model":${JSON.stringify(meta.lastModel)},"pipeline_version":${JSON.stringify(meta.pipelineVersion)},"elapsed":[${t1 - t0},${t2 - t1}],"dropped":[],"partition":${JSON.stringify(meta.partition)}}}`
  const head = `{"time":${Date.now()},"in":{${JSON.stringify(column)}:`
  const parts = new Array(records.length)
  for (let r = 0; r < records.length; r++) {
    const scores = []
    for (let k = r * out.width; k < (r + 1) * out.width; k++) scores.push(shortestFloat32(out.data[k]))
    parts[r] = `${head}${JSON.stringify(records[r][column])}},"out":{${JSON.stringify(outputName)}:[${scores.join(',')}]${tail}`
  }
  return { type: 'application/json', body: Buffer.from(`[${parts.join(',')}]`) }
}

const field = (name, type) => new Field(name, type, true)
const struct = (children, rows) => {
  const type = new Struct(children.map((c) => field(c.name, c.data.type)))
  return { type, data: makeData({ type, length: rows, children: children.map((c) => c.data) }) }
}
function sameString(text, rows) {
  const bytes = encoder.encode(text)
  const data = new Uint8Array(bytes.length * rows)
  const valueOffsets = new Int32Array(rows + 1)
  for (let r = 0; r < rows; r++) {
    data.set(bytes, r * bytes.length)
    valueOffsets[r + 1] = (r + 1) * bytes.length
  }
  return makeData({ type: new Utf8(), length: rows, data, valueOffsets })
}

async function answerArrow(body) {
  const t0 = process.hrtime.bigint()
  const table = tableFromIPC(body)
  const input = table.getChildAt(0)
  const rows = table.numRows
  const width = input.type.listSize
  const values = input.data[0].children[0].values.subarray(0, rows * width)
  const t1 = process.hrtime.bigint()
  const out = await run(values, rows, width)
  const t2 = process.hrtime.bigint()
  const outType = new FixedSizeList(out.width, field('item', new Float32()))
  const elapsedType = new FixedSizeList(2, field('item', new Int64()))
  const elapsed = new BigInt64Array(rows * 2)
  for (let r = 0; r < rows; r++) {
    elapsed[2 * r] = t1 - t0
    elapsed[2 * r + 1] = t2 - t1
  }
  const emptyLists = makeData({
    type: new List(field('item', new Utf8())),
    length: rows,
    valueOffsets: new Int32Array(rows + 1),
    child: makeData({ type: new Utf8(), length: 0, data: new Uint8Array(0), valueOffsets: new Int32Array(1) })
  })
  const columns = [
    { name: 'time', data: makeData({ type: new Int64(), length: rows, data: new BigInt64Array(rows).fill(BigInt(Date.now())) }) },
    { name: 'in', ...struct([{ name: table.schema.fields[0].name, data: input.data[0] }], rows) },
    {
      name: 'out',
      ...struct(
        [
          {
            name: outputName,
            data: makeData({ type: outType, length: rows, child: makeData({ type: new Float32(), length: out.data.length, data: out.data }) })
          }
        ],
        rows
      )
    },
    { name: 'anomaly', ...struct([{ name: 'count', data: makeData({ type: new Int32(), length: rows, data: new Int32Array(rows) }) }], rows) },
    {
      name: 'metadata',
      ...struct(
        [
          { name: 'last_model', data: sameString(meta.lastModel, rows) },
          { name: 'pipeline_version', data: sameString(meta.pipelineVersion, rows) },
          {
            name: 'elapsed',
            data: makeData({ type: elapsedType, length: rows, child: makeData({ type: new Int64(), length: elapsed.length, data: elapsed }) })
          },
          { name: 'dropped', data: emptyLists },
          { name: 'partition', data: sameString(meta.partition, rows) }
        ],
        rows
      )
    }
  ]
  const schema = new Schema(columns.map((c) => field(c.name, c.data.type)))
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, children: columns.map((c) => c.data) }))
  const bytes = tableToIPC(new Table(schema, [batch]), 'file')
  return { type: 'application/vnd.apache.arrow.file', body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
}

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const body = Buffer.concat(chunks)
    const arrow = (req.headers['content-type'] ?? '').startsWith('application/vnd.apache.arrow.file')
    ;(arrow ? answerArrow(body) : answerJson(body)).then(
      (a) => {
        res.writeHead(200, { 'content-type': a.type, 'content-length': a.body.length })
        res.end(a.body)
      },
      (err) => {
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(String(err?.stack ?? err))
      }
    )
  })
})
server.listen(0, '127.0.0.1', () => process.stdout.write(`floor listening on http://127.0.0.1:${server.address().port}\n`))
process.once('SIGTERM', () => server.close(() => process.exit(0)))
