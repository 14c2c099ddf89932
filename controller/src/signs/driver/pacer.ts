/**
 * Writes bytes no faster than the serial line carries them.
 *
 * A pty takes a whole frame at once and so would a USB converter's driver, but cheap RS-485 converters
 * have 64-byte FIFOs and drop what overflows them. So the driver paces itself: it writes one chunk at a
 * time against an absolute schedule of when the line will be free (`lineFreeAt`), keeping at most two
 * chunks ahead of the wire. Because the schedule is absolute, late timers do not add up: a write ends
 * within one timer tick of the line-rate minimum.
 */

import type { Timer } from "./timing.js";

/** What the pacer writes to: a transport's write (handed to the OS) and drain (left the UART). */
export interface PacedSink {
  write(bytes: Uint8Array): Promise<void>;
  drain(): Promise<void>;
}

export interface PacedWrite {
  /** When the first chunk was written (timer ms). */
  readonly startedAt: number;
  /** When, by the line-rate model, the last byte left the wire (timer ms). */
  readonly endedAt: number;
  readonly chunks: number;
}

export class LinePacer {
  constructor(
    /** Line time of one character, ms. */
    readonly charMs: number,
    readonly chunkBytes: number,
    private readonly timer: Timer,
  ) {
    if (!(charMs > 0)) throw new RangeError(`character time must be positive, got ${charMs}`);
    if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`chunk size must be ≥ 1`);
  }

  /** Times at which each chunk of an `n`-byte write would go out if every timer fired on time (for tests). */
  schedule(n: number, start = 0): number[] {
    const times: number[] = [];
    let lineFreeAt = start;
    for (let at = 0; at < n; at += this.chunkBytes) {
      const writeAt = Math.max(start, lineFreeAt - this.chunkBytes * this.charMs);
      times.push(writeAt);
      lineFreeAt = Math.max(lineFreeAt, writeAt) + Math.min(this.chunkBytes, n - at) * this.charMs;
    }
    return times;
  }

  /**
   * Writes `bytes` and resolves once they have left the wire (the line-rate model and the OS drain both
   * agree). Aborting stops between chunks: the sign's parser drops the cut frame at the next start byte.
   */
  async write(sink: PacedSink, bytes: Uint8Array, signal?: AbortSignal): Promise<PacedWrite> {
    const startedAt = this.timer.now();
    let lineFreeAt = startedAt;
    let chunks = 0;
    const ahead = this.chunkBytes * this.charMs;
    for (let at = 0; at < bytes.length; at += this.chunkBytes) {
      signal?.throwIfAborted();
      const wait = lineFreeAt - ahead - this.timer.now();
      if (wait > 0) await this.timer.sleep(wait, signal);
      const piece = bytes.subarray(at, at + this.chunkBytes);
      await sink.write(piece);
      chunks++;
      lineFreeAt = Math.max(lineFreeAt, this.timer.now()) + piece.length * this.charMs;
    }
    await sink.drain();
    const rest = lineFreeAt - this.timer.now();
    if (rest > 0) await this.timer.sleep(rest, signal);
    return { startedAt, endedAt: Math.max(lineFreeAt, this.timer.now()), chunks };
  }
}
