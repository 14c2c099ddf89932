/** Issue #3's figures: one instant over 10,000 schedules, a year's timeline, 200 years of holidays. */
import { benchHolidays200Years } from "./calendar.bench-fn.js";
import { type BenchRow, time } from "./harness.js";
import {
  benchCompile,
  benchInstants,
  benchResolveOnce,
  benchTimeline365,
  makeBigSnapshot,
} from "./resolver.bench-fn.js";

export default function run(): BenchRow[] {
  const snapshot = makeBigSnapshot(10_000, 50);
  const compileMs = time(() => benchCompile(makeBigSnapshot(10_000, 50)), { warmup: 1, runs: 5 });
  const compiled = benchCompile(snapshot);
  const instants = benchInstants(1000);
  let i = 0;
  const resolveOnce = time(() => benchResolveOnce(compiled, instants[i++ % instants.length] ?? 0), {
    warmup: 50,
    runs: 1000,
  });
  const timelineMs = time(() => benchTimeline365(compiled, "sign-049"), { warmup: 1, runs: 15 });
  const holidays = time(benchHolidays200Years, { warmup: 1, runs: 10 });
  return [
    {
      name: "resolve one instant, 10,000 schedules × 50 channels (median)",
      value: resolveOnce.median,
      unit: "ms",
      limit: 1,
      limitLabel: "aim, issue #3",
    },
    { name: "resolve one instant (p95)", value: resolveOnce.p95, unit: "ms" },
    {
      name: "365-day timeline of one busy channel (median)",
      value: timelineMs.median,
      unit: "ms",
      limit: 50,
      limitLabel: "aim, issue #3",
    },
    {
      name: "every holiday of 200 years, cold caches (median)",
      value: holidays.median,
      unit: "ms",
      limit: 100,
      limitLabel: "aim, issue #3",
    },
    { name: "compile a 10,000-schedule snapshot (after a change)", value: compileMs.median, unit: "ms" },
  ];
}
