/**
 * The six-monthly province reports the central office made on its own (half-year-job.ts):
 * `GET /central/report-files` (the list, with which ones the console announces), the PDF of one, an
 * admin's dismissal of its notice, and `POST /central/report-files/run` to make the last half-year's
 * now (a new office, or a run that failed).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { Router } from "express";
import { z } from "zod";
import { actorOf, requireRole } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import type { ReportFile, ReportFiles } from "../contract/reports.js";
import { HttpError, parseOr400 } from "../errors.js";
import { recordAudit } from "../store/audit-repo.js";
import { dismissReportNotice, listReportFiles, reportFile } from "../store/report-files-repo.js";
import { nextHalfYearRun } from "./half-year.js";
import type { HalfYearReports } from "./half-year-job.js";

const periodParams = z.strictObject({
  period: z.string().regex(/^\d{4}-H[12]$/, "expected a half-year such as 2026-H1"),
});

export function reportFileRoutes(ctx: FeatureContext<"db">, job: HalfYearReports): Router {
  const router = Router();
  const { db } = ctx;

  router.get("/central/report-files", requireRole("supervisor"), (_req, res) => {
    const now = Date.now();
    const record = job.record();
    const files = listReportFiles(db).map(
      (f): ReportFile => ({
        period: f.period,
        from: f.from,
        to: f.to,
        bytes: f.bytes,
        gates: f.gates,
        createdAt: f.createdAt,
        url: `/api/v1/central/report-files/${f.period}`,
        notice: f.dismissedAt === null && Date.parse(f.noticeUntil) > now,
        noticeUntil: f.noticeUntil,
      }),
    );
    const body: ReportFiles = {
      files,
      nextRunAt: new Date(nextHalfYearRun(now)).toISOString(),
      lastRunAt: record.lastRunAt,
      lastOutcome: record.lastOutcome,
      lastMessage: record.lastMessage,
    };
    res.setHeader("Cache-Control", "no-store");
    res.json(body);
  });

  router.get("/central/report-files/:period", requireRole("supervisor"), (req, res) => {
    const { period } = parseOr400(periodParams, req.params, "path");
    const row = reportFile(db, period);
    const file = row ? path.join(job.dir, row.file) : undefined;
    if (!row || !file || !existsSync(file))
      throw new HttpError(404, "not-found", `no report file for ${period}`);
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("Content-Disposition", `attachment; filename="bao-cao-tinh-${period}.pdf"`);
    res.type("application/pdf").sendFile(file);
  });

  router.post("/central/report-files/:period/dismiss", requireRole("admin"), (req, res) => {
    const { period } = parseOr400(periodParams, req.params, "path");
    const actor = actorOf(req);
    if (!dismissReportNotice(db, period, actor.name, new Date().toISOString())) {
      throw new HttpError(404, "not-found", `no report file for ${period}`);
    }
    recordAudit(db, actor, "dismiss", "report-file", period, null, null);
    res.status(204).end();
  });

  router.post("/central/report-files/run", requireRole("admin"), (req, res) => {
    recordAudit(db, actorOf(req), "run", "report-file", null, null, { trigger: "operator" });
    void job.run("operator");
    res.status(202).json({ started: true });
  });
  return router;
}
