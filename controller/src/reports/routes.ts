/**
 * Reports over HTTP: a gate's own (`GET /reports`) and, at a central office, any of its gates' from
 * what they uploaded (`GET /central/reports/{gate}`). JSON, CSV or a printable Vietnamese page.
 */
import { type Response, Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import { CHART_KINDS, type ChartKind, type GateReport, type ProvinceReport } from "../contract/reports.js";
import { idSchema } from "../domain/schemas.js";
import { HttpError, parseOr400 } from "../errors.js";
import { gateHasUploaded } from "../store/reports-repo.js";
import { chartSvg } from "./charts.js";
import { reportCsv } from "./csv.js";
import { documentIssuer } from "./document-html.js";
import { REPORT_STYLE_HASH, reportHtml } from "./html.js";
import { PdfPrinter } from "./pdf.js";
import { sendPdf } from "./pdf-response.js";
import { PeriodError, parsePeriod, type ReportPeriod } from "./period.js";
import { parseProvincePeriod } from "./province.js";
import { provinceCsv } from "./province-csv.js";
import { PROVINCE_STYLE_HASH, provinceHtml } from "./province-html.js";
import type { ReportJob } from "./report-job.js";
import { ReportRunner } from "./report-runner.js";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");
const reportQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  format: z.enum(["json", "csv", "html", "pdf", "svg"]).default("json"),
  /** With `format=svg`: which chart. */
  chart: z.enum(CHART_KINDS).optional(),
});

/** The province's report: like a gate's, and which gates (ids from `central.gates`, comma-separated). */
const provinceQuery = reportQuery.extend({ gates: z.string().max(4000).optional() });

/** The chart a `format=svg` request names, checked before any report is made. */
function chartOf(query: { format: string; chart?: ChartKind | undefined }): ChartKind | undefined {
  if (query.format !== "svg") return undefined;
  if (!query.chart) {
    throw new HttpError(
      400,
      "invalid",
      `query.chart: format=svg needs one of ${CHART_KINDS.join(", ")}`,
      "query.chart",
    );
  }
  return query.chart;
}

/** A chart alone: an image, under a policy that allows nothing at all (it needs nothing). */
function sendSvg(res: Response, svg: string): void {
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Security-Policy", "default-src 'none'");
  res.type("image/svg+xml; charset=utf-8").send(svg);
}

/** The gates a province report covers: all of `central.gates`, or those named, each one of them. */
function gatesOf(
  list: string | undefined,
  office: readonly { id: string; name: string }[],
): { id: string; name: string }[] {
  if (list === undefined || list.trim() === "") return office.map((g) => ({ id: g.id, name: g.name }));
  const wanted = new Set(
    list
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  );
  for (const id of wanted) {
    if (!office.some((g) => g.id === id)) {
      throw new HttpError(
        400,
        "invalid",
        `query.gates: no gate "${id.slice(0, 64)}" in central.gates`,
        "query.gates",
      );
    }
  }
  // In `central.gates` order, whatever order the query named them in.
  return office.filter((g) => wanted.has(g.id)).map((g) => ({ id: g.id, name: g.name }));
}

function periodFrom(query: z.infer<typeof reportQuery>, parse = parsePeriod): ReportPeriod {
  try {
    return parse(query, Date.now());
  } catch (error) {
    if (error instanceof PeriodError) {
      throw new HttpError(400, "invalid", `query.${error.field}: ${error.message}`, `query.${error.field}`);
    }
    throw error;
  }
}

/** A report in one of its text forms: JSON, the CSV (an attachment) or the printable page under its own CSP. */
function sendReport(
  res: Response,
  format: "json" | "csv" | "html",
  r: { name: string; value: unknown; csv: () => string; html: () => string; styleHash: string },
): void {
  res.setHeader("Cache-Control", "no-store");
  if (format === "csv") {
    res.setHeader("Content-Disposition", `attachment; filename="${r.name}.csv"`);
    res.type("text/csv; charset=utf-8").send(r.csv());
  } else if (format === "html") {
    // Its own policy: nothing but its one hashed style block; no script at all.
    res.setHeader(
      "Content-Security-Policy",
      `default-src 'none'; style-src '${r.styleHash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'`,
    );
    res.type("text/html; charset=utf-8").send(r.html());
  } else {
    res.json(r.value);
  }
}

function send(res: Response, report: GateReport, format: "json" | "csv" | "html"): void {
  sendReport(res, format, {
    name: `bao-cao-${report.gate.id}-${report.period.from}-${report.period.to}`,
    value: report,
    csv: () => reportCsv(report),
    html: () => reportHtml(report),
    styleHash: REPORT_STYLE_HASH,
  });
}

function sendProvince(
  res: Response,
  report: ProvinceReport,
  format: "json" | "csv" | "html",
  office: string,
): void {
  sendReport(res, format, {
    name: `bao-cao-tinh-${report.period.from}-${report.period.to}`,
    value: report,
    csv: () => provinceCsv(report),
    html: () => provinceHtml(report, office),
    styleHash: PROVINCE_STYLE_HASH,
  });
}

/** What the report routes need: the store (its file, for the worker's own connection), the site, a logger. */
export type ReportRouteDeps = FeatureContext<"db">;

/** What the report routes share with the six-monthly job: one worker, one printer (one PDF at a time). */
export interface ReportServices {
  runner: ReportRunner;
  printer: PdfPrinter;
}

export function reportServices(ctx: ReportRouteDeps): ReportServices {
  return {
    runner: new ReportRunner(ctx.logger),
    printer: new PdfPrinter({ chromium: ctx.settings.chromium }),
  };
}

export function reportRoutes(ctx: ReportRouteDeps, services: ReportServices = reportServices(ctx)): Router {
  const router = Router();
  const { db, settings } = ctx;
  const site = settings.site;
  const { runner, printer } = services;
  const dbFile = db.name;
  const respond = async (res: Response, query: unknown, job: (p: ReportPeriod) => ReportJob) => {
    const q = parseOr400(reportQuery, query, "query");
    const chart = chartOf(q);
    const period = periodFrom(q);
    if (!chart && q.format === "pdf") {
      const { report, html } = await runner.gateDocument(job(period), documentIssuer(site));
      const name = `bao-cao-${report.gate.id}-${report.period.from}-${report.period.to}`;
      await sendPdf(res, printer, html, name);
      return;
    }
    const report = await runner.run(job(period));
    if (chart) sendSvg(res, chartSvg(chart, report));
    else send(res, report, q.format as "json" | "csv" | "html");
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

    // Every gate of the office in one report: the province's totals, then each gate's own.
    router.get("/central/reports", requireRole("supervisor"), async (req, res) => {
      const q = parseOr400(provinceQuery, req.query, "query");
      const period = periodFrom(q, parseProvincePeriod);
      const gates = gatesOf(q.gates, office?.gates ?? []);
      const chart = chartOf(q);
      const job = { kind: "province" as const, dbFile, gates, period, now: Date.now() };
      if (!chart && q.format === "pdf") {
        const { report, html } = await runner.provinceDocument(job, documentIssuer(site));
        await sendPdf(res, printer, html, `bao-cao-tinh-${report.period.from}-${report.period.to}`);
        return;
      }
      const report = await runner.runProvince(job);
      if (chart) sendSvg(res, chartSvg(chart, report));
      else sendProvince(res, report, q.format as "json" | "csv" | "html", site.name.vi);
    });
  }
  return router;
}
