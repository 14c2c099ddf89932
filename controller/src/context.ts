import type { Server as SocketServer } from "socket.io";
import type { Settings } from "./config/settings.js";
import type { EventBus } from "./event-bus.js";
import type { Logger } from "./log.js";
import type { DiskGuard } from "./ops/disk-guard.js";
import type { Scheduler } from "./playout/scheduler.js";
import type { Db } from "./store/database.js";

/** What every extension and route handler gets: no globals. */
export interface Context {
  settings: Settings;
  db: Db;
  logger: Logger;
  bus: EventBus;
  /** socket.io on the same HTTP server: kiosks and consoles join rooms per channel. */
  io: SocketServer;
  /** What plays now and at any instant; the one place that asks the resolver. */
  scheduler: Scheduler;
  startedAt: number;
  /** Free space on DATA_DIR's disk: `ctx.disk.assertWritable("…")` before adding records. */
  disk: DiskGuard;
}
