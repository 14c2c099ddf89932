/**
 * Pacing downloads from the central to the gate's bandwidth cap (`central.bandwidth`), so a Tết
 * program arriving over a few hundred kbit/s leaves room for the gate's own traffic. Pure: a token
 * bucket and the cap's window, driven by a clock the caller passes (tests use a fake one).
 *
 * The download is paced on its read side: the gate does not ask for the next chunk until the bucket
 * allows it, the socket's buffers fill, and TCP slows the central down to the cap.
 */
import { gateLocal, parseClockTime } from "../domain/gate-time.js";

export interface BandwidthSetting {
  capKbps?: number;
  uncappedHours?: { start: string; end: string };
}

/** Bytes per second the cap allows at `at` (epoch ms), or null when nothing caps downloads then. */
export function capBytesPerS(setting: BandwidthSetting | undefined, at: number): number | null {
  if (!setting?.capKbps) return null;
  const window = setting.uncappedHours;
  if (window) {
    const start = parseClockTime(window.start);
    const end = parseClockTime(window.end);
    if (start !== null && end !== null && start !== end) {
      const m = gateLocal(at).minuteOfDay;
      // A window such as 22:00–06:00 crosses midnight.
      const inside = start < end ? m >= start && m < end : m >= start || m < end;
      if (inside) return null;
    }
  }
  return (setting.capKbps * 1000) / 8;
}

/**
 * A token bucket: `take(n, now)` spends n bytes and says how long to wait before reading them. It may
 * go into debt (a chunk larger than the bucket is allowed, then paid for), so the long-run rate is
 * exactly the rate whatever the chunk sizes.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    readonly rateBytesPerS: number,
    readonly burstBytes: number,
    now: number,
  ) {
    this.#tokens = burstBytes;
    this.#last = now;
  }

  /** Milliseconds to wait before these n bytes may be read. */
  take(n: number, now: number): number {
    const elapsed = Math.max(0, now - this.#last);
    this.#last = Math.max(this.#last, now);
    this.#tokens = Math.min(this.burstBytes, this.#tokens + (elapsed / 1000) * this.rateBytesPerS);
    this.#tokens -= n;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.rateBytesPerS) * 1000);
  }
}

/** A bucket small enough that the rate over any second stays near the cap: a quarter second of it. */
export function burstFor(rateBytesPerS: number): number {
  return Math.max(4096, Math.round(rateBytesPerS / 4));
}

/**
 * The gate's pacer: one bucket for every download (they share the link), rebuilt when the cap
 * changes (the window opens or closes). `delayFor(n)` is 0 when nothing caps downloads.
 */
export class Pacer {
  #bucket: TokenBucket | undefined;

  constructor(
    private readonly setting: BandwidthSetting | undefined,
    private readonly now: () => number,
  ) {}

  /** The cap in force now (bytes/s), or null. */
  cap(): number | null {
    return capBytesPerS(this.setting, this.now());
  }

  delayFor(n: number): number {
    const now = this.now();
    const rate = capBytesPerS(this.setting, now);
    if (rate === null) {
      this.#bucket = undefined;
      return 0;
    }
    if (this.#bucket?.rateBytesPerS !== rate) this.#bucket = new TokenBucket(rate, burstFor(rate), now);
    return this.#bucket.take(n, now);
  }
}

/** Chunks read no faster than the pacer allows (`sleep` waits; tests may pass a fake). */
export async function* paced(
  chunks: AsyncIterable<Uint8Array>,
  pacer: Pacer,
  sleep: (ms: number) => Promise<void>,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    const wait = pacer.delayFor(chunk.length);
    if (wait > 0) await sleep(wait);
    yield chunk;
  }
}
