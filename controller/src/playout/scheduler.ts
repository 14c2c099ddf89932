/**
 * Keeps "what plays now" for the gate. The pure resolver decides; this only decides *when* to ask it:
 * at the resolution's nextChangeAt, after every committed change, and at least every CHECK_MS.
 * `resolveAt` is the one entry to the resolver for everyone else (`GET /now`, the kiosk state, the
 * previews): live now, at any instant, and with the drafts laid over live content.
 *
 * Why not one node-schedule job per boundary: node-schedule fires every job whose time passed when
 * the wall clock jumps forward (NTP correcting a gate PC with no RTC after a power cut), a burst of
 * stale re-evaluations. Here a jump is just a new "now": the next check resolves once, at that now.
 */

import type { SiteConfig } from "../config/site-schema.js";
import { formatGateIsoOrNull, type Instant } from "../domain/instant.js";
import { compileSnapshot } from "../domain/schedule/compile.js";
import { resolve } from "../domain/schedule/resolve.js";
import type { Resolution } from "../domain/schedule/types.js";
import type { Snapshot } from "../domain/types.js";
import type { EventBus } from "../event-bus.js";
import type { Logger } from "../log.js";
import { overlaySnapshot } from "../publishing/changes.js";
import { readSnapshot } from "../store/content-repo.js";
import { type Db, inTransaction } from "../store/database.js";
import { listDrafts } from "../store/publishing-repo.js";

/** Upper bound between two checks: how late a wall-clock jump is noticed. */
export const CHECK_MS = 15_000;
/** A difference between wall-clock and monotonic time larger than this is reported as a jump. */
const JUMP_TOLERANCE_MS = 2_000;

export interface Clock {
  now(): Instant;
  /** Milliseconds on a clock that never jumps (not an instant). */
  monotonic(): number;
}

export const systemClock: Clock = { now: () => Date.now(), monotonic: () => performance.now() };

export function channelsOf(site: SiteConfig): Snapshot["channels"] {
  return [
    ...site.kiosks.map((k) => ({ id: k.id, kind: "kiosk" as const, name: k.name })),
    ...site.signs.map((s) => ({ id: s.id, kind: "sign" as const, name: s.name })),
    ...site.screens.map((s) => ({ id: s.id, kind: "screen" as const, name: s.name })),
  ];
}

type Compiled = ReturnType<typeof compileSnapshot>;

/** What the gate shows at an instant, with the content the resolution refers to (items, playlists). */
export interface Resolved {
  resolution: Resolution;
  content: Snapshot;
}

export interface ResolveOptions {
  /** Every pending draft laid over live content: what publishing them would show (the previews). */
  drafts?: boolean;
}

export class Scheduler {
  #content: Snapshot | undefined;
  #snapshot: Compiled | undefined;
  /**
   * Live content with the drafts laid over it, compiled once per change: the console's preview asks
   * for it at each instant it is moved to, once for `/now` and once per kiosk group it shows.
   * Dropped on `contentChanged` (the live base moved; a publication also removes the drafts it
   * published) and on `draftsChanged`; kept only while subscribed to both.
   */
  #drafts: { content: Snapshot; compiled: Compiled } | undefined;
  #current: Resolution | undefined;
  #timer: NodeJS.Timeout | undefined;
  #last: { wall: number; mono: number } | undefined;
  #unsubscribe: (() => void) | undefined;
  /** How many times the resolution was recomputed (exposed for tests and /healthz). */
  evaluations = 0;
  /** Background re-evaluations that failed (and were retried). */
  failures = 0;

  constructor(
    private readonly db: Db,
    private readonly site: SiteConfig,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
  ) {}

