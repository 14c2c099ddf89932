import type { Logger } from "../log.js";

/** What the serve command stops: a running controller (server.ts `RunningController`). */
export interface Stoppable {
  stop(): Promise<void>;
  readonly stoppingPart: string | undefined;
}

export interface StopOnSignalOptions {
  /** After this long the process exits anyway, naming the part that did not stop. */
  readonly deadlineMs?: number;
  /**
   * Signals this soon after the first belong to the same request: one Ctrl-C under `npm start` reaches
   * npm, scripts/start.mjs and the controller at once (the terminal signals the whole process group),
   * and npm and start.mjs each pass theirs on. A later one is a person asking again: exit at once.
   */
  readonly sameRequestMs?: number;
  readonly exit?: (code: number) => void;
  readonly now?: () => number;
}

export const STOP_DEADLINE_MS = 10_000;

/**
 * The serve command's stop: the first SIGTERM (systemd) or SIGINT (Ctrl-C) stops the controller in
 * order and exits 0 after a last "stopped" line; a second signal during the stop, or a stop that overruns
 * its deadline, exits 1 with a line that says why. Returns the handler (tests call it directly).
 */
export function stopOnSignal(
  controller: Stoppable,
  logger: Logger,
  options: StopOnSignalOptions = {},
): (signal: NodeJS.Signals) => void {
  const deadlineMs = options.deadlineMs ?? STOP_DEADLINE_MS;
  const sameRequestMs = options.sameRequestMs ?? 1000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const now = options.now ?? Date.now;
  let first: { signal: NodeJS.Signals; at: number } | undefined;
  let done = false;
  const finish = (code: number) => {
    if (done) return;
    done = true;
    logger.flush();
    exit(code);
  };

  return (signal) => {
    if (done) return;
    if (first) {
      const since = now() - first.at;
      if (since < sameRequestMs) {
        logger.debug({ signal }, "already stopping");
        return;
      }
      logger.error(
        { signal, part: controller.stoppingPart ?? null, ms: since },
        `${signal} during the stop: exiting now without waiting for ${controller.stoppingPart ?? "the rest"}`,
      );
      finish(1);
      return;
    }
    first = { signal, at: now() };
    logger.info({ signal, deadlineMs }, "stopping");
    const deadline = setTimeout(() => {
      const part = controller.stoppingPart ?? "the stop";
      logger.error(
        { signal, part, deadlineMs },
        `${part} did not stop within ${deadlineMs / 1000} s; exiting anyway`,
      );
      finish(1);
    }, deadlineMs);
    // Not unref'd: a stop that hangs on nothing the event loop holds would otherwise end the process
    // with code 0 and no last line.
    controller.stop().then(
      () => {
        clearTimeout(deadline);
        if (done) return;
        logger.info({ signal, ms: now() - (first?.at ?? now()) }, "stopped");
        finish(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error({ err: error, signal }, "unclean stop");
        finish(1);
      },
    );
  };
}
