/**
 * Limits on the JSON the emulator takes in: nesting depth (JSON.parse nests as deep as it is given, but
 * JSON.stringify recurses, so a definition nested 10,000 levels would be accepted, then break every later dump and
 * save with a stack overflow) and the size of each value it stores. Checked at intake, before anything changes.
 */

/** Deepest nesting of arrays and objects accepted in a request (a pipeline definition needs about 6). */
export const MAX_JSON_DEPTH = 64

/** Largest JSON value (in bytes of its text) stored from one request field, e.g. a definition or an engine_config. */
export const MAX_STORED_JSON_BYTES = 1024 * 1024

/** Whether `value` nests arrays/objects deeper than `limit`; walks without recursion, so any depth is safe to check. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth + 1 > limit) return true
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
    }
  }
  return false
}

/** The size of `value` as JSON text (call only on values already checked for depth). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '')
}
