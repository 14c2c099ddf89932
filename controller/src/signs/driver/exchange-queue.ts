/**
 * One request at a time to one sign, each waiting for its answer (zigbee-herdsman's "waitress" idea):
 * an exchange is written (paced), then a waiter with the protocol's reply matcher takes the frames that
 * arrive until one matches or its timeout, which names the command, fires. Failures (no reply, NAK,
 * a bad checksum in the reply) are counted and retried with backoff; frames no one waits for are counted
 * as unsolicited and logged at debug.
 */

import type { Logger } from "../../log.js";
import { toHex } from "../protocols/bytes.js";
import type { Exchange, ParseEvent, SignProtocol } from "../protocols/types.js";
import type { LinePacer, PacedSink } from "./pacer.js";
import { type BackoffPolicy, backoffDelay, RETRY_BACKOFF, type Timer } from "./timing.js";

export type ExchangeFailure = "timeout" | "refused" | "bad-reply" | "disconnected" | "write-failed";

/** An exchange that failed for good (after its retries). The message names the command. */
export class SignExchangeError extends Error {
  override name = "SignExchangeError";
  constructor(
    readonly kind: ExchangeFailure,
    readonly command: string,
    message: string,
  ) {
    super(message);
  }
}

/** Counters the queue keeps; the driver shows them in its status. */
export interface ExchangeCounters {
  bytesSent: number;
  /** Exchanges written, retries included. */
  exchanges: number;
  /** Failed attempts of any kind. */
  errors: number;
  timeouts: number;
  /** Replies that said no (BX-5 NAK). */
  refusals: number;
  /** Frames that failed to decode (bad checksum, bad escape, cut short). */
  badFrames: number;
  retries: number;
  /** Well-formed frames no exchange was waiting for. */
  unsolicited: number;
  lastReplyAt: number | null;
}

export function emptyCounters(): ExchangeCounters {
  return {
    bytesSent: 0,
    exchanges: 0,
    errors: 0,
    timeouts: 0,
    refusals: 0,
    badFrames: 0,
    retries: 0,
    unsolicited: 0,
    lastReplyAt: null,
  };
}

export interface ExchangeQueueOptions<F> {
  protocol: SignProtocol<F>;
  pacer: LinePacer;
  timer: Timer;
  logger: Logger;
  /** Attempts per exchange, first included; default 3. */
  attempts?: number;
  retryBackoff?: BackoffPolicy;
  random?: () => number;
  /** Wall clock for `lastReplyAt` (epoch ms). */
  wallNow?: () => number;
  /** Told about every failed attempt (for `lastError`). */
  onAttemptFailed?: (error: SignExchangeError, willRetry: boolean) => void;
}

interface Waiter<F> {
  readonly name: string;
  readonly match: (frame: F) => { ok: true; value: unknown } | { ok: false; error: string } | undefined;
  readonly settle: (outcome: { ok: true; value: unknown } | { ok: false; error: SignExchangeError }) => void;
}

export class ExchangeQueue<F> {
  readonly counters: ExchangeCounters = emptyCounters();
  #sink: PacedSink | undefined;
  #waiter: Waiter<F> | undefined;
  /** The tail of the chain of exchanges: each starts when the previous one settled. */
  #tail: Promise<unknown> = Promise.resolve();
  readonly #attempts: number;
  readonly #retryBackoff: BackoffPolicy;

  constructor(private readonly options: ExchangeQueueOptions<F>) {
    this.#attempts = options.attempts ?? 3;
    this.#retryBackoff = options.retryBackoff ?? RETRY_BACKOFF;
  }

  /** The connection exchanges go to; undefined while disconnected (every pending exchange fails). */
  attach(sink: PacedSink | undefined): void {
    this.#sink = sink;
    if (!sink && this.#waiter) {
      const w = this.#waiter;
      this.#waiter = undefined;
      w.settle({
        ok: false,
        error: new SignExchangeError(
          "disconnected",
          w.name,
          `the port closed while waiting for the reply to '${w.name}'`,
        ),
      });
    }
  }

  get connected(): boolean {
    return this.#sink !== undefined;
  }

  /** Every event of the protocol's stream parser goes here. */
  onParseEvent(event: ParseEvent<F>): void {
    const { logger, protocol } = this.options;
    if (!event.ok) {
      this.counters.badFrames++;
      const w = this.#waiter;
      logger.debug(
        { error: event.error, raw: toHex(event.raw.subarray(0, 48)), waitingFor: w?.name },
        "bad frame from the sign",
      );
      if (w) {
        this.#waiter = undefined;
        w.settle({
          ok: false,
          error: new SignExchangeError("bad-reply", w.name, `bad reply to '${w.name}': ${event.error}`),
        });
      }
      return;
    }
    const w = this.#waiter;
    const result = w?.match(event.frame);
    if (!w || result === undefined) {
      this.counters.unsolicited++;
      logger.debug(
        { frame: protocol.describeFrame(event.frame) },
        "frame from the sign that no one waits for",
      );
      return;
    }
    this.#waiter = undefined;
    this.counters.lastReplyAt = (this.options.wallNow ?? Date.now)();
    if (result.ok) {
      w.settle({ ok: true, value: result.value });
    } else {
      w.settle({ ok: false, error: new SignExchangeError("refused", w.name, result.error) });
    }
  }

