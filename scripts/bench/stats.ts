/** Small statistics for the bench: medians and percentiles of samples. */

/** The `p` quantile (0..1) of the samples, by the nearest-rank method. */
export function quantile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('quantile of no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]
}

/** The median of the samples. */
export const median = (samples: number[]): number => quantile(samples, 0.5)

/** The mean of the samples. */
export const mean = (samples: number[]): number => samples.reduce((a, b) => a + b, 0) / samples.length
