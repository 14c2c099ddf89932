/**
 * What a sign driver tells of its sign (`SignDriver.status()`): the state of the link, whether the sign
 * answers, the counts of faults and traffic, what the sign holds as far as the driver knows, and when it
 * last sent, read back and set the clock. The driver writes the facts into a `StatusMirror` as they
 * happen; the exchange counters come from its queue (`ExchangeCounters`). Nothing here decides what the
 * driver does next.
 */

import type { ExchangeCounters } from "./exchange-queue.js";

/** What the sign shows, for status pages: which items, which language frames, in which slides. */
export interface ShowingSummary {
  readonly itemIds: readonly string[];
  readonly frames: readonly {
    readonly itemId: string;
    readonly language: string;
    readonly width: number;
    readonly height: number;
    readonly scroll: boolean;
    /** Index of the slide it is in. */
    readonly slide: number;
  }[];
  /** The slides, in play order: the sign plays them in turn by itself, or the driver rotates them (`rotation`). */
  readonly slides: readonly {
    readonly layout: string;
    readonly effect: string;
    readonly width: number;
    readonly height: number;
    readonly dwellMs: number;
    /** Why the slide is not on the sign (it does not fit the sign's memory); absent when it is. */
    readonly notShown?: string;
  }[];
  /**
   * Who turns the slides: `sign` (all of them are on the sign, which plays them in turn with no traffic on
   * the line), `driver` (sent one at a time), `none` (one slide). Absent: not said.
   */
  readonly rotation?: "sign" | "driver" | "none";
  /** Languages or items left out, with why. */
  readonly problems: readonly string[];
}

export type DriverState = "connecting" | "connected" | "disconnected" | "stopped";

export interface SignDriverStatus {
  state: DriverState;
  connected: boolean;
  /** Did the last exchange that expects an answer get one? null before any. */
  responding: boolean | null;
  port: string;
  serial: string;
  connectedAt: string | null;
  reconnects: number;
  lastReplyAt: string | null;
  lastError: { at: string; message: string } | null;
  errors: number;
  timeouts: number;
  refusals: number;
  badFrames: number;
  unsolicited: number;
  retries: number;
  bytesSent: number;
  bytesReceived: number;
  /**
   * What the sign holds as far as we know (sent, and read back where the protocol can): the content's
   * summary, and which of its slides is on the sign now (1-based) and since when.
   */
  showing: (ShowingSummary & { key: string; slide: number; sentAt: string }) | null;
  /** True while the desired content is not yet on the sign. */
  pending: boolean;
  lastSentAt: string | null;
  lastRefreshAt: string | null;
  /** Read-backs that found the sign had lost its content (power cut), each followed by a re-send. */
  contentLost: number;
  lastClockSetAt: string | null;
  /**
   * The last send: whether it rebuilt the sign's memory layout (Alpha: a memory configuration, which blanks
   * the sign), how many exchanges it wrote and skipped (files the sign already held), and its bytes.
   */
  lastUpload: { at: string; layout: boolean; written: number; skipped: number; bytes: number } | null;
}

/** The last send: whether it rebuilt the sign's memory layout, how many exchanges it wrote and skipped, its bytes. */
export interface Upload {
  readonly at: number;
  readonly layout: boolean;
  readonly written: number;
  readonly skipped: number;
  readonly bytes: number;
}

/** What the driver has seen, kept for its status; wall-clock instants are epoch ms. */
export class StatusMirror {
  state: DriverState = "connecting";
  /** Did the last exchange that expects an answer get one? null before any. */
  responding: boolean | null = null;
  connectedAt: number | null = null;
  reconnects = 0;
  everConnected = false;
  lastError: { at: number; message: string } | null = null;
  bytesReceived = 0;
  lastSentAt: number | null = null;
  lastRefreshAt: number | null = null;
  lastClockSetAt: number | null = null;
  contentLost = 0;
  lastUpload: Upload | null = null;

  error(at: number, message: string): void {
    this.lastError = { at, message };
  }

  /** Opening the port: the first time `connecting`, after a loss `disconnected` until it opens. */
  opening(): void {
    this.state = this.everConnected ? "disconnected" : "connecting";
  }

  connected(at: number): void {
    this.state = "connected";
    this.connectedAt = at;
    if (this.everConnected) this.reconnects++;
    this.everConnected = true;
  }

  /** The status as `SignDriver.status()` answers it: instants as ISO strings. */
  snapshot(link: {
    readonly port: string;
    readonly serial: string;
    readonly counters: ExchangeCounters;
    /** What the sign holds as far as the driver knows, with its slide (0-based) and when it was sent. */
    readonly onSign:
      | {
          readonly content: { readonly key: string; readonly summary: ShowingSummary };
          readonly slide: number;
          readonly sentAt: number;
        }
      | undefined;
    /** Key of the content the sign should show. */
    readonly desiredKey: string | undefined;
  }): SignDriverStatus {
    const c = link.counters;
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const { onSign } = link;
    return {
      state: this.state,
      connected: this.state === "connected",
      responding: this.responding,
      port: link.port,
      serial: link.serial,
      connectedAt: iso(this.connectedAt),
      reconnects: this.reconnects,
      lastReplyAt: iso(c.lastReplyAt),
      lastError: this.lastError && {
        at: iso(this.lastError.at) as string,
        message: this.lastError.message,
      },
      errors: c.errors,
      timeouts: c.timeouts,
      refusals: c.refusals,
      badFrames: c.badFrames,
      unsolicited: c.unsolicited,
      retries: c.retries,
      bytesSent: c.bytesSent,
      bytesReceived: this.bytesReceived,
      showing: onSign
        ? {
            ...onSign.content.summary,
            key: onSign.content.key,
            slide: onSign.slide + 1,
            sentAt: iso(onSign.sentAt) as string,
          }
        : null,
      pending: link.desiredKey !== undefined && link.desiredKey !== onSign?.content.key,
      lastSentAt: iso(this.lastSentAt),
      lastRefreshAt: iso(this.lastRefreshAt),
      contentLost: this.contentLost,
      lastClockSetAt: iso(this.lastClockSetAt),
      lastUpload: this.lastUpload && { ...this.lastUpload, at: iso(this.lastUpload.at) as string },
    };
  }
}
