/**
 * The SQL of the nightly pruning (ops/pruning.ts decides what goes; this deletes it). Table and
 * column names come from the pruner's fixed list, never from a request: they are quoted, not bound,
 * because SQLite binds values only.
 */
import type { Db } from "./database.js";

export function tableExists(db: Db, table: string): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table));
}

/** The last row id the central office acknowledged for a table (a `meta` row), 0 before the first. */
export function uploadCursor(db: Db, key: string): number {
  return Number(db.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(key) ?? 0);
}

/**
 * Deletion by age over rowid ranges (each a primary-key range: milliseconds, whatever the table's size
 * or indexes). The statements are prepared once for the whole pass.
 */
export interface AgedRows {
  /** The lowest and highest rowid, or null for an empty table. */
  bounds(): { lo: number; hi: number } | null;
  /** Deletes rows in [lo, hi) up to rowid `limit` aged before `cutoff`; how many went. */
  deleteRange(lo: number, hi: number, limit: number, cutoff: string): number;
  /** Rows in [lo, hi) above rowid `limit` aged before `cutoff` (kept: not uploaded yet). */
  countKept(lo: number, hi: number, limit: number, cutoff: string): number;
}

export function agedRows(db: Db, table: string, time: string): AgedRows {
  const del = db.prepare(
    `DELETE FROM "${table}" WHERE rowid >= ? AND rowid < ? AND rowid <= ? AND "${time}" < ?`,
  );
  const count = db
    .prepare(`SELECT count(*) FROM "${table}" WHERE rowid >= ? AND rowid < ? AND rowid > ? AND "${time}" < ?`)
    .pluck();
  return {
    bounds: () => {
      const b = db.prepare(`SELECT min(rowid) AS lo, max(rowid) AS hi FROM "${table}"`).get() as {
        lo: number | null;
        hi: number | null;
      };
      return b.lo === null || b.hi === null ? null : { lo: b.lo, hi: b.hi };
    },
    deleteRange: (lo, hi, limit, cutoff) => del.run(lo, hi, limit, cutoff).changes,
    countKept: (lo, hi, limit, cutoff) => count.get(lo, hi, limit, cutoff) as number,
  };
}

/** Deletes up to `n` of the oldest rows (lowest rowid: first received); how many went. */
export function oldestRowsDeleter(db: Db, table: string): (n: number) => number {
  const chunk = db.prepare(
    `DELETE FROM "${table}" WHERE rowid IN (SELECT rowid FROM "${table}" ORDER BY rowid LIMIT ?)`,
  );
  return (n) => chunk.run(n).changes;
}

/** The version of each program a gate holds (the bundle cache keeps those). */
export function heldProgramVersions(db: Db): Map<string, number> {
  const rows = db.prepare("SELECT program_id, version FROM central_held").all() as {
    program_id: string;
    version: number;
  }[];
  return new Map(rows.map((r) => [r.program_id, r.version]));
}