  /**
   * Runs `exchange` after every exchange queued before it; resolves with the matcher's value (undefined for
   * an exchange without reply). Throws SignExchangeError after the last failed attempt, or the signal's
   * reason when aborted (between chunks, while waiting, or during a pause).
   */
  run<R>(exchange: Exchange<F, R>, signal?: AbortSignal): Promise<R> {
    const result = this.#tail.then(() => this.#runNow(exchange, signal));
    this.#tail = result.catch(() => undefined);
    return result;
  }

  async #runNow<R>(exchange: Exchange<F, R>, signal?: AbortSignal): Promise<R> {
    const { timer, logger } = this.options;
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      try {
        return await this.#attempt(exchange, signal);
      } catch (error) {
        if (!(error instanceof SignExchangeError)) throw error;
        this.counters.errors++;
        if (error.kind === "timeout") this.counters.timeouts++;
        if (error.kind === "refused") this.counters.refusals++;
        const willRetry = attempt < this.#attempts && error.kind !== "disconnected" && !signal?.aborted;
        this.options.onAttemptFailed?.(error, willRetry);
        // Each attempt at debug: the driver warns about an exchange that failed for good (throttled).
        logger.debug(
          { command: exchange.name, attempt, of: this.#attempts, kind: error.kind },
          `${error.message}${willRetry ? "; retrying" : ""}`,
        );
        if (!willRetry) throw error;
        this.counters.retries++;
        await timer.sleep(backoffDelay(this.#retryBackoff, attempt, this.options.random), signal);
      }
    }
  }

  async #attempt<R>(exchange: Exchange<F, R>, signal?: AbortSignal): Promise<R> {
    const { pacer, timer } = this.options;
    const sink = this.#sink;
    if (!sink) {
      throw new SignExchangeError(
        "disconnected",
        exchange.name,
        `cannot send '${exchange.name}': not connected`,
      );
    }
    const reply = exchange.reply;
    // Register before writing: a fast sign may answer before the write promise settles.
    let outcome: Promise<R> | undefined;
    let timeoutArmed: (() => void) | undefined;
    if (reply) {
      outcome = new Promise<R>((resolve, reject) => {
        let timeout: ReturnType<typeof setTimeout> | undefined;
        const onAbort = () => {
          if (this.#waiter === waiter) this.#waiter = undefined;
          clearTimeout(timeout);
          reject(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
        };
        const waiter: Waiter<F> = {
          name: exchange.name,
          match: reply.match,
          settle: (o) => {
            clearTimeout(timeout);
            signal?.removeEventListener("abort", onAbort);
            if (o.ok) resolve(o.value as R);
            else reject(o.error);
          },
        };
        this.#waiter = waiter;
        signal?.addEventListener("abort", onAbort, { once: true });
        timeoutArmed = () => {
          if (this.#waiter !== waiter) return;
          timeout = setTimeout(() => {
            if (this.#waiter !== waiter) return;
            this.#waiter = undefined;
            waiter.settle({
              ok: false,
              error: new SignExchangeError(
                "timeout",
                exchange.name,
                `no reply to '${exchange.name}' within ${reply.timeoutMs} ms`,
              ),
            });
          }, reply.timeoutMs);
        };
      });
      // Settled by the waiter; an early rejection must not be reported as unhandled.
      outcome.catch(() => undefined);
    }
    try {
      this.counters.exchanges++;
      await pacer.write(
        {
          write: async (bytes) => {
            await sink.write(bytes);
            this.counters.bytesSent += bytes.length;
          },
          drain: () => sink.drain(),
        },
        exchange.bytes,
        signal,
      );
    } catch (error) {
      const w = this.#waiter;
      if (w && w.name === exchange.name) this.#waiter = undefined;
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error("aborted");
      const closed = !this.#sink;
      throw new SignExchangeError(
        closed ? "disconnected" : "write-failed",
        exchange.name,
        `could not write '${exchange.name}': ${(error as Error).message}`,
      );
    }
    // The timeout counts from the moment the bytes have left the port.
    timeoutArmed?.();
    const value = outcome ? await outcome : (undefined as R);
    if (exchange.pauseAfterMs > 0) await timer.sleep(exchange.pauseAfterMs, signal);
    return value;
  }
}
