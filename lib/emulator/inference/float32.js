/**
 * Renders float32 values the way the engine prints them (e.g. 0.0014974177, 0.99300325): the shortest decimal that
 * reads back to the same float32. A plain JS number of a float32 would print 0.0014974177069962025 instead.
 */
/** The shortest-decimal JS number that rounds (via Math.fround) to the same float32 as `x`; non-finite values pass through. */
export function shortestFloat32(x) {
    const f = Math.fround(x);
    if (!Number.isFinite(f) || f === 0)
        return f;
    // Round-tripping is monotonic in the digit count (more digits only get closer) and 9 always suffice for a float32,
    // so a binary search over 1..9 finds the shortest in ~3 toPrecision calls (10k-row replies render ~300k values).
    let lo = 1;
    let hi = 9;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (Math.fround(Number(f.toPrecision(mid))) === f)
            hi = mid;
        else
            lo = mid + 1;
    }
    return Number(f.toPrecision(lo));
}
