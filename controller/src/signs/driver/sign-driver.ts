/**
 * One sign on one serial port: keeps the port open (reconnecting with backoff), sends the content it is
 * told to show (a newer content drops a stale one mid-send), reads it back or re-sends it on a schedule
 * (signs lose RAM on a power cut), sets the sign's clock on connect and daily, and keeps a status.
 *
 * Everything goes through one `ExchangeQueue`: one exchange on the wire at a time, each waiting for its
 * answer. The loop in `#run` is the only place that decides what to send next, so the order is always:
 * clock (when due) → content (when it differs from what the sign holds) → read-back (when due) → idle.
 *
 * Content goes to the sign only when it changes, never on a timer (a protocol that cannot read back, BX-5,
 * is re-sent at each refresh instead). A sign that plays several slides by itself (Alpha) gets them all
 * in one plan; otherwise the driver rotates the slides, sending each in turn. A plan whose memory layout
 * the sign already holds (`ShowPlan.layout`) is written in place: after a read-back that proves no power
 * cut wiped the sign, the layout exchanges (which blank it) are skipped, and so is every file the sign
 * holds with the very same bytes.
 *
 * What the status tells (the link's state, faults, what the sign holds) is written as it happens into a
 * `StatusMirror` (`driver-status.ts`), beside the queue's exchange counters.
 */

import { gateEpochDay, gateLocal } from "../../domain/gate-time.js";
import type { Logger } from "../../log.js";
import type { FrameParser, ShowPlan, SignProtocol, SignTarget, WallClock } from "../protocols/types.js";
import { type ShowingSummary, type SignDriverStatus, StatusMirror } from "./driver-status.js";
import { ExchangeQueue, SignExchangeError } from "./exchange-queue.js";
import { charTimeMs, chunkBytesFor, describeSerial, type SerialSettings } from "./line.js";
import { LinePacer } from "./pacer.js";
import {
  type BackoffPolicy,
  backoffDelay,
  RECONNECT_BACKOFF,
  RETRY_BACKOFF,
  realTimer,
  type Timer,
} from "./timing.js";
import type { OpenTransport, Transport } from "./transport.js";

/** One picture for the sign and how long it plays. */
export interface DesiredSlide<F> {
  /** Equal keys mean equal pictures: a slide the sign already holds is not sent again. */
  readonly key: string;
  readonly plan: ShowPlan<F>;
  readonly dwellMs: number;
}

export interface DesiredContent<F> {
  /** Equal keys mean equal content (every slide): `show` ignores content the driver already has. */
  readonly key: string;
  /** At least one. */
  readonly slides: readonly DesiredSlide<F>[];
  readonly summary: ShowingSummary;
}

export interface SignDriverOptions<F> {
  readonly id: string;
  readonly protocol: SignProtocol<F>;
  readonly target: SignTarget;
  readonly serial: SerialSettings;
  /** Device path (or a description of the virtual link) for status and logs. */
  readonly port: string;
  readonly open: OpenTransport;
  readonly logger: Logger;
  /** Read back (or re-send, where the protocol cannot read back) this often. */
  readonly refreshIntervalMs: number;
  readonly timer?: Timer;
  /** Wall clock, epoch ms. */
  readonly wallNow?: () => number;
  readonly reconnectBackoff?: BackoffPolicy;
  readonly retryBackoff?: BackoffPolicy;
  /** Attempts per exchange (default 3). */
  readonly attempts?: number;
  readonly random?: () => number;
}

/** How long the loop sleeps at most when idle: the daily clock and a wall-clock jump are noticed this fast. */
const IDLE_CHECK_MS = 60_000;
/** A wall-clock step larger than this (NTP fixing a PC with no RTC) sets the sign's clock again. */
const CLOCK_JUMP_MS = 2_000;
/** While a fault lasts, repeat its warning this often (the attempts in between log at debug). */
const REMINDER_MS = 10 * 60_000;
/** After a failed clock set (a firmware without the command), try again this much later. */
const CLOCK_RETRY_MS = 10 * 60_000;

