import type { FeatureContext } from "../context.js";
import type { Extension } from "../extension.js";
import { reportFileRoutes } from "./file-routes.js";
import { type HalfYearJobOptions, HalfYearReports } from "./half-year-job.js";
import { type ReportServices, reportRoutes, reportServices } from "./routes.js";

/**
 * Reports as a feature: their routes from the first request, and at a central office the six-monthly
 * province report job once the controller runs. The routes and the job share one report worker and
 * one PDF printer, so two prints never run at once.
 */
export function reportsExtension(options: HalfYearJobOptions = {}): Extension<"db"> & {
  halfYear(): HalfYearReports | undefined;
} {
  let made: { services: ReportServices; job: HalfYearReports } | undefined;
  const get = (ctx: FeatureContext<"db">) => {
    if (!made) {
      const services = reportServices(ctx);
      made = { services, job: new HalfYearReports(ctx, services.runner, services.printer, options) };
    }
    return made;
  };
  return {
    name: "reports",
    label: "six-monthly report job",
    needs: ["db"],
    routes: (ctx) => {
      const { services, job } = get(ctx);
      const central = ctx.settings.site.role === "central";
      return [reportRoutes(ctx, services), ...(central ? [reportFileRoutes(ctx, job)] : [])];
    },
    start: (ctx) => get(ctx).job.start(),
    stop: () => made?.job.stop(),
    halfYear: () => made?.job,
  };
}
