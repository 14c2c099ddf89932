/**
 * What a backup and a restore ask of a database file (ops/backup.ts): whether a controller holds it,
 * and the facts of a copy. The copy itself is SQLite's online backup API, not SQL.
 */
import type { Db } from "./database.js";

/**
 * Takes and at once gives back an exclusive lock: throws SQLITE_BUSY while any other connection has
 * the (WAL) database open, since each holds a shared lock on it. Nothing is written.
 */
export function takeExclusiveLockOnce(db: Db): void {
  db.pragma("locking_mode = EXCLUSIVE");
  db.exec("BEGIN EXCLUSIVE");
  db.exec("COMMIT");
}

/** `PRAGMA integrity_check`'s first answer: "ok", or the first problem. */
export function integrityVerdict(db: Db): unknown {
  return db.pragma("integrity_check", { simple: true });
}

/** The migration the file is at (`user_version`). */
export function schemaVersionOf(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** A copy goes into an archive as one file: no -wal or -shm beside it. */
export function useRollbackJournal(db: Db): void {
  db.pragma("journal_mode = DELETE");
}

/** Every media hash the database lists, in order (none in a database from before media existed). */
export function listedMediaHashes(db: Db): string[] {
  const hasMedia = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'media'").get();
  if (!hasMedia) return [];
  return (db.prepare("SELECT sha256 FROM media ORDER BY sha256").all() as { sha256: string }[]).map(
    (r) => r.sha256,
  );
}
