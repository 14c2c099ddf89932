/**
 * Feeds every running sign what plays now: on start, on each change of the resolution or the content, and
 * at every minute while a sign shows the dual clock. Each sign channel's entries become LED messages
 * (`signMessages`), which its channel runs through the sign pipeline and hands to its driver; the driver
 * sends nothing when nothing changed.
 */

import type { Resolution } from "../domain/schedule/types.js";
import type { ContentItem, Lang } from "../domain/types.js";
import type { Logger } from "../log.js";
import { signMessages } from "./led-text.js";
import type { SignChannel } from "./sign-channel.js";

export interface SignFeedDeps {
  /** The running signs, by id. */
  readonly channels: () => Iterable<readonly [string, SignChannel]>;
  /** What plays now (the scheduler's current resolution). */
  readonly current: () => Resolution;
  /** The items the resolution names. */
  readonly items: () => ReadonlyMap<string, Pick<ContentItem, "ledText">>;
  /** The gate's languages, in its order. */
  readonly languages: readonly Lang[];
  /** Wall clock for the dual clock (epoch ms). */
  readonly now: () => number;
  readonly logger: Logger;
}

export class SignFeed {
  readonly #deps: SignFeedDeps;
  readonly #problemsLogged = new Map<string, string>();
  #clockTimer: ReturnType<typeof setTimeout> | undefined;
  #updateQueued = false;
  #stopped = false;

  constructor(deps: SignFeedDeps) {
    this.#deps = deps;
  }

  /** Works out every sign's content for `resolution` and hands it to the drivers. */
  update(resolution: Resolution): void {
    if (this.#stopped) return;
    const { logger, languages } = this.#deps;
    const now = this.#deps.now();
    const items = this.#deps.items();
    let clockShown = false;
    for (const [id, channel] of this.#deps.channels()) {
      try {
        const selection = signMessages(resolution, id, items);
        if (selection.messages.some((m) => m.kind === "dualClock")) clockShown = true;
        const summary = channel.feed(selection, { languages, now });
        const logged = JSON.stringify(summary.problems);
        if (logged !== this.#problemsLogged.get(id)) {
          // Once per change, not at every minute of a clock.
          this.#problemsLogged.set(id, logged);
          for (const p of summary.problems) logger.warn({ sign: id }, `sign ${id}: ${p}`);
        }
      } catch (error) {
        logger.error({ sign: id, err: error }, `sign ${id}: could not prepare its content`);
      }
    }
    clearTimeout(this.#clockTimer);
    if (clockShown) {
      // The clock changes every minute: render again just after the next minute starts.
      const delay = 60_000 - (now % 60_000) + 50;
      this.#clockTimer = setTimeout(() => this.updateNow("clock"), delay);
      this.#clockTimer.unref();
    }
  }

  /**
   * An edited LED text changes no resolution (the same items play), so content changes count too. Both
   * come in bursts (a save emits contentChanged, then maybe resolutionChanged): one update, after the
   * scheduler has taken the change in. Content the sign already has is not sent again.
   */
  queueUpdate(): void {
    if (this.#updateQueued) return;
    this.#updateQueued = true;
    setImmediate(() => {
      this.#updateQueued = false;
      this.updateNow("content changed");
    });
  }

  /** An update no caller waits for (a bus event, the clock's minute): a failure is logged, not thrown. */
  updateNow(cause: string): void {
    if (this.#stopped) return;
    try {
      this.update(this.#deps.current());
    } catch (error) {
      this.#deps.logger.error({ err: error, cause }, "signs not updated; trying again in a minute");
      clearTimeout(this.#clockTimer);
      this.#clockTimer = setTimeout(() => this.updateNow("retry"), 60_000);
      this.#clockTimer.unref();
    }
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#clockTimer);
  }
}
