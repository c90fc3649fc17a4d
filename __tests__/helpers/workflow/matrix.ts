/**
 * `strategy.matrix` expansion with GitHub's rules: the cartesian product of the keys in file order, minus
 * `exclude` entries (partial matches), then `include` entries merged into every combination whose original
 * values they do not change, or added as new combinations when they fit none.
 */
import { looseEquals } from './expression-values.js'

/** One combination: the `matrix` context of one job of the matrix. */
export type MatrixCombination = Record<string, unknown>

function isMap(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value)
}

/** Deep equality with GitHub's loose scalar comparison (matrix values may be objects). */
function sameValue(a: unknown, b: unknown): boolean {
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a)
    return keys.length === Object.keys(b).length && keys.every((k) => sameValue(a[k], b[k]))
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
  return looseEquals(a, b)
}

/** Expands an evaluated matrix; `where` names it in errors. An empty result is an error, as on GitHub. */
export function expandMatrix(matrix: unknown, where: string): MatrixCombination[] {
  if (!isMap(matrix)) throw new Error(`${where}: strategy.matrix must be a mapping, got ${JSON.stringify(matrix)}`)
  const { include, exclude, ...vectors } = matrix
  for (const [key, values] of Object.entries(vectors)) {
    if (!Array.isArray(values) || values.length === 0)
      throw new Error(`${where}: strategy.matrix.${key} must be a non-empty list, got ${JSON.stringify(values)}`)
  }
  const keys = Object.keys(vectors)
  let combinations: { original: MatrixCombination; added: MatrixCombination }[] = []
  if (keys.length > 0) {
    let product: MatrixCombination[] = [{}]
    for (const key of keys) product = product.flatMap((combo) => (vectors[key] as unknown[]).map((value) => ({ ...combo, [key]: value })))
    const excludes = exclude === undefined ? [] : Array.isArray(exclude) ? exclude : [exclude]
    for (const entry of excludes) if (!isMap(entry)) throw new Error(`${where}: strategy.matrix.exclude entries must be mappings`)
    product = product.filter((combo) => !excludes.some((entry) => Object.entries(entry as object).every(([k, v]) => sameValue(combo[k], v))))
    combinations = product.map((original) => ({ original, added: {} }))
  }
  const includes = include === undefined ? [] : Array.isArray(include) ? include : [include]
  for (const entry of includes) {
    if (!isMap(entry)) throw new Error(`${where}: strategy.matrix.include entries must be mappings`)
    let fitted = false
    for (const combo of combinations) {
      if (Object.keys(combo.original).length === 0) continue
      const changesOriginal = Object.entries(entry).some(([k, v]) => k in combo.original && !sameValue(combo.original[k], v))
      if (!changesOriginal) {
        Object.assign(combo.added, entry)
        fitted = true
      }
    }
    if (!fitted) combinations.push({ original: {}, added: { ...entry } })
  }
  const result = combinations.map(({ original, added }) => ({ ...original, ...added }))
  if (result.length === 0) throw new Error(`${where}: strategy.matrix produces no job (every combination was excluded)`)
  return result
}

/** GitHub's display name of a matrix job: `id (value1, value2)`. */
export function matrixJobName(base: string, combination: MatrixCombination): string {
  const values = Object.values(combination).map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v)))
  return values.length > 0 ? `${base} (${values.join(', ')})` : base
}
