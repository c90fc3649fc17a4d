/**
 * `--data-dir` persistence: the whole state in `state.json` and model files under
 * `models/<sha256>`. Every write goes to a temporary file that is then renamed over the
 * target, so a crash mid-write leaves the previous complete file, never a torn one; the
 * temporary files such a crash (or an interrupted upload) leaves are removed at the next start.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
/** Marks temporary files (`state.json.tmp-…`, `models/<sha>.tmp-…`): complete files are renamed over their targets. */
const TEMP_MARK = '.tmp-';
/** Reads and writes emulator state in one directory. */
export class Persistence {
    dir;
    /** Where model files live (uploads stream their temporary file here too, so adopting one is a rename). */
    modelDir;
    constructor(dir) {
        this.dir = dir;
        this.modelDir = join(dir, 'models');
        mkdirSync(this.modelDir, { recursive: true });
        // Nothing runs yet, so every temporary file is a leftover of a crash or an interrupted upload.
        for (const d of [dir, this.modelDir]) {
            for (const name of readdirSync(d))
                if (name.includes(TEMP_MARK))
                    rmSync(join(d, name), { force: true, recursive: true });
        }
    }
    /** The saved state, or null when the directory holds none yet. A corrupt file is an error, not a silent reset. */
    loadState() {
        const file = join(this.dir, 'state.json');
        if (!existsSync(file))
            return null;
        const text = readFileSync(file, 'utf8');
        try {
            const state = JSON.parse(text);
            this.lastSaved = text;
            return state;
        }
        catch (err) {
            throw new Error(`cannot read ${file}: ${err.message}. Move it away to start with an empty emulator.`, { cause: err });
        }
    }
    /** The text of the last state.json written or read; what a failed save goes back to. */
    lastSaved = null;
    /** Atomically replace state.json; throws (leaving the previous file) when the state cannot be written. */
    saveState(state) {
        const text = JSON.stringify(state, null, 1);
        atomicWrite(join(this.dir, 'state.json'), text);
        this.lastSaved = text;
    }
    /** The state as last saved (or loaded), as a fresh object; null before the first save. */
    lastSavedState() {
        return this.lastSaved === null ? null : JSON.parse(this.lastSaved);
    }
    /** Store a model file by its sha256 (content-addressed, so re-uploads of one file share it). */
    saveModel(sha, bytes) {
        const file = join(this.dir, 'models', sha);
        if (!existsSync(file))
            atomicWrite(file, bytes);
    }
    /** Keep a model file streamed to `tempPath` (in `modelDir`) as `models/<sha>`; returns its path. */
    adoptModel(sha, tempPath) {
        const file = join(this.modelDir, sha);
        if (existsSync(file))
            rmSync(tempPath, { force: true });
        else
            renameSync(tempPath, file);
        return file;
    }
    /** The path of a stored model file, or null. */
    modelPath(sha) {
        const file = join(this.modelDir, sha);
        return existsSync(file) ? file : null;
    }
    /** A stored model file, or null. */
    loadModel(sha) {
        const file = join(this.dir, 'models', sha);
        return existsSync(file) ? readFileSync(file) : null;
    }
}
function atomicWrite(file, data) {
    const tmp = `${file}${TEMP_MARK}${process.pid}-${Date.now()}`;
    try {
        writeFileSync(tmp, data);
        renameSync(tmp, file);
    }
    catch (err) {
        rmSync(tmp, { force: true });
        throw err;
    }
}
