/**
 * A gate's side of central programs (migration 5): which version of each program it holds
 * (central_held), what happened to each bundle it saw (central_sync_log, a bounded window), the import
 * counter other processes watch (a meta row), and what an import writes beside the publication (its
 * media rows, its holiday overrides). The import's one transaction is the caller's (program-import.ts).
 */
import { MAX_SYNC_LOG_ROWS } from "../central/limits.js";
import type { HeldProgram, SyncLogRow } from "../contract/central.js";
import type { HolidayOverride } from "../domain/types.js";
import { recordAudit, SYSTEM } from "./audit-repo.js";
import { type Db, inTransaction } from "./database.js";

/** A meta row bumped by every import: a running controller notices imports made by the CLI. */
const IMPORT_SEQ_KEY = "central.importSeq";

// The sync screen shows both as stored: the contract defines them, this repository fills them.
export type { HeldProgram, SyncLogRow } from "../contract/central.js";

interface HeldRow {
  program_id: string;
  version: number;
  key_id: string;
  created_at: string;
  valid_until: string;
  manifest_sha256: string;
  entities: string;
  imported_at: string;
  source: string;
  name: string | null;
}

function heldFromRow(r: HeldRow): HeldProgram {
  return {
    programId: r.program_id,
    version: r.version,
    keyId: r.key_id,
    createdAt: r.created_at,
    validUntil: r.valid_until,
    manifestSha256: r.manifest_sha256,
    entities: JSON.parse(r.entities),
    importedAt: r.imported_at,
    source: r.source,
    name: r.name,
  };
}

export function listHeld(db: Db): HeldProgram[] {
  return (db.prepare("SELECT * FROM central_held ORDER BY program_id").all() as HeldRow[]).map(heldFromRow);
}

export function getHeld(db: Db, programId: string): HeldProgram | undefined {
  const row = db.prepare("SELECT * FROM central_held WHERE program_id = ?").get(programId) as
    | HeldRow
    | undefined;
  return row && heldFromRow(row);
}

export function heldVersion(db: Db, programId: string): number | undefined {
  return getHeld(db, programId)?.version;
}

/** Records the version now held of a program (replacing the one held before). */
export function putHeld(db: Db, held: HeldProgram): void {
  db.prepare(
    `INSERT INTO central_held (program_id, version, key_id, created_at, valid_until, manifest_sha256, entities,
                               imported_at, source, name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (program_id) DO UPDATE SET version = excluded.version, key_id = excluded.key_id,
       created_at = excluded.created_at, valid_until = excluded.valid_until,
       manifest_sha256 = excluded.manifest_sha256, entities = excluded.entities,
       imported_at = excluded.imported_at, source = excluded.source, name = excluded.name`,
  ).run(
    held.programId,
    held.version,
    held.keyId,
    held.createdAt,
    held.validUntil,
    held.manifestSha256,
    JSON.stringify(held.entities),
    held.importedAt,
    held.source,
    held.name,
  );
}

export function importSeq(db: Db): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(IMPORT_SEQ_KEY) as
    | { value: string }
    | undefined;
  return row?.value;
}

