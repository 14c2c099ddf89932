import { createRequire } from "node:module";
import pino, { type Logger } from "pino";

export type { Logger };

const require = createRequire(import.meta.url);

/**
 * JSON lines for journald and log shippers; pretty, coloured lines when a person runs it in a
 * terminal. pino-pretty runs in-process (not as a worker transport) so a crash still flushes.
 */
export function createLogger(level: string, pretty = Boolean(process.stdout.isTTY)): Logger {
  if (!pretty) return pino({ level, base: { app: "gatecast" } });
  // Required lazily: a gate PC under systemd logs JSON and never loads it.
  const prettyFactory = require("pino-pretty") as (options: object) => pino.DestinationStream;
  return pino(
    { level },
    prettyFactory({ colorize: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,app", sync: true }),
  );
}
