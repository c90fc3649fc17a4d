/** An MLOps route: `POST /v1/api/<command>` with a user token and `{msg, code}` errors (§1, §3). */
export function mlopsRoute(command, handler, options = {}) {
    return { method: 'POST', path: `/v1/api/${command}`, access: 'user', format: 'mlops', ...options, handler };
}
/** A developer-API route under `/_emulator` (no token; MLOps error format). */
export function developerRoute(method, path, handler) {
    return { method, path, access: 'none', format: 'mlops', handler };
}
/** Shorthand for a JSON reply. */
export function ok(json, status = 200) {
    return { status, json };
}
