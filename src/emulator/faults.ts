/**
 * Fault injection (like LocalStack's Chaos API): rules that make a route answer a given
 * status and body (with a `Retry-After` if asked), optionally after a delay, for N calls or with
 * a seeded probability; or drop the connection without an answer; either of them before the
 * route runs, or after it ran (`afterApply`: the change is made, the client sees a failure).
 * Deterministic by default: no probability means every matching call; a probability uses
 * its own seeded generator, so a test run replays the same sequence.
 */
import type { ServerResponse } from 'node:http'
import { ApiError, describe, inferenceErrorBody, mlopsErrorBody, requireObject, sendJson, type ErrorFormat } from './http.js'
import { mulberry32 } from '../random.js'

/** A fault rule as posted to `POST /_emulator/faults`. */
export interface FaultSpec {
  /** Exact path, a glob with `*` (any characters), or a regular expression written as `/…/`. */
  route: string
  /** HTTP method to match; any when absent. */
  method?: string
  /** Status to answer; when absent the call proceeds normally after `delayMs` (latency only). */
  status?: number
  /** JSON body to answer; default: the route's own error format with a "fault injected" message. */
  body?: unknown
  delayMs?: number
  /** How many matching calls the rule applies to; unlimited when absent. */
  count?: number
  /** Chance (0..1) that a matching call is hit. */
  probability?: number
  /** Seed of the probability generator (default 1). */
  seed?: number
  /** `Retry-After` header of the fault answer: seconds, or an HTTP date (429 and 503 default to 1). */
  retryAfter?: number | string
  /** Run the route first (its change is kept), then answer the fault instead of the route's answer. */
  afterApply?: boolean
  /** Destroy the connection without answering (with `afterApply`: after the route ran). */
  drop?: boolean
}

/** A stored rule with its bookkeeping. */
export interface FaultRule extends FaultSpec {
  id: number
  hits: number
  remaining: number | null
}

function toMatcher(route: string): (path: string) => boolean {
  if (route.length > 2 && route.startsWith('/') && route.endsWith('/') && !route.startsWith('/v1') && !route.startsWith('/auth')) {
    let re: RegExp
    try {
      re = new RegExp(route.slice(1, -1))
    } catch (err) {
      throw new ApiError(400, `invalid field 'route': bad regular expression: ${(err as Error).message}`)
    }
    return (p) => re.test(p)
  }
  if (route.includes('*')) {
    const re = new RegExp(
      '^' +
        route
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*') +
        '$'
    )
    return (p) => re.test(p)
  }
  return (p) => p === route
}

