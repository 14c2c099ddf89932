/** Clocks, abortable sleeps and backoff: injected everywhere so unit tests run on fake time. */

export interface Timer {
  /** Monotonic milliseconds (performance.now in production). */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason once it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason ?? "aborted"));
}

export const realTimer: Timer = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** 0.2 spreads each delay over ±20 %, so signs on one PC do not retry in step. */
  readonly jitter: number;
}

/** 0.5 s, 1 s, 2 s … capped at 30 s: for reopening a port that went away. */
export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, jitter: 0.2 };
/** Between attempts of one exchange: short, the sign is there but missed a frame. */
export const RETRY_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 2_000, jitter: 0.2 };

/** Delay before attempt `failures + 1` (failures ≥ 1): initial × 2^(failures − 1), capped, jittered. */
export function backoffDelay(
  policy: BackoffPolicy,
  failures: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, failures - 1));
  const spread = 1 - policy.jitter + 2 * policy.jitter * random();
  return Math.round(Math.min(policy.maxMs, base * spread));
}
