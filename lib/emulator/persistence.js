/**
 * `--data-dir` persistence: the whole state in `state.json` and model files under
 * `models/<sha256>`. Every write goes to a temporary file that is then renamed over the
 * target, so a crash mid-write leaves the previous complete file, never a torn one.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
/** Reads and writes emulator state in one directory. */
export class Persistence {
    dir;
    constructor(dir) {
        this.dir = dir;
        mkdirSync(join(dir, 'models'), { recursive: true });
    }
    /** The saved state, or null when the directory holds none yet. A corrupt file is an error, not a silent reset. */
    loadState() {
        const file = join(this.dir, 'state.json');
        if (!existsSync(file))
            return null;
        const text = readFileSync(file, 'utf8');
        try {
            return JSON.parse(text);
        }
        catch (err) {
            throw new Error(`cannot read ${file}: ${err.message}. Move it away to start with an empty emulator.`);
        }
    }
    /** Atomically replace state.json. */
    saveState(state) {
        atomicWrite(join(this.dir, 'state.json'), JSON.stringify(state, null, 1));
    }
    /** Store a model file by its sha256 (content-addressed, so re-uploads of one file share it). */
    saveModel(sha, bytes) {
        const file = join(this.dir, 'models', sha);
        if (!existsSync(file))
            atomicWrite(file, bytes);
    }
    /** A stored model file, or null. */
    loadModel(sha) {
        const file = join(this.dir, 'models', sha);
        return existsSync(file) ? readFileSync(file) : null;
    }
}
function atomicWrite(file, data) {
    const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
}
