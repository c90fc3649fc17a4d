/** Catching an expected error in synchronous unit tests. */

/** The error of class `type` that `fn` throws; rethrows any other error, and fails when `fn` throws nothing. */
export function thrownBy<E extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    fn()
  } catch (e) {
    if (e instanceof type) return e
    throw e
  }
  throw new Error(`expected an ${type.name}`)
}
