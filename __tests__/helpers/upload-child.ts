/**
 * Child process of the streamed-upload tests (`node --import tsx __tests__/helpers/upload-child.ts URL PATH`):
 * uploads the file at PATH with WallarooClient.uploadModel({file: {path}}) and prints one JSON line: the answer,
 * and its memory (RSS before the upload, highest RSS sampled during it, and the process's peak RSS).
 */
import { TokenProvider } from '../../src/wallaroo/auth.js'
import { WallarooClient } from '../../src/wallaroo/client.js'

async function main(): Promise<void> {
  const [url, path, token = 'upload-test-token'] = process.argv.slice(2)
  const client = new WallarooClient({ url, tokens: new TokenProvider({ authUrl: url, credentials: { kind: 'token', token } }), requestTimeoutMs: 600_000 })
  global.gc?.()
  const before = process.memoryUsage.rss()
  let highest = before
  const sampler = setInterval(() => (highest = Math.max(highest, process.memoryUsage.rss())), 20)
  try {
    const result = await client.uploadModel({
      metadata: {
        name: 'big-model',
        visibility: 'private',
        workspace_id: Number(process.env.UPLOAD_WORKSPACE ?? 1),
        conversion: { framework: process.env.UPLOAD_FRAMEWORK ?? 'custom' }
      } as never,
      file: { path },
      fileName: 'big.bin'
    })
    clearInterval(sampler)
    highest = Math.max(highest, process.memoryUsage.rss())
    process.stdout.write(JSON.stringify({ ok: true, result, rssBefore: before, rssHighest: highest, maxRss: process.resourceUsage().maxRSS * 1024 }) + '\n')
  } catch (err) {
    clearInterval(sampler)
    process.stdout.write(JSON.stringify({ ok: false, error: (err as Error).message }) + '\n')
  }
}

void main()
