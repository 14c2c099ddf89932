import type { AuditRow } from "../contract/audit.js";
import type { Db } from "./database.js";

/** Who made a change: a user name (or `system`, `central`) and, for HTTP, the client address. */
export interface Actor {
  name: string;
  address?: string;
}

export const SYSTEM: Actor = { name: "system" };

// A row as the audit API sends it; the console reads the same type from the contract.
export type { AuditRow } from "../contract/audit.js";

export function recordAudit(
  db: Db,
  actor: Actor,
  action: string,
  entity: string,
  entityId: string | null,
  before: unknown,
  after: unknown,
): void {
  db.prepare(
    `INSERT INTO audit (at, actor, address, action, entity, entity_id, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    new Date().toISOString(),
    actor.name,
    actor.address ?? null,
    action,
    entity,
    entityId,
    before === undefined ? null : JSON.stringify(before),
    after === undefined ? null : JSON.stringify(after),
  );
}

/** A row as stored: the row as sent, with `entity_id` and the JSON still text. */
interface AuditDbRow extends Omit<AuditRow, "entityId" | "before" | "after"> {
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

const toAuditRow = (r: AuditDbRow): AuditRow => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  address: r.address,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before === null ? null : JSON.parse(r.before),
  after: r.after === null ? null : JSON.parse(r.after),
});

export function listAudit(db: Db, options: { entity?: string; limit?: number } = {}): AuditRow[] {
  const rows = db
    .prepare(`SELECT * FROM audit WHERE (@entity IS NULL OR entity = @entity) ORDER BY id DESC LIMIT @limit`)
    .all({ entity: options.entity ?? null, limit: options.limit ?? 100 }) as AuditDbRow[];
  return rows.map(toAuditRow);
}

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

const WHERE = `WHERE (@entity IS NULL OR entity = @entity)
  AND (@entityId IS NULL OR entity_id = @entityId)
  AND (@actor IS NULL OR actor = @actor COLLATE NOCASE)
  AND (@from IS NULL OR at >= @from)
  AND (@to IS NULL OR at < @to)`;

function filterParams(filter: AuditFilter) {
  // `at` is stored as toISOString() (UTC, fixed width), so text comparison is time order.
  return {
    entity: filter.entity ?? null,
    entityId: filter.entityId ?? null,
    actor: filter.actor ?? null,
    from: filter.from === undefined ? null : new Date(filter.from).toISOString(),
    to: filter.to === undefined ? null : new Date(filter.to).toISOString(),
  };
}

/** The audit log, newest first, filtered, with the count of all matching rows; `at` as stored (UTC). */
export function queryAudit(db: Db, filter: AuditFilter): { total: number; rows: AuditRow[] } {
  const p = filterParams(filter);
  return db.transaction(() => {
    const { total } = db.prepare(`SELECT count(*) AS total FROM audit ${WHERE}`).get(p) as { total: number };
    const rows = db
      .prepare(`SELECT * FROM audit ${WHERE} ORDER BY id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...p, limit: filter.limit, offset: filter.offset }) as AuditDbRow[];
    return { total, rows: rows.map(toAuditRow) };
  })();
}