export function setImportSeq(db: Db, value: string): void {
  db.prepare(
    `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(IMPORT_SEQ_KEY, value);
}

/** A media file a bundle brought, unless the gate has it already. */
export function addImportedMedia(
  db: Db,
  media: { sha256: string; mime: string; size: number; originalName: string; createdAt: string },
): void {
  db.prepare(
    `INSERT INTO media (sha256, mime, size, original_name, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (sha256) DO NOTHING`,
  ).run(media.sha256, media.mime, media.size, media.originalName, media.createdAt);
}

/** Puts a program's holiday overrides in place of the ones its earlier version brought. */
export function replaceHolidayOverrides(db: Db, origin: string, overrides: readonly HolidayOverride[]): void {
  db.prepare("DELETE FROM holiday_overrides WHERE origin = ?").run(origin);
  for (const o of overrides) {
    db.prepare(
      `INSERT INTO holiday_overrides (holiday_id, year, date, end_date, origin) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (holiday_id, year) DO UPDATE SET date = excluded.date, end_date = excluded.end_date,
         origin = excluded.origin`,
    ).run(o.holidayId, o.year, o.date, o.endDate ?? null, origin);
  }
}

// -------------------------------------------------------------------------------------------- sync log

export function recentSyncLog(db: Db, limit = 20): SyncLogRow[] {
  const rows = db
    .prepare("SELECT * FROM central_sync_log ORDER BY coalesce(last_at, at) DESC, id DESC LIMIT ?")
    .all(limit) as {
    id: number;
    at: string;
    source: string;
    program_id: string | null;
    version: number | null;
    outcome: SyncLogRow["outcome"];
    code: string | null;
    reason: string | null;
    count: number;
    last_at: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    source: r.source,
    programId: r.program_id,
    version: r.version,
    outcome: r.outcome,
    code: r.code,
    reason: r.reason,
    count: r.count,
    lastAt: r.last_at ?? r.at,
  }));
}

/** A new row of the sync log; the oldest rows past the window's size go. */
export function logSync(
  db: Db,
  source: string,
  programId: string | null,
  version: number | null,
  outcome: SyncLogRow["outcome"],
  code: string | null,
  reason: string | null,
): void {
  db.prepare(
    `INSERT INTO central_sync_log (at, source, program_id, version, outcome, code, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(new Date().toISOString(), source, programId, version, outcome, code, reason);
  // The log is a window on what happened lately, not an archive (the audit keeps the first of each).
  db.prepare("DELETE FROM central_sync_log WHERE id <= (SELECT max(id) FROM central_sync_log) - ?").run(
    MAX_SYNC_LOG_ROWS,
  );
}

/**
 * Counts a refusal seen again on its latest row (same source, program and version as claimed, and
 * code), with the time and the latest reason. False when there is no such row.
 */
export function bumpRefusal(
  db: Db,
  source: string,
  bundle: { programId: string; version: number } | undefined,
  code: string,
  reason: string,
  now: string,
): boolean {
  const bumped = db
    .prepare(
      `UPDATE central_sync_log SET count = count + 1, last_at = ?, reason = ?
       WHERE id = (SELECT id FROM central_sync_log
                   WHERE outcome = 'refused' AND code = ? AND source = ?
                     AND program_id IS ? AND version IS ?
                   ORDER BY id DESC LIMIT 1)`,
    )
    .run(now, reason, code, source, bundle?.programId ?? null, bundle?.version ?? null);
  return bumped.changes > 0;
}

// ------------------------------------------------------------------------------------- media budget

/**
 * Media files nothing uses, oldest first: no item (its file, its subtitles, its video's poster), no
 * draft and no publication awaiting approval names them. The caller leaves out the files of held
 * programs' manifests as well (they are on disk, not in these tables).
 */
export function unusedMedia(db: Db): { sha256: string; size: number; createdAt: string }[] {
  return db
    .prepare(
      `SELECT m.sha256, m.size, m.created_at AS createdAt FROM media m
       WHERE NOT EXISTS (SELECT 1 FROM items i
                         WHERE i.media_sha256 = m.sha256 OR instr(i.subtitles, m.sha256) > 0)
         AND NOT EXISTS (SELECT 1 FROM media v JOIN items i ON i.media_sha256 = v.sha256
                         WHERE v.poster_sha256 = m.sha256)
         AND NOT EXISTS (SELECT 1 FROM draft_changes d WHERE instr(coalesce(d.after, ''), m.sha256) > 0)
         AND NOT EXISTS (SELECT 1 FROM publications p
                         WHERE p.status = 'pending' AND instr(p.changes, m.sha256) > 0)
       ORDER BY m.created_at, m.sha256`,
    )
    .all() as { sha256: string; size: number; createdAt: string }[];
}

/** Forgets media rows evicted for a download, with one audit row each, in one transaction. */
export function evictMediaRows(
  db: Db,
  evicted: readonly { sha256: string; size: number }[],
  why: string,
): void {
  inTransaction(db, () => {
    for (const m of evicted) {
      db.prepare("DELETE FROM media WHERE sha256 = ?").run(m.sha256);
      recordAudit(db, SYSTEM, "evict", "media", m.sha256, { size: m.size }, { reason: why });
    }
  });
}
