/**
 * Inference failures carry the HTTP status and the engine's text; routes render them as the engine's error body
 * `{code, status:"error", error, source:"engine"}` (wallaroo-api.md §9.4).
 */
/** Base of every inference failure the engine reports itself. */
export class InferenceError extends Error {
    /** HTTP status to answer with. */
    status;
    /** The `source` field of the error body. */
    source = 'engine';
    constructor(message, status) {
        super(message);
        this.name = new.target.name;
        this.status = status;
    }
}
/** The request does not fit the pipeline (400: bad body, shape, nulls, a step output the next model cannot take; 415: unsupported Content-Type). */
export class InferenceInputError extends InferenceError {
    constructor(message, status = 400) {
        super(message, status);
    }
}
/** The pipeline itself failed (500): a model that errors at run time or returns a tensor of the wrong batch size. */
export class InferenceEngineError extends InferenceError {
    constructor(message) {
        super(message, 500);
    }
}
/** The engine's recorded wording for nulls in a tensor (wallaroo-api.md §9.4). */
export const NULL_VALUES_MESSAGE = 'tensor values may not be null';
