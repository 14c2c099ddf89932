/** The audit log as `GET /api/v1/audit` answers it (supervisor and admin). */

/** One recorded change, as sent: `before` and `after` are the entity's JSON, parsed. */
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

export interface AuditPage {
  total: number;
  limit: number;
  offset: number;
  rows: AuditRow[];
}
