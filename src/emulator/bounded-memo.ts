/**
 * A memo for what clients send again and again (headers, request targets, reply shapes): each value is made once,
 * and the memo starts over when it holds `limit` entries, so no client can grow it without bound.
 */
export class BoundedMemo<K, V> {
  private readonly values = new Map<K, V>()

  constructor(private readonly limit: number) {}

  /** The value for `key`, made by `make` the first time; an undefined value is not remembered. */
  get<M extends V | undefined>(key: K, make: (key: K) => M): V | M {
    const known = this.values.get(key)
    if (known !== undefined) return known
    const made = make(key)
    if (made !== undefined) {
      if (this.values.size >= this.limit) this.values.clear()
      this.values.set(key, made as V)
    }
    return made
  }
}
