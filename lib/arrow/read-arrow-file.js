/** An Arrow IPC file checked by ipc-guard, then decoded by apache-arrow (which alone can loop forever on a damaged file). */
import { tableFromIPC } from 'apache-arrow';
import { ArrowFileError, checkArrowFile } from './ipc-guard.js';
/** Checks, then decodes with apache-arrow; throws ArrowFileError for anything wrong with the file. */
export function readArrowFile(bytes, limits = {}) {
    checkArrowFile(bytes, limits);
    try {
        return tableFromIPC(bytes);
    }
    catch (err) {
        // Checked files decode; a throw here is a corner the checks do not cover, and still the file's fault.
        throw new ArrowFileError(`the file could not be decoded: ${err.message}`, 'damaged', { cause: err });
    }
}
