import type { Router } from "express";
import type { FeatureContext, ServiceName } from "./context.js";
import type { HealthSection } from "./http/health.js";

/**
 * A feature of the controller (auth, publishing, the kiosk hub, the signs, central sync…). server.ts
 * composes them from one list. Each names the services it uses and gets only those. Each is started on
 * its own, so one that fails (a sign's port is missing) is logged and the others keep running.
 */
export interface Extension<N extends ServiceName = ServiceName> {
  name: string;
  /** What a person calls it in the log ("kiosk hub stopped"); `name` when absent. */
  label?: string;
  /** The services it uses (context.ts `Services`); its context holds these and no others. */
  needs: readonly N[];
  /** Routers to mount under /api/v1; created before start so routes exist from the first request. */
  routes?(ctx: FeatureContext<N>): Router[];
  health?: HealthSection;
  start?(ctx: FeatureContext<N>): Promise<void> | void;
  stop?(): Promise<void> | void;
}

/** A feature that is only routes (it keeps no state and runs nothing in the background). */
export function routesOf<N extends ServiceName>(
  name: string,
  needs: readonly N[],
  routes: (ctx: FeatureContext<N>) => Router | Router[],
): Extension<N> {
  return { name, needs, routes: (ctx) => [routes(ctx)].flat() };
}