class Superseded extends Error {
  override name = "Superseded";
}
class Stopped extends Error {
  override name = "Stopped";
}
class Disconnected extends Error {
  override name = "Disconnected";
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The sign's wall clock at gate-local time (UTC+7 arithmetic, independent of the process TZ). */
export function gateWallClock(epochMs: number): WallClock {
  const t = gateLocal(epochMs);
  return {
    year: t.year,
    month: t.month,
    day: t.day,
    hour: Math.floor(t.minuteOfDay / 60),
    minute: t.minuteOfDay % 60,
    second: t.secondOfDay % 60,
  };
}

export class SignDriver<F> {
  readonly #o: SignDriverOptions<F>;
  readonly #timer: Timer;
  readonly #wallNow: () => number;
  readonly #queue: ExchangeQueue<F>;
  readonly #parser: FrameParser<F>;
  /** What the status tells: the link's state, the sign's answers, the last send, refresh and clock set. */
  readonly #mirror = new StatusMirror();
  readonly #stop = new AbortController();
  #loop: Promise<void> | undefined;
  #transport: Transport | undefined;
  #generation = 0;
  #desired: DesiredContent<F> | undefined;
  /** The slide the sign holds as far as we know, and when it was sent (wall ms) and shown (timer ms). */
  #onSign:
    | { content: DesiredContent<F>; slide: number; slideKey: string; sentAt: number; shownAt: number }
    | undefined;
  /** Index of the slide of `#desired` that should be on the sign. */
  #slide = 0;
  #sendAbort: AbortController | undefined;
  #refreshDueAt = Number.POSITIVE_INFINITY;
  #verifyNow = false;
  #clockDue = true;
  #clockSet: { wall: number; mono: number } | undefined;
  #wake: (() => void) | undefined;
  #failures = 0;
  #openFailures = 0;
  #lastOpenWarning = Number.NEGATIVE_INFINITY;
  #lastFailureWarning = Number.NEGATIVE_INFINITY;
  #clockRetryAt: number | undefined;
  /** Key of the content last logged at info. */
  #loggedKey: string | undefined;
  /** The memory layout the sign holds as far as we know (`ShowPlan.layout.key`). */
  #layoutOnSign: string | undefined;
  /** Bytes of the file writes the sign holds within that layout, by `Exchange.writes`. */
  readonly #filesOnSign = new Map<string, Uint8Array>();
  /**
   * The last plan whose every write reached the sign within that layout: its `verify` tells whether the
   * sign still holds it (no power cut since), whatever content the status shows.
   */
  #writtenPlan: ShowPlan<F> | undefined;

  constructor(options: SignDriverOptions<F>) {
    this.#o = options;
    this.#timer = options.timer ?? realTimer;
    this.#wallNow = options.wallNow ?? Date.now;
    this.#parser = options.protocol.createParser();
    this.#queue = new ExchangeQueue<F>({
      protocol: options.protocol,
      pacer: new LinePacer(charTimeMs(options.serial), chunkBytesFor(options.serial), this.#timer),
      timer: this.#timer,
      logger: options.logger,
      attempts: options.attempts,
      retryBackoff: options.retryBackoff ?? RETRY_BACKOFF,
      random: options.random,
      wallNow: this.#wallNow,
      onAttemptFailed: (error) => {
        this.#mirror.error(this.#wallNow(), error.message);
        if (error.kind === "timeout" || error.kind === "refused" || error.kind === "bad-reply") {
          this.#mirror.responding = false;
        }
      },
    });
  }

  get id(): string {
    return this.#o.id;
  }

