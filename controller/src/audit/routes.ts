import { Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import type { AuditPage } from "../contract/audit.js";
import { formatGateIso, parseInstant } from "../domain/instant.js";
import { parseOr400 } from "../errors.js";
import { type AuditFilter, type AuditRow, queryAudit } from "../store/audit-repo.js";
import type { Db } from "../store/database.js";
import { csvCell } from "../text/csv.js";

// ---------------------------------------------------------------------------------------------------------
// CSV

const CSV_COLUMNS = [
  "id",
  "at",
  "actor",
  "address",
  "action",
  "entity",
  "entityId",
  "before",
  "after",
] as const;

/** RFC 4180 lines (CRLF) after a UTF-8 BOM, so Excel reads Vietnamese, Lao and Khmer text correctly. */
export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const row of rows) {
    lines.push(
      CSV_COLUMNS.map((column) => {
        const value = row[column];
        return csvCell(
          column === "before" || column === "after" ? (value === null ? "" : JSON.stringify(value)) : value,
        );
      }).join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Routes

const instant = z.iso.datetime({
  offset: true,
  error: "expected an ISO-8601 instant with an offset, e.g. 2026-06-01T00:00:00+07:00",
});

function filterQuery(maxLimit: number, defaultLimit: number) {
  return z.strictObject({
    entity: z.string().min(1).max(64).optional(),
    entityId: z.string().min(1).max(200).optional(),
    actor: z.string().min(1).max(100).optional(),
    from: instant.optional(),
    to: instant.optional(),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
    offset: z.coerce.number().int().min(0).default(0),
  });
}

const jsonQuery = filterQuery(1000, 100);
const csvQuery = filterQuery(100_000, 10_000);

function toFilter(q: z.output<typeof jsonQuery>): AuditFilter {
  return {
    ...(q.entity ? { entity: q.entity } : {}),
    ...(q.entityId ? { entityId: q.entityId } : {}),
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.from ? { from: Date.parse(q.from) } : {}),
    ...(q.to ? { to: Date.parse(q.to) } : {}),
    limit: q.limit,
    offset: q.offset,
  };
}

/** The matching rows with `at` in gate-local time (what a supervisor reads). */
function query(db: Db, filter: AuditFilter): { total: number; rows: AuditRow[] } {
  const { total, rows } = queryAudit(db, filter);
  return { total, rows: rows.map((row) => ({ ...row, at: formatGateIso(parseInstant(row.at)) })) };
}

/** `GET /audit` (JSON, paged) and `GET /audit.csv` (a download), for supervisors. */
export function auditRoutes(deps: FeatureContext<"db">): Router {
  const router = Router();
  const supervisor = requireRole("supervisor");

  router.get("/audit", supervisor, (req, res) => {
    const filter = toFilter(parseOr400(jsonQuery, req.query, "query"));
    const { total, rows } = query(deps.db, filter);
    res.set("Cache-Control", "no-store");
    res.json({ total, limit: filter.limit, offset: filter.offset, rows } satisfies AuditPage);
  });

  router.get("/audit.csv", supervisor, (req, res) => {
    const filter = toFilter(parseOr400(csvQuery, req.query, "query"));
    const { rows } = query(deps.db, filter);
    const stamp = formatGateIso(Date.now()).slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
    res.set({
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${deps.settings.site.id}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    });
    res.send(auditCsv(rows));
  });

  return router;
}
