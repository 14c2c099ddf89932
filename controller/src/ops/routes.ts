import { Router } from "express";
import { z } from "zod";
import { actorOf, requireRole } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import { parseOr400 } from "../errors.js";
import { JOB_NAMES, type Maintenance } from "./maintenance.js";

const jobParams = z.strictObject({ job: z.enum(JOB_NAMES as [string, ...string[]]) });

/** `GET /maintenance` (the disk and the calendar jobs) and `POST /maintenance/{job}/run` (now, audited). */
export function maintenanceRoutes(ctx: FeatureContext<"disk">, maintenance: Maintenance): Router {
  const router = Router();
  router.get("/maintenance", requireRole("supervisor"), (_req, res) => {
    const { storage, maintenance: config } = ctx.settings.site;
    res.json({
      disk: ctx.disk.status(),
      retentionDays: storage.retentionDays,
      backupDir: config.backup.dir ?? null,
      jobs: maintenance.status(),
    });
  });
  router.post("/maintenance/:job/run", requireRole("supervisor"), (req, res) => {
    const { job } = parseOr400(jobParams, req.params, "path");
    const name = job as (typeof JOB_NAMES)[number];
    void maintenance.run(name, "operator", actorOf(req));
    // Started (or already queued): the outcome shows in GET /maintenance when it ends.
    res.status(202).json({ ...maintenance.jobStatus(name), queued: true });
  });
  return router;
}
