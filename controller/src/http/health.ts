import { Router } from "express";
import type { FeatureContext } from "../context.js";
import { assertDatabaseAnswers } from "../store/database.js";
import { VERSION } from "../version.js";

/** Extra status sections (signs, sync) that later extensions add to /healthz. */
export type HealthSection = () => Record<string, unknown>;

export function healthRouter(
  ctx: FeatureContext<"db" | "disk">,
  sections: Map<string, HealthSection>,
): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    const base = {
      gate: ctx.settings.site.id,
      version: VERSION,
      uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000),
    };
    try {
      assertDatabaseAnswers(ctx.db);
    } catch (error) {
      res.status(503).json({ status: "unavailable", reason: (error as Error).message, ...base });
      return;
    }
    const extra = Object.fromEntries([...sections].map(([name, section]) => [name, section()]));
    // A low disk is "degraded" but still 200: content is served, so the watchdog and a kiosk's
    // health probe must not restart anything over it (a restart frees no space).
    const disk = ctx.disk.status();
    const degraded =
      disk.state === "low" ||
      Object.values(extra).some((v) => (v as { degraded?: unknown } | null)?.degraded === true);
    res.json({ status: degraded ? "degraded" : "ok", ...base, disk, ...extra });
  });
  return router;
}
