import { parseJsonBody, readBody, requireObject } from './http.js';
/** The URL of a request target (the root when it does not parse, as the router then treats it). */
export function parseTarget(target) {
    try {
        return new URL(target ?? '/', 'http://emulator.invalid');
    }
    catch {
        return new URL('http://emulator.invalid/');
    }
}
/** One request's RouteContext; `consumed` tells the server whether the body was read (else it is drained). */
export class RequestContext {
    req;
    res;
    params;
    parts;
    bodyLimit;
    store;
    tokens;
    faults;
    settings;
    claims;
    consumed = false;
    parsed;
    bodyPromise;
    constructor(req, res, params, parts, bodyLimit) {
        this.req = req;
        this.res = res;
        this.params = params;
        this.parts = parts;
        this.bodyLimit = bodyLimit;
        this.store = parts.store;
        this.tokens = parts.tokens;
        this.faults = parts.faults;
        this.settings = parts.settings;
    }
    get url() {
        return (this.parsed ??= parseTarget(this.req.url));
    }
    get baseUrl() {
        return this.req.headers.host ? `http://${this.req.headers.host}` : this.parts.listenUrl();
    }
    body() {
        this.consumed = true;
        return (this.bodyPromise ??= readBody(this.req, this.bodyLimit));
    }
    async json() {
        return requireObject(parseJsonBody(await this.body()));
    }
}
