/**
 * Limits on the JSON the emulator takes in: nesting depth (JSON.parse nests as deep as it is given, but
 * JSON.stringify recurses, so a definition nested 10,000 levels would be accepted, then break every later dump and
 * save with a stack overflow) and the size of each value it stores. Checked at intake, before anything changes.
 */

/** Deepest nesting of arrays and objects accepted in a request (a pipeline definition needs about 6). */
export const MAX_JSON_DEPTH = 64

/** Largest JSON value (in bytes of its text) stored from one request field, e.g. a definition or an engine_config. */
export const MAX_STORED_JSON_BYTES = 1024 * 1024

/**
 * Whether `value` nests arrays/objects deeper than `limit`. It recurses, but never more than `limit` + 1 calls deep
 * (it stops there), so any depth is safe to check; every inference request passes here, so no per-value allocation.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  return value !== null && typeof value === 'object' && deeper(value, 0, limit)
}

/** `v` is a container with `depth` containers around it. */
function deeper(v: object, depth: number, limit: number): boolean {
  if (depth + 1 > limit) return true
  const children: unknown[] = Array.isArray(v) ? v : Object.values(v)
  for (let i = 0; i < children.length; i++) {
    const c = children[i]
    if (c !== null && typeof c === 'object' && deeper(c, depth + 1, limit)) return true
  }
  return false
}

/** The size of `value` as JSON text (call only on values already checked for depth). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '')
}