  start(): void {
    this.#loop ??= this.#run().catch((error) => {
      this.#o.logger.error({ err: error, sign: this.#o.id }, "sign driver loop failed");
    });
  }

  async stop(): Promise<void> {
    this.#mirror.state = "stopped";
    this.#stop.abort(new Stopped("stopping"));
    this.#sendAbort?.abort(new Stopped("stopping"));
    this.#wake?.();
    const t = this.#transport;
    this.#transport = undefined;
    this.#generation++;
    this.#queue.attach(undefined);
    await t?.close().catch(() => undefined);
    await this.#loop;
  }

  /** Makes `content` what the sign should show. A send of older content in progress is dropped. */
  show(content: DesiredContent<F>): void {
    if (content.slides.length === 0) throw new RangeError("content needs at least one slide");
    if (this.#desired?.key === content.key) return;
    const previous = this.#desired;
    this.#desired = content;
    // The same program updated (a clock's minute) keeps its place in the rotation; another starts over.
    this.#slide = previous && previous.slides.length === content.slides.length ? this.#slide : 0;
    if (this.#onSign?.slideKey !== content.slides[this.#slide]?.key) {
      this.#sendAbort?.abort(new Superseded("newer content"));
    }
    this.#failures = 0;
    this.#wake?.();
  }

  /** Reads back (or re-sends) now instead of at the next refresh. */
  refreshNow(): void {
    this.#verifyNow = true;
    this.#wake?.();
  }

  get desired(): DesiredContent<F> | undefined {
    return this.#desired;
  }

  status(): SignDriverStatus {
    return this.#mirror.snapshot({
      port: this.#o.port,
      serial: describeSerial(this.#o.serial),
      counters: this.#queue.counters,
      onSign: this.#onSign,
      desiredKey: this.#desired?.key,
    });
  }

  // ---------------------------------------------------------------------------------------------------

  async #run(): Promise<void> {
    while (!this.#stop.signal.aborted) {
      if (!this.#transport) {
        await this.#connect();
        continue;
      }
      try {
        const worked = await this.#step();
        if (this.#failures > 0) {
          this.#o.logger.info(
            { failures: this.#failures },
            `sign ${this.#o.id} works again after ${this.#failures} failed attempt(s)`,
          );
        }
        this.#failures = 0;
        this.#lastFailureWarning = Number.NEGATIVE_INFINITY;
        if (!worked) await this.#idle();
      } catch (error) {
        if (this.#stop.signal.aborted) break;
        if (error instanceof Superseded || error instanceof Disconnected) continue;
        if (error instanceof SignExchangeError && error.kind === "disconnected") continue;
        const message = (error as Error).message;
        this.#mirror.error(this.#wallNow(), message);
        this.#failures++;
        const delay = backoffDelay(
          this.#o.reconnectBackoff ?? RECONNECT_BACKOFF,
          this.#failures,
          this.#o.random,
        );
        // A sign dead for months must not fill the journal: a warning at first, then one every 10 minutes.
        const now = this.#timer.now();
        const warn = now - this.#lastFailureWarning >= REMINDER_MS;
        if (warn) this.#lastFailureWarning = now;
        this.#o.logger[warn ? "warn" : "debug"](
          { failures: this.#failures, retryInMs: delay },
          `sign ${this.#o.id}: ${message}`,
        );
        await this.#pause(delay);
      }
    }
  }

  /** One unit of work; false when there was nothing to do. */
  async #step(): Promise<boolean> {
    const now = this.#wallNow();
    const mono = this.#timer.now();
    const { protocol, target } = this.#o;
    if (this.#clockSet) {
      const jump = Math.abs(now - this.#clockSet.wall - (mono - this.#clockSet.mono));
      if (jump > CLOCK_JUMP_MS || gateEpochDay(now) !== gateEpochDay(this.#clockSet.wall))
        this.#clockDue = true;
    }
    if (this.#clockRetryAt !== undefined && mono >= this.#clockRetryAt) {
      this.#clockRetryAt = undefined;
      this.#clockDue = true;
    }
    if (this.#clockDue) {
      this.#clockDue = false;
      try {
        await this.#queue.run(protocol.setClock(gateWallClock(now), target), this.#stop.signal);
      } catch (error) {
        // A clock the sign refuses must not keep the content off it: content first, the clock later.
        if (!(error instanceof SignExchangeError) || error.kind === "disconnected") throw error;
        this.#clockRetryAt = mono + CLOCK_RETRY_MS;
        this.#o.logger.warn(`sign ${this.#o.id}: ${error.message}; the clock is tried again later`);
        return true;
      }
      this.#clockSet = { wall: now, mono };
      this.#mirror.lastClockSetAt = now;
      this.#o.logger.debug("set the sign's clock");
      return true;
    }
    const desired = this.#desired;
    if (!desired) return false;
    const index = this.#slide % desired.slides.length;
    const slide = desired.slides[index] as DesiredSlide<F>;
    const onSign = this.#onSign;
    if (onSign?.slideKey !== slide.key) {
      await this.#send(desired, index);
      return true;
    }
    if (onSign.content !== desired) this.#onSign = { ...onSign, content: desired, slide: index };
    if (desired.slides.length > 1 && this.#timer.now() >= onSign.shownAt + slide.dwellMs) {
      this.#slide = (index + 1) % desired.slides.length;
      return true;
    }
    if (this.#verifyNow || this.#timer.now() >= this.#refreshDueAt) {
      await this.#refresh(slide);
      return true;
    }
    return false;
  }

  async #send(desired: DesiredContent<F>, index: number): Promise<void> {
    const slide = desired.slides[index] as DesiredSlide<F>;
    const { plan } = slide;
    const abort = new AbortController();
    this.#sendAbort = abort;
    const onStop = () => abort.abort(new Stopped("stopping"));
    this.#stop.signal.addEventListener("abort", onStop, { once: true });
    try {
      const started = this.#timer.now();
      const inPlace = await this.#canWriteInPlace(plan, abort.signal);
      if (!inPlace) this.#forgetSign();
      const upload = { layout: !inPlace && plan.layout !== undefined, written: 0, skipped: 0, bytes: 0 };
      const layoutEnd = plan.layout?.exchanges ?? 0;
      for (const [i, exchange] of plan.exchanges.entries()) {
        if (inPlace && i < layoutEnd) continue;
        const file = exchange.writes;
        if (inPlace && file !== undefined && sameBytes(this.#filesOnSign.get(file), exchange.bytes)) {
          // The sign holds this very file: writing it again would only cost line time (and restart a
          // TEXT file's pages from the first).
          upload.skipped++;
          continue;
        }
        // Cut mid-write, the file is whatever the sign kept: unknown until written whole.
        if (file !== undefined) this.#filesOnSign.delete(file);
        await this.#queue.run(exchange, abort.signal);
        upload.written++;
        upload.bytes += exchange.bytes.length;
        if (exchange.reply) this.#mirror.responding = true;
        if (file !== undefined) this.#filesOnSign.set(file, exchange.bytes);
        if (plan.layout && i === layoutEnd - 1) this.#layoutOnSign = plan.layout.key;
      }
      this.#writtenPlan = plan;
      const verify = plan.verify;
      if (verify) {
        // Alpha writes are never answered: reading back is the only proof the sign stored them.
        const holds = await this.#queue.run(verify, abort.signal);
        this.#mirror.responding = true;
        if (!holds) {
          this.#forgetSign();
          throw new Error(`the sign did not store the content ('${verify.name}' read back something else)`);
        }
      }
      const now = this.#wallNow();
      const mono = this.#timer.now();
      this.#onSign = { content: desired, slide: index, slideKey: slide.key, sentAt: now, shownAt: mono };
      this.#mirror.lastSentAt = now;
      this.#mirror.lastUpload = { at: now, ...upload };
      this.#refreshDueAt = mono + this.#o.refreshIntervalMs;
      this.#verifyNow = false;
      const slides = desired.slides.length > 1 ? ` (slide ${index + 1} of ${desired.slides.length})` : "";
      // New content at info; each turn of a rotation at debug (months of them would drown the log).
      const newContent = this.#loggedKey !== desired.key;
      this.#loggedKey = desired.key;
      this.#o.logger[newContent ? "info" : "debug"](
        {
          sign: this.#o.id,
          items: desired.summary.itemIds,
          slide: index + 1,
          ms: Math.round(mono - started),
          layout: upload.layout,
          written: upload.written,
          skipped: upload.skipped,
          bytes: upload.bytes,
        },
        `sign ${this.#o.id} shows ${desired.summary.itemIds.join(", ") || "nothing"}${slides}${
          inPlace ? " (written in place, no memory reconfiguration)" : ""
        }`,
      );
    } finally {
      this.#stop.signal.removeEventListener("abort", onStop);
      if (this.#sendAbort === abort) this.#sendAbort = undefined;
    }
  }

  /**
   * Whether `plan` can skip its layout exchanges: the sign holds that layout as far as we know, and reading
   * back what we last sent proves no power cut has wiped it since (a sign back from a power cut holds its
   * factory layout, where our pictures would be refused without a word).
   */
  async #canWriteInPlace(plan: ShowPlan<F>, signal: AbortSignal): Promise<boolean> {
    const verify = this.#writtenPlan?.verify;
    if (!plan.layout || this.#layoutOnSign !== plan.layout.key || !verify) return false;
    const holds = await this.#queue.run(verify, signal);
    this.#mirror.responding = true;
    if (!holds) {
      this.#mirror.contentLost++;
      this.#onSign = undefined;
      this.#o.logger.warn(`sign ${this.#o.id} lost its content (power cut?); sending everything again`);
    }
    return holds;
  }

  /** What the sign holds is unknown (it lost power, or refused a write): the next send builds it all. */
  #forgetSign(): void {
    this.#layoutOnSign = undefined;
    this.#filesOnSign.clear();
    this.#writtenPlan = undefined;
  }

  async #refresh(slide: DesiredSlide<F>): Promise<void> {
    const verify = slide.plan.verify;
    if (!verify) {
      // Nothing to read back (BX-5): send it again, it costs little and heals a power cut.
      this.#mirror.lastRefreshAt = this.#wallNow();
      this.#refreshDueAt = this.#timer.now() + this.#o.refreshIntervalMs;
      this.#onSign = undefined;
      return;
    }
    // Until it succeeds the read-back stays due: a failure retries it after the failure backoff.
    this.#verifyNow = true;
    const holds = await this.#queue.run(verify, this.#stop.signal);
    this.#verifyNow = false;
    this.#mirror.lastRefreshAt = this.#wallNow();
    this.#refreshDueAt = this.#timer.now() + this.#o.refreshIntervalMs;
    this.#mirror.responding = true;
    if (!holds) {
      this.#mirror.contentLost++;
      this.#onSign = undefined;
      this.#forgetSign();
      this.#o.logger.warn(`sign ${this.#o.id} lost its content (power cut?); sending it again`);
    }
  }

  async #idle(): Promise<void> {
    const now = this.#timer.now();
    let until = this.#refreshDueAt - now;
    const desired = this.#desired;
    const onSign = this.#onSign;
    if (desired && onSign && desired.slides.length > 1) {
      const slide = desired.slides[this.#slide % desired.slides.length] as DesiredSlide<F>;
      until = Math.min(until, onSign.shownAt + slide.dwellMs - now);
    }
    await this.#pause(Math.max(0, Math.min(IDLE_CHECK_MS, until)));
  }

  /** Sleeps `ms`, or less if woken (new content, refresh request, disconnect) or stopped. */
  async #pause(ms: number): Promise<void> {
    if (this.#stop.signal.aborted) return;
    const woken = new Promise<void>((resolve) => {
      this.#wake = resolve;
    });
    const sleep = new AbortController();
    const onStop = () => sleep.abort();
    this.#stop.signal.addEventListener("abort", onStop, { once: true });
    try {
      await Promise.race([woken, this.#timer.sleep(ms, sleep.signal).catch(() => undefined)]);
    } finally {
      sleep.abort();
      this.#stop.signal.removeEventListener("abort", onStop);
      this.#wake = undefined;
    }
  }

  async #connect(): Promise<void> {
    const generation = ++this.#generation;
    this.#mirror.opening();
    let transport: Transport;
    try {
      transport = await this.#o.open({
        data: (chunk) => {
          if (generation !== this.#generation) return;
          this.#mirror.bytesReceived += chunk.length;
          for (const event of this.#parser.push(chunk)) this.#queue.onParseEvent(event);
        },
        close: (error) => {
          if (generation !== this.#generation) return;
          this.#lost(error);
        },
      });
    } catch (error) {
      if (this.#stop.signal.aborted) return;
      this.#openFailures++;
      const delay = backoffDelay(
        this.#o.reconnectBackoff ?? RECONNECT_BACKOFF,
        this.#openFailures,
        this.#o.random,
      );
      const message = `cannot open ${this.#o.port}: ${(error as Error).message}`;
      this.#mirror.error(this.#wallNow(), message);
      const now = this.#timer.now();
      if (now - this.#lastOpenWarning >= REMINDER_MS) {
        this.#lastOpenWarning = now;
        this.#o.logger.warn({ retryInMs: delay }, `sign ${this.#o.id}: ${message}; retrying`);
      } else {
        this.#o.logger.debug({ retryInMs: delay }, message);
      }
      await this.#pause(delay);
      return;
    }
    if (this.#stop.signal.aborted || generation !== this.#generation) {
      await transport.close().catch(() => undefined);
      return;
    }
    this.#transport = transport;
    this.#parser.reset();
    this.#queue.attach(transport);
    this.#mirror.connected(this.#wallNow());
    this.#openFailures = 0;
    this.#lastOpenWarning = Number.NEGATIVE_INFINITY;
    this.#failures = 0;
    // Whatever happened while we were away (a power cut, another program), check before trusting it.
    this.#clockDue = true;
    this.#verifyNow = true;
    this.#o.logger.info(
      {
        port: this.#o.port,
        serial: describeSerial(this.#o.serial),
        reconnects: this.#mirror.reconnects,
      },
      `sign ${this.#o.id} connected on ${this.#o.port}`,
    );
  }

  #lost(error: Error | undefined): void {
    this.#generation++;
    this.#transport = undefined;
    this.#queue.attach(undefined);
    this.#parser.reset();
    this.#mirror.connectedAt = null;
    if (this.#mirror.state === "stopped") return;
    this.#mirror.state = "disconnected";
    const message = `lost ${this.#o.port}${error ? `: ${error.message}` : ""}`;
    this.#mirror.error(this.#wallNow(), message);
    this.#o.logger.warn(`sign ${this.#o.id}: ${message}; reconnecting`);
    this.#sendAbort?.abort(new Disconnected(message));
    this.#wake?.();
  }
}
