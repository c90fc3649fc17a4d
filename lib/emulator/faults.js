/**
 * Fault injection (like LocalStack's Chaos API): rules that make a route answer a given
 * status and body, optionally after a delay, for N calls or with a seeded probability.
 * Deterministic by default: no probability means every matching call; a probability uses
 * its own seeded generator, so a test run replays the same sequence.
 */
import { ApiError, describe, requireObject } from './http.js';
/** Deterministic PRNG (mulberry32): same seed, same sequence. */
function mulberry32(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
function toMatcher(route) {
    if (route.length > 2 && route.startsWith('/') && route.endsWith('/') && !route.startsWith('/v1') && !route.startsWith('/auth')) {
        let re;
        try {
            re = new RegExp(route.slice(1, -1));
        }
        catch (err) {
            throw new ApiError(400, `invalid field 'route': bad regular expression: ${err.message}`);
        }
        return (p) => re.test(p);
    }
    if (route.includes('*')) {
        const re = new RegExp('^' + route.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
        return (p) => re.test(p);
    }
    return (p) => p === route;
}
/** Validate a posted rule; 400 naming the bad field. */
export function parseFaultSpec(value) {
    const o = requireObject(value, 'fault rule');
    const bad = (name, type) => {
        throw new ApiError(400, `invalid field '${name}': expected ${type}, got ${describe(o[name])}`);
    };
    if (typeof o.route !== 'string' || o.route === '')
        bad('route', 'a path, glob or /regex/ string');
    const spec = { route: o.route };
    if (o.method !== undefined) {
        if (typeof o.method !== 'string')
            bad('method', 'a string');
        spec.method = o.method.toUpperCase();
    }
    if (o.status !== undefined) {
        if (typeof o.status !== 'number' || !Number.isInteger(o.status) || o.status < 100 || o.status > 599)
            bad('status', 'an HTTP status 100..599');
        spec.status = o.status;
    }
    if (o.body !== undefined)
        spec.body = o.body;
    for (const key of ['delayMs', 'count', 'seed']) {
        if (o[key] === undefined)
            continue;
        const v = o[key];
        if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
            bad(key, 'a non-negative integer');
        spec[key] = v;
    }
    if (o.probability !== undefined) {
        const p = o.probability;
        if (typeof p !== 'number' || p < 0 || p > 1)
            bad('probability', 'a number between 0 and 1');
        spec.probability = p;
    }
    if (spec.status === undefined && spec.delayMs === undefined) {
        throw new ApiError(400, "a fault rule needs 'status' (answer with it) or 'delayMs' (slow the call down), or both");
    }
    toMatcher(spec.route);
    return spec;
}
/** The fault rules in force. */
export class FaultRegistry {
    rules = [];
    nextId = 1;
    /** Add a validated rule; returns it with its id. */
    add(spec) {
        const rule = {
            ...spec,
            id: this.nextId++,
            hits: 0,
            remaining: spec.count ?? null,
            matches: toMatcher(spec.route),
            random: mulberry32(spec.seed ?? 1)
        };
        this.rules.push(rule);
        return this.view(rule);
    }
    /** All rules (without internals). */
    list() {
        return this.rules.map((r) => this.view(r));
    }
    /** Remove every rule. */
    clear() {
        this.rules = [];
    }
    /** The first rule that fires for this call (consuming one of its `count`), or null. */
    take(method, path) {
        for (const rule of this.rules) {
            if (rule.method && rule.method !== method.toUpperCase())
                continue;
            if (!rule.matches(path))
                continue;
            if (rule.remaining !== null && rule.remaining <= 0)
                continue;
            if (rule.probability !== undefined && rule.random() >= rule.probability)
                continue;
            rule.hits++;
            if (rule.remaining !== null)
                rule.remaining--;
            return this.view(rule);
        }
        return null;
    }
    view(r) {
        const { id, route, method, status, body, delayMs, count, probability, seed, hits, remaining } = r;
        return { id, route, method, status, body, delayMs, count, probability, seed, hits, remaining };
    }
}
