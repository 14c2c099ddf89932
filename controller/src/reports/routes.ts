/**
 * Reports over HTTP: a gate's own (`GET /reports`) and, at a central office, any of its gates' from
 * what they uploaded (`GET /central/reports/{gate}`). JSON, CSV or a printable Vietnamese page.
 */
import { type Response, Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import type { GateReport } from "../contract/reports.js";
import { idSchema } from "../domain/schemas.js";
import { HttpError, parseOr400 } from "../errors.js";
import { gateHasUploaded } from "../store/reports-repo.js";
import { reportCsv } from "./csv.js";
import { REPORT_STYLE_HASH, reportHtml } from "./html.js";
import { PeriodError, parsePeriod, type ReportPeriod } from "./period.js";
import type { ReportJob } from "./report-job.js";
import { ReportRunner } from "./report-runner.js";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");
const reportQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  format: z.enum(["json", "csv", "html"]).default("json"),
});

function periodFrom(query: z.infer<typeof reportQuery>): ReportPeriod {
  try {
    return parsePeriod(query, Date.now());
  } catch (error) {
    if (error instanceof PeriodError) {
      throw new HttpError(400, "invalid", `query.${error.field}: ${error.message}`, `query.${error.field}`);
    }
    throw error;
  }
}

function send(res: Response, report: GateReport, format: "json" | "csv" | "html"): void {
  res.setHeader("Cache-Control", "no-store");
  const name = `bao-cao-${report.gate.id}-${report.period.from}-${report.period.to}`;
  if (format === "csv") {
    res.setHeader("Content-Disposition", `attachment; filename="${name}.csv"`);
    res.type("text/csv; charset=utf-8").send(reportCsv(report));
  } else if (format === "html") {
    // Its own policy: nothing but its one hashed style block; no script at all.
    res.setHeader(
      "Content-Security-Policy",
      `default-src 'none'; style-src '${REPORT_STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`,
    );
    res.type("text/html; charset=utf-8").send(reportHtml(report));
  } else {
    res.json(report);
  }
}

/** What the report routes need: the store (its file, for the worker's own connection), the site, a logger. */
export type ReportRouteDeps = FeatureContext<"db">;

export function reportRoutes(ctx: ReportRouteDeps): Router {
  const router = Router();
  const { db, settings } = ctx;
  const site = settings.site;
  const runner = new ReportRunner(ctx.logger);
  const dbFile = db.name;
  const respond = async (res: Response, query: unknown, job: (p: ReportPeriod) => ReportJob) => {
    const q = parseOr400(reportQuery, query, "query");
    send(res, await runner.run(job(periodFrom(q))), q.format);
  };

  router.get("/reports", requireRole("supervisor"), async (req, res) => {
    const signs = site.signs.map((s) => ({ id: s.id, name: s.name }));
    const screens = site.screens.map((s) => ({ id: s.id, name: s.name }));
    await respond(res, req.query, (period) => ({
      kind: "gate",
      dbFile,
      site: { id: site.id, name: site.name, signs, screens },
      period,
      now: Date.now(),
    }));
  });

  if (site.role === "central") {
    const office = site.central && "gates" in site.central ? site.central : undefined;
    router.get("/central/reports/:gate", requireRole("supervisor"), async (req, res) => {
      const id = parseOr400(z.object({ gate: idSchema }), req.params, "path").gate;
      const known = office?.gates.find((g) => g.id === id);
      const seen = gateHasUploaded(db, id);
      if (!known && !seen) throw new HttpError(404, "not-found", `no gate "${id}" in central.gates`);
      await respond(res, req.query, (period) => ({
        kind: "central",
        dbFile,
        gate: { id, name: known?.name ?? id },
        period,
        now: Date.now(),
      }));
    });
  }
  return router;
}
