import type { Router } from "express";
import type { Context } from "./context.js";
import type { HealthSection } from "./http/health.js";

/**
 * A feature of the controller (kiosk hub, scheduler, a sign driver, central sync). Each is started
 * on its own, so one that fails (a sign's port is missing) is logged and the others keep running.
 */
export interface Extension {
  name: string;
  /** Routers to mount under /api/v1; created before start so routes exist from the first request. */
  routes?(ctx: Context): Router[];
  health?: HealthSection;
  start(ctx: Context): Promise<void> | void;
  stop(): Promise<void> | void;
}
