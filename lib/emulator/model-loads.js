/**
 * onnxruntime sessions of uploaded ONNX files, one per sha256: a real load, so a broken file
 * really fails conversion, done once however many versions share the file. Only the session
 * is kept; the bytes stay with the caller (and in `--data-dir`).
 */
import { loadOnnxModel } from './onnx.js';
/** The loads of one store; `onSettled` hears when a load finished (ok or error). */
export class ModelLoads {
    onSettled;
    loads = new Map();
    constructor(onSettled) {
        this.onSettled = onSettled;
    }
    /** Load the bytes (or the file at a path) unless this sha is already loaded or loading; `after` runs once it settled (or at once when nothing is started). */
    start(sha, source, after) {
        if (this.loads.has(sha)) {
            after?.();
            return;
        }
        const load = { state: { state: 'loading' }, done: Promise.resolve() };
        this.loads.set(sha, load);
        load.done = loadOnnxModel(source)
            .then((model) => this.finish(sha, load, { state: 'ok', model }), (err) => this.finish(sha, load, { state: 'error', message: err instanceof Error ? err.message : String(err) }))
            .finally(() => after?.());
    }
    finish(sha, load, state) {
        // A load started before `clear()` belongs to a forgotten state: drop its result.
        if (this.loads.get(sha) !== load)
            return;
        load.state = state;
        this.onSettled(sha);
    }
    /** The load of a sha, or undefined when it was never started. */
    get(sha) {
        return this.loads.get(sha)?.state;
    }
    /** Resolves once every load started so far has finished. */
    async settled() {
        await Promise.all([...this.loads.values()].map((l) => l.done));
    }
    /** Forget every load (sessions are freed by the garbage collector, so a running inference is not cut short). */
    clear() {
        this.loads.clear();
    }
}
