import type { FeatureContext } from "../context.js";
import type { Extension } from "../extension.js";
import { Maintenance, type MaintenanceOptions } from "./maintenance.js";
import { maintenanceRoutes } from "./routes.js";

/** The calendar jobs as an extension: routes from the first request, jobs once the gate runs. */
export function maintenanceExtension(options: MaintenanceOptions = {}): Extension<"db" | "disk"> & {
  maintenance(): Maintenance | undefined;
} {
  let maintenance: Maintenance | undefined;
  const get = (ctx: FeatureContext<"db" | "disk">) => {
    maintenance ??= new Maintenance(ctx, options);
    return maintenance;
  };
  return {
    name: "maintenance",
    label: "maintenance jobs",
    needs: ["db", "disk"],
    routes: (ctx) => [maintenanceRoutes(ctx, get(ctx))],
    health: () => maintenance?.health() ?? { degraded: false },
    start: (ctx) => get(ctx).start(),
    stop: () => maintenance?.stop(),
    maintenance: () => maintenance,
  };
}