  start(): void {
    this.reload();
    const offContent = this.bus.on("contentChanged", () => {
      this.#drafts = undefined;
      this.#safely("content changed");
    });
    const offDrafts = this.bus.on("draftsChanged", () => {
      this.#drafts = undefined;
    });
    this.#unsubscribe = () => {
      offContent();
      offDrafts();
    };
    this.evaluate("start");
  }

  /**
   * A re-evaluation no caller waits for (a timer, a bus event): a failure (the store unreadable, a
   * listener throwing) is logged and the timer re-armed to try again within CHECK_MS, so screens keep
   * what they show and a passing fault heals by itself. A throw here would end the process.
   */
  #safely(cause: string): void {
    try {
      if (cause === "content changed") this.reload();
      this.evaluate(cause);
    } catch (error) {
      this.failures++;
      this.logger.error({ err: error, cause }, "could not re-evaluate what plays; trying again shortly");
      // The snapshot may be stale or half-read: read it again at the next try.
      if (cause === "content changed") this.#snapshot = undefined;
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => this.#safely("retry"), CHECK_MS);
      this.#timer.unref();
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#drafts = undefined;
  }

  /** What every channel shows now: the resolution last pushed to the channels. */
  current(): Resolution {
    if (!this.#current) this.evaluate("first use");
    return this.#current as Resolution;
  }

  /**
   * What the gate shows (or would show) and the content that refers to, from one snapshot:
   * - `at` undefined, no drafts: the live resolution now, the one the channels were pushed;
   * - `at`: the same resolver at that instant, past or future;
   * - `drafts`: live content with every draft laid over it, at `at` or at the clock's now.
   */
  resolveAt(at?: Instant, options: ResolveOptions = {}): Resolved {
    if (options.drafts) {
      const drafts = this.#draftView();
      return { resolution: resolve(drafts.compiled, at ?? this.clock.now()), content: drafts.content };
    }
    const resolution = at === undefined ? this.current() : resolve(this.snapshot(), at);
    return { resolution, content: this.content() };
  }

  snapshot(): Compiled {
    if (!this.#snapshot) this.reload();
    return this.#snapshot as Compiled;
  }

  /** The content the resolution refers to (items, playlists), read in the same transaction. */
  content(): Snapshot {
    if (!this.#content) this.reload();
    return this.#content as Snapshot;
  }

  #gate() {
    return { id: this.site.id, languages: this.site.languages, channels: channelsOf(this.site) };
  }

  private reload(): void {
    const snapshot = readSnapshot(this.db, this.#gate());
    this.#content = snapshot;
    this.#snapshot = compileSnapshot(snapshot);
  }

  /** Live content and the drafts read in one transaction, laid over each other and compiled. */
  #draftView(): { content: Snapshot; compiled: Compiled } {
    if (this.#drafts) return this.#drafts;
    const content = inTransaction(this.db, () =>
      overlaySnapshot(readSnapshot(this.db, this.#gate()), listDrafts(this.db)),
    );
    const view = { content, compiled: compileSnapshot(content) };
    // Not started (a CLI, a test): no bus subscription tells when it goes stale, so nothing is kept.
    if (this.#unsubscribe) this.#drafts = view;
    return view;
  }

  /** Re-resolves at the clock's now, tells the channels if anything differs, re-arms the timer. */
  evaluate(cause: string): void {
    const wall = this.clock.now();
    const mono = this.clock.monotonic();
    if (this.#last) {
      const drift = wall - this.#last.wall - (mono - this.#last.mono);
      if (Math.abs(drift) > JUMP_TOLERANCE_MS) {
        this.logger.warn(
          { jumpS: Math.round(drift / 1000) },
          "the wall clock jumped; re-evaluating once at the new time",
        );
      }
    }
    this.#last = { wall, mono };
    const next = resolve(this.snapshot(), wall);
    this.evaluations++;
    const previous = this.#current;
    this.#current = next;
    if (!previous || differs(previous, next)) {
      this.logger.debug(
        { cause, nextChangeAt: formatGateIsoOrNull(next.nextChangeAt) },
        "resolution changed",
      );
      this.bus.emit("resolutionChanged", next);
    }
    this.arm(next, wall);
  }

  private arm(resolution: Resolution, wall: number): void {
    clearTimeout(this.#timer);
    const nextChange = resolution.nextChangeAt ?? Number.POSITIVE_INFINITY;
    // +5 ms so the timer lands just after the boundary, not a hair before it.
    const delay = Math.max(0, Math.min(nextChange - wall + 5, CHECK_MS));
    this.#timer = setTimeout(() => this.#safely(delay < CHECK_MS ? "boundary" : "check"), delay);
    this.#timer.unref();
  }
}

/** True when what any channel shows, or the alert, is different (not only the instant). */
function differs(a: Resolution, b: Resolution): boolean {
  if ((a.alert?.id ?? null) !== (b.alert?.id ?? null)) return true;
  if (a.alert && b.alert && JSON.stringify(a.alert) !== JSON.stringify(b.alert)) return true;
  if (a.channels.length !== b.channels.length) return true;
  return a.channels.some((channel, i) => JSON.stringify(channel) !== JSON.stringify(b.channels[i]));
}
