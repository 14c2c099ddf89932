/**
 * Samples every sign's state and logs what changed (sign_events, for the reports; `sign-events.ts` says
 * what an event means). Sampling rather than hooking the driver keeps the driver free of storage; a
 * report's resolution of a few seconds is far finer than the hours it counts.
 */

import type { Logger } from "../log.js";
import { type DiskGuard, DiskLowError } from "../ops/disk-guard.js";
import type { SignEventsRepo } from "../store/sign-events-repo.js";
import type { SignDriverStatus } from "./driver/driver-status.js";
import { observeSign, type SignObservation, signTransitions } from "./sign-events.js";

/** How often every sign's state is sampled for the sign log. */
export const SAMPLE_EVERY_MS = 5_000;

export interface SignSamplerDeps {
  readonly repo: SignEventsRepo;
  readonly disk: Pick<DiskGuard, "guard">;
  readonly logger: Logger;
  /** Every sign of the site file, running or not. */
  readonly signIds: () => readonly string[];
  /** A running sign's driver status; undefined when it did not start. */
  readonly status: (id: string) => SignDriverStatus | undefined;
  /** Why a sign could not start. */
  readonly failed: (id: string) => string | undefined;
  /** Wall clock, epoch ms. */
  readonly now: () => number;
}

export class SignSampler {
  readonly #deps: SignSamplerDeps;
  readonly #observed = new Map<string, SignObservation>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #startedAtMs = 0;
  #diskLowLogged = false;
  #stopped = false;

  constructor(deps: SignSamplerDeps) {
    this.#deps = deps;
  }

  start(): void {
    this.#startedAtMs = this.#deps.now();
    this.#timer = setInterval(() => {
      try {
        this.sample();
      } catch (error) {
        // Reading the store failed (not only the write, handled inside): the next sample tries again.
        this.#deps.logger.warn({ err: (error as Error).message }, "sign states not sampled");
        this.#observed.clear();
      }
    }, SAMPLE_EVERY_MS);
    this.#timer.unref();
  }

  /** Logs what changed in every sign's state since the last sample. */
  sample(): void {
    const { repo, logger } = this.#deps;
    if (this.#stopped || !repo.open) return;
    const now = this.#deps.now();
    const at = new Date(now).toISOString();
    const origin = (itemId: string) => repo.itemOrigin(itemId);
    const events = this.#deps.signIds().flatMap((signId) => {
      const next = observeSign(
        this.#deps.status(signId),
        this.#deps.failed(signId),
        now - this.#startedAtMs,
        origin,
      );
      const drafts = signTransitions(signId, this.#observed.get(signId), next, at);
      if (next.online !== null) this.#observed.set(signId, next);
      return drafts;
    });
    try {
      if (events.length > 0) this.#deps.disk.guard("sign events", () => repo.append(events));
      this.#diskLowLogged = false;
    } catch (error) {
      // The log is for reports: a full disk must not stop the signs; the whole state is logged again
      // once it can be. Low disk is said once, not at every sample.
      if (!(error instanceof DiskLowError) || !this.#diskLowLogged) {
        logger.warn({ err: (error as Error).message }, "sign events not recorded");
      }
      if (error instanceof DiskLowError) this.#diskLowLogged = true;
      this.#observed.clear();
    }
  }

  /** The controller stops: from here on nothing is known of the signs until it runs again. */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    const { repo } = this.#deps;
    if (!repo.open || this.#observed.size === 0) return;
    const at = new Date(this.#deps.now()).toISOString();
    try {
      repo.append(
        [...this.#observed.keys()].map((signId) => ({ signId, at, kind: "stopped" as const, detail: {} })),
      );
    } catch {
      // Stopping anyway; the next start's first sample continues the log.
    }
    this.#observed.clear();
  }
}
