/**
 * What a sign driver tells of its sign (`SignDriver.status()`): the state of the link, whether the sign
 * answers, the counts of faults and traffic, what the sign holds as far as the driver knows, and when it
 * last sent, read back and set the clock. The driver writes the facts into a `StatusMirror` as they
 * happen; the exchange counters come from its queue (`ExchangeCounters`). Nothing here decides what the
 * driver does next.
 */

import type { DriverState, ShowingSummary, SignDriverStatus } from "../../contract/signs.js";
import type { ExchangeCounters } from "./exchange-queue.js";

// What the driver reports is sent as it is (`GET /signs/:id`): its shapes are the contract's.
export type { DriverState, ShowingSummary, SignDriverStatus } from "../../contract/signs.js";

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
