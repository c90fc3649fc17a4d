/**
 * A minimal HTTP/1.1 keep-alive client for the bench: one socket, one request at a time, the request written as
 * prebuilt bytes and the answer read by its Content-Length. Far cheaper per request than fetch or node:http, so on
 * a 2-core machine the client takes as little CPU from the servers under test as it can, and the same for both.
 */
import { connect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'

/** One answer: status, lower-cased headers, body and the round trip in ms. */
export interface Answer {
  status: number
  headers: Record<string, string>
  body: Buffer
  ms: number
}

/** The bytes of a POST request (Host, Content-Length and keep-alive set). */
export function postRequest(url: string, headers: Record<string, string>, body: Uint8Array): Buffer {
  const u = new URL(url)
  const lines = [
    `POST ${u.pathname}${u.search} HTTP/1.1`,
    `host: ${u.host}`,
    'connection: keep-alive',
    `content-length: ${body.byteLength}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)
  ]
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), Buffer.from(body.buffer, body.byteOffset, body.byteLength)])
}

/** A keep-alive connection to one server. */
export class Connection {
  private socket: Socket | undefined
  /** The answer being read: its head bytes until the blank line, then its body chunks. */
  private head: Buffer = Buffer.alloc(0)
  private answer: { status: number; headers: Record<string, string>; length: number; chunks: Buffer[]; got: number } | undefined
  private pending: { resolve: (a: Omit<Answer, 'ms'>) => void; reject: (e: Error) => void } | undefined

  constructor(private readonly url: string) {}

  private open(): Promise<Socket> {
    const u = new URL(this.url)
    return new Promise((resolve, reject) => {
      const socket = connect({ host: u.hostname, port: Number(u.port), noDelay: true }, () => resolve(socket))
      socket.once('error', reject)
      socket.on('data', (chunk: Buffer) => this.receive(chunk))
      socket.on('close', () => {
        this.socket = undefined
        this.pending?.reject(new Error(`the server at ${this.url} closed the connection`))
        this.pending = undefined
      })
    })
  }

  /** Body chunks are kept as they come and joined once: a 3 MB answer is copied once, not once per chunk. */
  private receive(chunk: Buffer): void {
    if (!this.answer) {
      this.head = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk])
      const end = this.head.indexOf('\r\n\r\n')
      if (end < 0) return
      const lines = this.head.subarray(0, end).toString('latin1').split('\r\n')
      const headers: Record<string, string> = {}
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':')
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
      }
      const status = Number(lines[0].split(' ')[1])
      if (headers['content-length'] === undefined) {
        this.pending?.reject(new Error(`the answer from ${this.url} has no Content-Length (status ${status})`))
        return
      }
      const rest = this.head.subarray(end + 4)
      this.head = Buffer.alloc(0)
      this.answer = { status, headers, length: Number(headers['content-length']), chunks: [], got: 0 }
      chunk = rest
    }
    const a = this.answer
    if (chunk.length > 0) {
      a.chunks.push(chunk)
      a.got += chunk.length
    }
    if (a.got < a.length) return
    const body = a.chunks.length === 1 ? a.chunks[0] : Buffer.concat(a.chunks, a.got)
    this.answer = undefined
    const done = this.pending
    this.pending = undefined
    done?.resolve({ status: a.status, headers: a.headers, body: body.subarray(0, a.length) })
  }

  /** Sends `request` (from postRequest) and reads the whole answer. */
  async send(request: Buffer): Promise<Answer> {
    this.socket ??= await this.open()
    const started = performance.now()
    const answer = new Promise<Omit<Answer, 'ms'>>((resolve, reject) => (this.pending = { resolve, reject }))
    this.socket.write(request)
    const a = await answer
    return { ...a, ms: performance.now() - started }
  }

  close(): void {
    this.socket?.destroy()
    this.socket = undefined
  }
}

/**
 * `clients` connections each sending `request` back to back for `ms` (each finishes the request it has started);
 * returns the answers per second. Every answer must be a 200, or it throws (a fast error is not throughput).
 */
export async function throughput(url: string, request: Buffer, clients: number, ms: number): Promise<number> {
  const connections = Array.from({ length: clients }, () => new Connection(url))
  const start = performance.now()
  const end = start + ms
  let done = 0
  try {
    await Promise.all(
      connections.map(async (c) => {
        while (performance.now() < end) {
          const a = await c.send(request)
          if (a.status !== 200) throw new Error(`${url} answered ${a.status} under load: ${a.body.toString('utf8').slice(0, 300)}`)
          done++
        }
      })
    )
  } finally {
    for (const c of connections) c.close()
  }
  return (done * 1000) / (performance.now() - start)
}
