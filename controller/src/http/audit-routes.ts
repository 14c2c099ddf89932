import { Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { Context } from "../context.js";
import { formatGateIso } from "../domain/gate-time.js";
import { parseOr400 } from "../errors.js";
import type { AuditRow } from "../store/audit-repo.js";
import type { Db } from "../store/database.js";
import { csvCell } from "../text/csv.js";

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actor?: string;
  /** Inclusive, epoch ms. */
  from?: number;
  /** Exclusive, epoch ms. */
  to?: number;
  limit: number;
  offset: number;
}

interface AuditDbRow {
  id: number;
  at: string;
  actor: string;
  address: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

const WHERE = `WHERE (@entity IS NULL OR entity = @entity)
  AND (@entityId IS NULL OR entity_id = @entityId)
  AND (@actor IS NULL OR actor = @actor COLLATE NOCASE)
  AND (@from IS NULL OR at >= @from)
  AND (@to IS NULL OR at < @to)`;

function params(filter: AuditFilter) {
  // `at` is stored as toISOString() (UTC, fixed width), so text comparison is time order.
  return {
    entity: filter.entity ?? null,
    entityId: filter.entityId ?? null,
    actor: filter.actor ?? null,
    from: filter.from === undefined ? null : new Date(filter.from).toISOString(),
    to: filter.to === undefined ? null : new Date(filter.to).toISOString(),
  };
}

function toRow(r: AuditDbRow): AuditRow {
  return {
    id: r.id,
    at: formatGateIso(r.at),
    actor: r.actor,
    address: r.address,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  };
}

/** The audit log, newest first, filtered; `at` in gate-local time. */
export function queryAudit(db: Db, filter: AuditFilter): { total: number; rows: AuditRow[] } {
  const p = params(filter);
  return db.transaction(() => {
    const { total } = db.prepare(`SELECT count(*) AS total FROM audit ${WHERE}`).get(p) as { total: number };
    const rows = db
      .prepare(`SELECT * FROM audit ${WHERE} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...p, limit: filter.limit, offset: filter.offset }) as AuditDbRow[];
    return { total, rows: rows.map(toRow) };
  })();
}

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

export function auditRoutes(ctx: Context): Router {
  const router = Router();
  const supervisor = requireRole("supervisor");

  router.get("/audit", supervisor, (req, res) => {
    const filter = toFilter(parseOr400(jsonQuery, req.query, "query"));
    const { total, rows } = queryAudit(ctx.db, filter);
    res.set("Cache-Control", "no-store");
    res.json({ total, limit: filter.limit, offset: filter.offset, rows });
  });

  router.get("/audit.csv", supervisor, (req, res) => {
    const filter = toFilter(parseOr400(csvQuery, req.query, "query"));
    const { rows } = queryAudit(ctx.db, filter);
    const stamp = formatGateIso(Date.now()).slice(0, 16).replace(/[-:]/g, "").replace("T", "-");
    res.set({
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${ctx.settings.site.id}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    });
    res.send(auditCsv(rows));
  });

  return router;
}
