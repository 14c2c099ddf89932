/** What every emulated sign offers its host (the serial loop, the CLI, the virtual sign). */

import type { Bitmap, WallClock } from "../protocols/types.js";

/** What the sign displays now. */
export interface DisplayState {
  /** Which memory it comes from, e.g. `TEXT A → picture P` or `dynamic area 0`. */
  readonly source: string;
  /** The display mode as the protocol names it (`scroll`, `moveUp`, `hold` …). */
  readonly mode: string;
  /** The picture shown (may be taller or wider than the panel: it scrolls through it). */
  readonly bitmap: Bitmap;
  /** Text shown in the sign's own font, when it is text. */
  readonly text?: string;
  /** Where the sign plays several slides in turn by itself: which one this is (0-based) of how many. */
  readonly slide?: { readonly index: number; readonly count: number };
}

export interface EmulatedSign {
  /** Its protocol's registry key, for logs (a plain string: the registry imports the emulators). */
  readonly protocol: string;
  readonly panel: { readonly width: number; readonly height: number };
  /** Feeds bytes from the line; returns the sign's answers, in order. */
  receive(chunk: Uint8Array): Uint8Array[];
  /** A power cut: RAM (files, memory layout, dynamic areas) is gone. */
  powerLoss(): void;
  /** Undefined when the panel is dark. */
  display(): DisplayState | undefined;
  /**
   * Every slide the sign holds and plays in turn, each as `display()` shows it in its turn (dark ones
   * left out). Absent: the sign shows one thing at a time, `display()`.
   */
  slides?(): readonly DisplayState[];
  /** Changes whenever `display()` may have changed (also when the sign turns to its next slide). */
  readonly displayVersion: number;
  /**
   * A sign that plays slides in turn by itself: milliseconds until it turns to the next one (undefined
   * while nothing turns). Its host looks again then, so the display on disk follows the sign.
   */
  nextChangeInMs?(): number | undefined;
  /** Changes whenever `memory()` may have changed. */
  readonly memoryVersion: number;
  /** A JSON-able dump of what the sign holds. */
  memory(): Record<string, unknown>;
  /** Counters and the last events, for logs. */
  readonly stats: EmulatorStats;
  /** The same reply with its checksum (CRC) broken, for fault tests. */
  corruptReply(reply: Uint8Array): Uint8Array;
}

export interface EmulatorStats {
  /** Bytes that reached the sign's port, whatever they were. */
  bytesReceived: number;
  framesReceived: number;
  badFrames: number;
  ignoredFrames: number;
  replies: number;
  powerLosses: number;
  /** The last clock the host set, with the host instant it arrived. */
  clock: { value: Partial<WallClock>; setAt: string } | null;
  /** One line per event, newest last, at most 50. */
  events: string[];
}

export function emptyStats(): EmulatorStats {
  return {
    bytesReceived: 0,
    framesReceived: 0,
    badFrames: 0,
    ignoredFrames: 0,
    replies: 0,
    powerLosses: 0,
    clock: null,
    events: [],
  };
}

export function noteEvent(stats: EmulatorStats, line: string): void {
  stats.events.push(`${new Date().toISOString()} ${line}`);
  if (stats.events.length > 50) stats.events.splice(0, stats.events.length - 50);
}
