/**
 * onnxruntime sessions of uploaded ONNX files, one per sha256: a real load, so a broken file
 * really fails conversion, done once however many versions share the file. Only the session
 * is kept; the bytes stay with the caller (and in `--data-dir`).
 */
import { loadOnnxModel, type LoadedModel } from './onnx.js'

/** Outcome of loading a model file with onnxruntime. */
export type LoadState = { state: 'loading' } | { state: 'ok'; model: LoadedModel } | { state: 'error'; message: string }

interface Load {
  state: LoadState
  done: Promise<void>
}

/** The loads of one store; `onSettled` hears when a load finished (ok or error). */
export class ModelLoads {
  private loads = new Map<string, Load>()

  constructor(private readonly onSettled: (sha: string) => void) {}

  /** Load the bytes (or the file at a path) unless this sha is already loaded or loading; `after` runs once it settled (or at once when nothing is started). */
  start(sha: string, source: Uint8Array | string, after?: () => void): void {
    if (this.loads.has(sha)) {
      after?.()
      return
    }
    const load: Load = { state: { state: 'loading' }, done: Promise.resolve() }
    this.loads.set(sha, load)
    load.done = loadOnnxModel(source)
      .then(
        (model) => this.finish(sha, load, { state: 'ok', model }),
        (err: unknown) => this.finish(sha, load, { state: 'error', message: err instanceof Error ? err.message : String(err) })
      )
      .finally(() => after?.())
  }

  private finish(sha: string, load: Load, state: LoadState): void {
    // A load started before `clear()` belongs to a forgotten state: drop its result.
    if (this.loads.get(sha) !== load) return
    load.state = state
    this.onSettled(sha)
  }

  /** The load of a sha, or undefined when it was never started. */
  get(sha: string): LoadState | undefined {
    return this.loads.get(sha)?.state
  }

  /** Resolves once every load started so far has finished. */
  async settled(): Promise<void> {
    await Promise.all([...this.loads.values()].map((l) => l.done))
  }

  /** Forget every load (sessions are freed by the garbage collector, so a running inference is not cut short). */
  clear(): void {
    this.loads.clear()
  }
}
