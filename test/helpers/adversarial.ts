/**
 * Shared pieces of the adversarial suite (test/adversarial/): how long the attacks run, a watch on
 * /healthz while they do, the target's memory, and the figures that `npm run soak` prints.
 *
 * The short run is what `npm test` does; `SOAK_LONG=1` (set by `npm run soak`) runs the same attacks
 * at full size. The figures go to the file named by `ADVERSARIAL_FIGURES`, one JSON line each.
 */
import { appendFileSync, readFileSync } from "node:fs";
import http from "node:http";
import { expect } from "vitest";

/** True when the soak runner asked for the full-size attacks. */
export const LONG = process.env.SOAK_LONG === "1";

/** `short` in `npm test`, `long` under `npm run soak`. */
export function sized(short: number, long: number): number {
  return LONG ? long : short;
}

export interface Figure {
  area: string;
  figure: string;
  value: number | string;
  limit?: number | string;
}

/** Records one figure of an attack for the soak table (no-op outside the soak runner). */
export function recordFigure(figure: Figure): void {
  const file = process.env.ADVERSARIAL_FIGURES;
  if (!file) return;
  appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

/** Resident set size (VmRSS) and its high-water mark (VmHWM) of a process, in MB. */
export function memoryMb(pid: number | undefined): { rss: number; peak: number } {
  if (!pid) return { rss: 0, peak: 0 };
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
  } catch {
    return { rss: 0, peak: 0 };
  }
}

/**
 * One GET on a connection of its own, as a watchdog's probe would: a reused keep-alive connection can
 * be closed by the server's idle timer just as a request goes out on it (a browser retries such a
 * request by itself; fetch reports it), which says nothing about whether the controller answers.
 */
function probe(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}

export interface HealthWatch {
  /** Stops polling; the slowest answer, how many were slower than `limitMs` or failed, and how many. */
  stop(): Promise<{ maxMs: number; late: number; failures: string[]; samples: number }>;
}

/**
 * Polls `${base}/healthz` one request at a time for as long as an attack runs. Each answer must come
 * within `limitMs` (the watchdog's view of a live controller); a 503 is an answer (degraded, alive).
 */
export function watchHealth(base: string, limitMs = 1000, intervalMs = 100): HealthWatch {
  let running = true;
  let maxMs = 0;
  let late = 0;
  let samples = 0;
  const failures: string[] = [];
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      try {
        const status = await probe(`${base}/healthz`, limitMs * 5);
        if (status !== 200 && status !== 503) failures.push(`status ${status}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
      const ms = performance.now() - t;
      samples++;
      maxMs = Math.max(maxMs, ms);
      if (ms > limitMs) late++;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { maxMs, late, failures: failures.slice(0, 10), samples };
    },
  };
}

/**
 * /healthz within 1 s throughout is the soak's bound. `npm test` runs beside other work on two cores
 * and must not fail on timing: there every probe must still answer (within 5 s, far inside the
 * watchdog's 30 s; the callers check `failures`) and the slowest answer is recorded, not judged.
 */
export function expectWithinSecond(result: { late: number; maxMs: number }, label = ""): void {
  if (!LONG) return;
  expect(result.late, `${label}/healthz slower than 1 s (max ${result.maxMs.toFixed(0)} ms)`).toBe(0);
}

/** A controller child process under attack (soak/lib.ts `ControllerChild` fits). */
export interface Target {
  url: string;
  child: { pid?: number | undefined; exitCode: number | null };
  output(): string;
}

/**
 * Runs `attack` while /healthz is watched; then the process must be alive, every probe answered, and
 * its peak RSS under `rssLimitMb`. The figures go to the soak table under `area`.
 */
export async function underWatch(
  target: Target,
  area: string,
  name: string,
  attack: () => Promise<void>,
  rssLimitMb = 600,
): Promise<void> {
  const watch = watchHealth(target.url, 1000);
  try {
    await attack();
  } finally {
    const health = await watch.stop();
    const memory = memoryMb(target.child.pid);
    recordFigure({
      area,
      figure: `${name}: slowest /healthz (ms)`,
      value: Math.round(health.maxMs),
      limit: 1000,
    });
    recordFigure({ area, figure: `${name}: controller RSS peak (MB)`, value: Math.round(memory.peak) });
    expect(target.child.exitCode, target.output()).toBeNull();
    expect(health.samples).toBeGreaterThan(0);
    expect(health.failures, `${name}: /healthz failures`).toEqual([]);
    expectWithinSecond(health, `${name}: `);
    expect(memory.peak, `${name}: RSS peak`).toBeLessThan(rssLimitMb);
  }
}