/** Validate a posted rule; 400 naming the bad field. */
export function parseFaultSpec(value: unknown): FaultSpec {
  const o = requireObject(value, 'fault rule')
  const bad = (name: string, type: string): never => {
    throw new ApiError(400, `invalid field '${name}': expected ${type}, got ${describe(o[name])}`)
  }
  if (typeof o.route !== 'string' || o.route === '') bad('route', 'a path, glob or /regex/ string')
  const spec: FaultSpec = { route: o.route as string }
  if (o.method !== undefined) {
    if (typeof o.method !== 'string') bad('method', 'a string')
    spec.method = (o.method as string).toUpperCase()
  }
  if (o.status !== undefined) {
    if (typeof o.status !== 'number' || !Number.isInteger(o.status) || o.status < 100 || o.status > 599) bad('status', 'an HTTP status 100..599')
    spec.status = o.status as number
  }
  if (o.body !== undefined) spec.body = o.body
  for (const key of ['delayMs', 'count', 'seed'] as const) {
    if (o[key] === undefined) continue
    const v = o[key]
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(key, 'a non-negative integer')
    spec[key] = v as number
  }
  if (o.probability !== undefined) {
    const p = o.probability
    if (typeof p !== 'number' || p < 0 || p > 1) bad('probability', 'a number between 0 and 1')
    spec.probability = p as number
  }
  if (o.retryAfter !== undefined) {
    const r = o.retryAfter
    const seconds = typeof r === 'number' && Number.isInteger(r) && r >= 0
    // A header value: no line breaks (they would split the answer), and short.
    const date = typeof r === 'string' && r.trim() !== '' && r.length <= 100 && !/[\r\n]/.test(r)
    if (!seconds && !date) bad('retryAfter', 'a non-negative integer (seconds) or an HTTP date string')
    spec.retryAfter = r as number | string
  }
  for (const key of ['afterApply', 'drop'] as const) {
    if (o[key] === undefined) continue
    if (typeof o[key] !== 'boolean') bad(key, 'true or false')
    spec[key] = o[key] as boolean
  }
  if (spec.drop && (spec.status !== undefined || spec.body !== undefined || spec.retryAfter !== undefined)) {
    throw new ApiError(400, "a fault rule with 'drop' sends no answer: leave out 'status', 'body' and 'retryAfter'")
  }
  if (spec.retryAfter !== undefined && spec.status === undefined) {
    throw new ApiError(400, "'retryAfter' is a header of the fault answer: give 'status' too (e.g. 429 or 503)")
  }
  if (spec.afterApply && spec.status === undefined && !spec.drop) {
    throw new ApiError(400, "'afterApply' replaces the route's answer: give 'status' (the error the client sees) or 'drop' (no answer)")
  }
  if (spec.status === undefined && spec.delayMs === undefined && !spec.drop) {
    throw new ApiError(400, "a fault rule needs 'status' (answer with it), 'drop' (close the connection without an answer) or 'delayMs' (slow the call down)")
  }
  toMatcher(spec.route)
  return spec
}

/** The fault rules in force. */
export class FaultRegistry {
  private rules: Array<FaultRule & { matches: (p: string) => boolean; random: () => number }> = []
  private nextId = 1

  /** Add a validated rule; returns it with its id. */
  add(spec: FaultSpec): FaultRule {
    const rule = {
      ...spec,
      id: this.nextId++,
      hits: 0,
      remaining: spec.count ?? null,
      matches: toMatcher(spec.route),
      random: mulberry32(spec.seed ?? 1)
    }
    this.rules.push(rule)
    return this.view(rule)
  }

  /** All rules (without internals). */
  list(): FaultRule[] {
    return this.rules.map((r) => this.view(r))
  }

  /** Remove every rule. */
  clear(): void {
    this.rules = []
  }

  /** The first rule that fires for this call (consuming one of its `count`), or null. */
  take(method: string, path: string): FaultRule | null {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== method.toUpperCase()) continue
      if (!rule.matches(path)) continue
      if (rule.remaining !== null && rule.remaining <= 0) continue
      if (rule.probability !== undefined && rule.random() >= rule.probability) continue
      rule.hits++
      if (rule.remaining !== null) rule.remaining--
      return this.view(rule)
    }
    return null
  }

  private view(r: FaultRule): FaultRule {
    const { id, route, method, status, body, delayMs, count, probability, seed, retryAfter, afterApply, drop, hits, remaining } = r
    return { id, route, method, status, body, delayMs, count, probability, seed, retryAfter, afterApply, drop, hits, remaining }
  }
}

/**
 * Answer a call with its fault: destroy the connection (`drop`), or send the status with the rule's body (default:
 * an error in the route's format) and `Retry-After`. Returns false for a latency-only rule (the route answers).
 */
export function answerFault(res: ServerResponse, format: ErrorFormat, fault: FaultRule): boolean {
  if (fault.drop) {
    // No answer at all, as when a proxy or the server dies mid-call: the client sees a reset or an early close.
    res.socket?.destroy()
    return true
  }
  const status = fault.status
  if (status === undefined) return false
  const retryAfter = fault.retryAfter ?? (status === 429 || status === 503 ? 1 : undefined)
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }
  if (fault.body !== undefined) {
    sendJson(res, status, fault.body, headers)
    return true
  }
  const msg = `fault injected by the emulator (rule ${fault.id})`
  sendJson(res, status, format === 'inference' ? inferenceErrorBody(status, msg, 'platform') : mlopsErrorBody(status, msg), headers)
  return true
}
