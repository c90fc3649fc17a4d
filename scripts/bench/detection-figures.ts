/** Target 3 as figures: the action's real wait code on a simulated clock (see detection.ts), against a fixed 5 s loop. */
import { conversionWait, detectionFigures, fixedLoopWait } from './detection.js'
import type { Figure } from './verdict.js'

const START_MS = 180_000

export async function detectionLines(): Promise<Figure[]> {
  const d = await detectionFigures(START_MS)
  // The emulator's conversion (1 s, the case the issue names) over 20 seeds: the worst lateness is the target.
  let worstAtOne = 0
  for (let seed = 1; seed <= 20; seed++) worstAtOne = Math.max(worstAtOne, (await conversionWait(1000, seed)).lateMs)
  const fixedAtOne = (await fixedLoopWait(1000, 5000)).lateMs
  // Conversions of 0.5-10 s in 250 ms steps, 5 seeds each: the mean lateness, reported against a fixed 5 s loop.
  let late = 0
  let fixedLate = 0
  let n = 0
  for (let readyAt = 500; readyAt <= 10_000; readyAt += 250) {
    for (let seed = 1; seed <= 5; seed++, n++) {
      late += (await conversionWait(readyAt, seed)).lateMs
      fixedLate += (await fixedLoopWait(readyAt, 5000)).lateMs
    }
  }
  return [
    {
      name: 'Running noticed after it happens (mean, starts ≤ 3 min)',
      value: d.meanLateMs,
      baseline: { name: 'fixed 5 s loop', value: d.fixedLateMs },
      unit: 'ms',
      target: { atMost: 3000 }
    },
    {
      name: 'polls over a 3-minute start (mean)',
      value: d.polls,
      baseline: { name: 'fixed 5 s loop', value: d.fixedPolls },
      unit: 'polls',
      target: { ratioAtMost: 1 }
    },
    {
      name: '1 s conversion noticed after ready (worst of 20)',
      value: worstAtOne,
      baseline: { name: 'fixed 5 s loop', value: fixedAtOne },
      unit: 'ms',
      target: { atMost: 500 }
    },
    {
      name: 'conversion noticed after ready (mean, 0.5-10 s)',
      value: late / n,
      baseline: { name: 'fixed 5 s loop', value: fixedLate / n },
      unit: 'ms',
      target: { reported: true }
    }
  ]
}
