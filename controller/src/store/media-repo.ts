/**
 * The media table: one row per content-addressed file under DATA_DIR/media (the files themselves are
 * media/media-store.ts's). The only place its SQL lives.
 */
import type { MediaProbe } from "../contract/media.js";
import type { MediaType } from "../media/sniff.js";
import { type Actor, recordAudit } from "./audit-repo.js";
import type { Db } from "./database.js";

export interface MediaRecord {
  sha256: string;
  mime: MediaType;
  size: number;
  originalName: string | null;
  createdAt: string;
  /** What ffprobe found (video-policy.ts); absent for subtitles and files never probed. */
  probe?: MediaProbe;
  posterSha256?: string;
}

interface MediaRow {
  sha256: string;
  mime: MediaType;
  size: number;
  original_name: string | null;
  created_at: string;
  probe: string | null;
  poster_sha256: string | null;
}

function toRecord(row: MediaRow): MediaRecord {
  const record: MediaRecord = {
    sha256: row.sha256,
    mime: row.mime,
    size: row.size,
    originalName: row.original_name,
    createdAt: row.created_at,
  };
  if (row.probe) record.probe = JSON.parse(row.probe) as MediaProbe;
  if (row.poster_sha256) record.posterSha256 = row.poster_sha256;
  return record;
}

export function getMedia(db: Db, sha256: string): MediaRecord | undefined {
  const row = db.prepare("SELECT * FROM media WHERE sha256 = ?").get(sha256) as MediaRow | undefined;
  return row && toRecord(row);
}

/** Newest first. */
export function listMedia(db: Db): MediaRecord[] {
  return (db.prepare("SELECT * FROM media ORDER BY created_at DESC").all() as MediaRow[]).map(toRecord);
}

/** Bytes of every media file together (the media budget, a backup's size estimate). */
export function mediaBytes(db: Db): number {
  return (db.prepare("SELECT coalesce(sum(size), 0) FROM media").pluck().get() as number) ?? 0;
}

/** Records a file just moved into place, and its upload in the audit log, together. */
export function insertMedia(db: Db, actor: Actor, record: MediaRecord): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO media (sha256, mime, size, original_name, created_at, probe, poster_sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sha256) DO NOTHING`,
    ).run(
      record.sha256,
      record.mime,
      record.size,
      record.originalName,
      record.createdAt,
      record.probe ? JSON.stringify(record.probe) : null,
      record.posterSha256 ?? null,
    );
    recordAudit(db, actor, "upload", "media", record.sha256, null, {
      mime: record.mime,
      size: record.size,
      originalName: record.originalName,
      ...(record.probe ? { probe: record.probe } : {}),
    });
  })();
}

/** Records what a probe found for a file stored before it was probed (or imported unprobed). */
export function updateMediaProbe(
  db: Db,
  sha256: string,
  probe: MediaProbe,
  posterSha256: string | null,
): void {
  db.prepare("UPDATE media SET probe = ?, poster_sha256 = coalesce(?, poster_sha256) WHERE sha256 = ?").run(
    JSON.stringify(probe),
    posterSha256,
    sha256,
  );
}
