import type { Logger } from "../log.js";

/**
 * The controller's stop, one part after the other. Each part that stopped says so in one info line
 * ("kiosk hub stopped"), so the journal of a clean stop reads as a list; one that throws is logged and
 * the others still stop. `current` names the part being stopped: the serve command's deadline says
 * which one hung (cli/stop-on-signal.ts).
 */
export class StopSequence {
  #current: string | undefined;

  constructor(private readonly logger: Logger) {}

  /** The part being stopped now; undefined before the stop and once it is over. */
  get current(): string | undefined {
    return this.#current;
  }

  /** Stops `part` with `fn` and logs `line` (default "<part> stopped") with how long it took. */
  async step(part: string, fn: () => unknown, line = `${part} stopped`): Promise<void> {
    this.#current = part;
    const started = Date.now();
    try {
      await fn();
      this.logger.info({ part, ms: Date.now() - started }, line);
    } catch (error) {
      this.logger.warn({ err: error, part }, `${part} did not stop cleanly; stopping the rest`);
    } finally {
      this.#current = undefined;
    }
  }
}
