/**
 * A/B routing of a RandomSplit step (`{hash_key, weights: [{model, weight}]}`): the whole request goes to one model,
 * picked by weight (the recordings show one model per batch). The weights map onto [0, 1) in order and a key picks
 * the arm it falls in, as Wallaroo's docs describe ("a random key of 0.4 would route to the first model, 0.6 to the
 * second" for equal weights). With a `hash_key` column the key comes from the first row's value, so the same value
 * always reaches the same model: a number in [0, 1) is the key itself, anything else is hashed (INFERRED: the
 * engine's hash is not documented). Without one, or when the request has no such column (recorded: the split
 * stayed random), the key is random.
 */
import { createHash } from 'node:crypto'
import type { InputFrame } from './request.js'

/** One arm of a split. */
export interface SplitArm<M> {
  model: M
  weight: number
}

/** The key in [0, 1) a hash_key value stands for. */
export function splitKey(value: unknown): number {
  if (typeof value === 'number' && value >= 0 && value < 1) return value
  const digest = createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest()
  // 48 bits are exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48
}

/** The arm a key in [0, 1) falls in. */
export function armFor<M>(arms: Array<SplitArm<M>>, key: number): M {
  const total = arms.reduce((n, a) => n + a.weight, 0)
  let upTo = 0
  for (const arm of arms) {
    upTo += arm.weight / total
    if (arm.weight > 0 && key < upTo) return arm.model
  }
  // Rounding can leave the last sliver uncovered: it belongs to the last arm that has weight.
  return [...arms].reverse().find((a) => a.weight > 0)!.model
}

/** The arm a request goes to: by its hash_key column's first value when there is one, else by `random()`. */
export function chooseArm<M>(arms: Array<SplitArm<M>>, hashKey: string | null, frame: InputFrame, random: () => number): M {
  const column = hashKey ? frame.columns.find((c) => c.name === hashKey) : undefined
  return armFor(arms, column ? splitKey(column.json(0)) : random())
}
