/** Catching an expected error in unit tests. */

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

/** The error of class `type` that `promise` rejects with; rethrows any other error, and fails when it resolves. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await promise
  } catch (e) {
    if (e instanceof type) return e
    throw e
  }
  throw new Error(`expected an ${type.name}`)
}
