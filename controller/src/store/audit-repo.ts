import type { Db } from "./database.js";

/** Who made a change: a user name (or `system`, `central`) and, for HTTP, the client address. */
export interface Actor {
  name: string;
  address?: string;
}

export const SYSTEM: Actor = { name: "system" };

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  address: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

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

export function listAudit(db: Db, options: { entity?: string; limit?: number } = {}): AuditRow[] {
  const rows = db
    .prepare(`SELECT * FROM audit WHERE (@entity IS NULL OR entity = @entity) ORDER BY id DESC LIMIT @limit`)
    .all({ entity: options.entity ?? null, limit: options.limit ?? 100 }) as AuditDbRow[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    address: r.address,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : JSON.parse(r.before),
    after: r.after === null ? null : JSON.parse(r.after),
  }));
}
