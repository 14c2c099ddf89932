/** Shared by every `bench/*.bench.ts`: a row of the printed table and a small timing helper. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The limit that matters (an aim from the issue, the serial line rate, a baseline library). */
  limit?: number;
  limitLabel?: string;
}

export interface Timing {
  median: number;
  p95: number;
  runs: number;
}

/** Times `fn` after a warm-up; milliseconds. Enough runs for a stable median, bounded in time. */
export function time(
  fn: () => unknown,
  options: { warmup?: number; runs?: number; maxMs?: number } = {},
): Timing {
  const { warmup = 5, runs = 200, maxMs = 5_000 } = options;
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  const until = performance.now() + maxMs;
  while (samples.length < runs && (samples.length < 5 || performance.now() < until)) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}
