import type { Server as SocketServer } from "socket.io";
import type { Settings } from "./config/settings.js";
import type { EventBus } from "./event-bus.js";
import type { Logger } from "./log.js";
import type { DiskGuard } from "./ops/disk-guard.js";
import type { Scheduler } from "./playout/scheduler.js";
import type { Db } from "./store/db.js";

/** What every feature gets: no globals. */
export interface Context {
  settings: Settings;
  logger: Logger;
  bus: EventBus;
  startedAt: number;
}

/**
 * What a feature gets only by asking for it by name (`Extension.needs`): server.ts hands each feature
 * these and no others, so a feature's list of needs is the whole of what it can reach.
 */
export interface Services {
  /** The store: repositories in store/ take it; nothing else runs SQL. */
  db: Db;
  /** socket.io on the HTTP server: kiosks and consoles join rooms per channel. */
  io: SocketServer;
  /** What plays now and at any instant; the one place that asks the resolver. */
  scheduler: Scheduler;
  /** Free space on DATA_DIR's disk: `ctx.disk.assertWritable("…")` before adding records. */
  disk: DiskGuard;
}

export type ServiceName = keyof Services;

/** The context of a feature that asked for the services `N`. */
export type FeatureContext<N extends ServiceName = never> = Context & Pick<Services, N>;

/** Everything server.ts holds; only it and tests that compose a controller by hand see all of it. */
export type ControllerContext = FeatureContext<ServiceName>;

/** The part of `all` a feature asked for: the base, and exactly the services it named. */
export function contextFor<N extends ServiceName>(
  all: ControllerContext,
  needs: readonly N[],
): FeatureContext<N> {
  const { settings, logger, bus, startedAt } = all;
  // Object.fromEntries types its keys as string; each key here is one of `needs`.
  const picked = Object.fromEntries(needs.map((name) => [name, all[name]])) as unknown as Pick<Services, N>;
  return { settings, logger, bus, startedAt, ...picked };
}
