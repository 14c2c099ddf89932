import type { FeatureContext } from "../context.js";
import { databaseProbe, SdNotifier } from "./sd-notify.js";

/**
 * What server.ts calls: READY=1 (with the URL as STATUS) once the server listens and the extensions
 * started, watchdog pings while the database answers, STOPPING=1 as the stop begins. Does nothing
 * outside systemd.
 */
export function notifySystemd(ctx: FeatureContext<"db">, url: string): { stopping(): void } {
  const notifier = new SdNotifier({
    healthy: databaseProbe(ctx.db),
    onError: (error) => ctx.logger.warn({ err: error }, "could not notify systemd"),
  });
  if (!notifier.enabled) return { stopping: () => undefined };
  void notifier.ready(`serving ${ctx.settings.site.id} on ${url}`);
  ctx.logger.info(
    { watchdogMs: notifier.intervalMs ?? null },
    "told systemd the controller is ready (READY=1)",
  );
  return {
    stopping: () => {
      void notifier.stopping();
    },
  };
}
