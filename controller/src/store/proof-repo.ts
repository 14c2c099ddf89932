/**
 * What kiosks report, stored (proof_of_play, kiosk_sessions), and what the plausibility rules read
 * back: a kiosk's records near an instant, items' durations in each published content version and
 * live, an emergency notice's lifetime. Storing is idempotent on each record's natural key.
 */
import { type Db, insertNew, inTransaction } from "./database.js";

/** A batch to store, its instants already in canonical form (they are keys). */
export interface ProofRecords {
  plays: readonly {
    itemId: string;
    scheduleId: string | null;
    startedAt: string;
    durationMs: number;
    language?: string | undefined;
  }[];
  sessions: readonly { startedAt: string; endedAt: string; language: string; pages: readonly string[] }[];
  skips?: readonly {
    itemId: string;
    scheduleId: string | null;
    at: string;
    reason: string;
    detail?: string | undefined;
    language?: string | undefined;
  }[];
}

/**
 * Stores a kiosk's batch in one transaction, rows already held ignored; returns the new rows. Each
 * play keeps its origin as it is now (`emergency` for an alert, else the item's), not at report
 * time: a central program's items are replaced by its next version.
 */
export function insertProof(
  db: Db,
  who: { kioskId: string; channel: string },
  records: ProofRecords,
  receivedAt: string,
): number {
  const originOf = db.prepare("SELECT origin FROM items WHERE id = ?").pluck();
  const where = { device_id: who.kioskId, channel_id: who.channel, received_at: receivedAt };
  const plays = insertNew(db, "proof_of_play", (p: ProofRecords["plays"][number]) => ({
    ...where,
    item_id: p.itemId,
    schedule_id: p.scheduleId,
    started_at: p.startedAt,
    duration_ms: p.durationMs,
    language: p.language ?? null,
    origin: p.itemId.startsWith("emergency:")
      ? "emergency"
      : ((originOf.get(p.itemId) as string | undefined) ?? null),
  }));
  const sessions = insertNew(db, "kiosk_sessions", (s: ProofRecords["sessions"][number]) => ({
    ...where,
    started_at: s.startedAt,
    ended_at: s.endedAt,
    language: s.language,
    pages: JSON.stringify(s.pages),
  }));
  const skips = insertNew(db, "play_skips", (s: NonNullable<ProofRecords["skips"]>[number]) => ({
    ...where,
    item_id: s.itemId,
    schedule_id: s.scheduleId,
    at: s.at,
    reason: s.reason,
    detail: s.detail ?? null,
    language: s.language ?? null,
  }));
  return inTransaction(
    db,
    () => plays(records.plays) + sessions(records.sessions) + skips(records.skips ?? []),
  );
}

// ------------------------------------------------------------------- what the plausibility rules read

/** The newest published content version (0 before the first). */
export function newestPublishedVersion(db: Db): number {
  return (db.prepare("SELECT max(version) FROM published_versions").pluck().get() as number | null) ?? 0;
}

/** Published versions after `version`, oldest first, each with its items' ids and durations (ms). */
export function publishedItemsAfter(
  db: Db,
  version: number,
): { version: number; createdAt: string; items: Map<string, number> }[] {
  const versions = db
    .prepare("SELECT version, created_at FROM published_versions WHERE version > ? ORDER BY version")
    .all(version) as { version: number; created_at: string }[];
  const itemsOf = db.prepare(
    `SELECT json_extract(j.value, '$.id') AS id, json_extract(j.value, '$.durationS') AS durationS
     FROM published_versions v, json_each(v.content, '$.items') j WHERE v.version = ?`,
  );
  return versions.map((v) => {
    const items = new Map<string, number>();
    for (const row of itemsOf.all(v.version) as { id: unknown; durationS: unknown }[]) {
      if (typeof row.id === "string") items.set(row.id, (Number(row.durationS) || 10) * 1000);
    }
    return { version: v.version, createdAt: v.created_at, items };
  });
}

/** A live item's time on screen in seconds, or undefined when there is no such item. */
export function liveItemDurationS(db: Db, itemId: string): number | undefined {
  return db.prepare("SELECT duration_s FROM items WHERE id = ?").pluck().get(itemId) as number | undefined;
}

export interface StoredPlayRow {
  startedAt: string;
  durationMs: number;
  itemId: string;
}

/** Rows read per lookup, the newest first (the ones that can overlap an instant are the last few). */
const NEAR_LIMIT = 500;

/** One kiosk's stored records near an instant, and notices' lifetimes; statements prepared once. */
export function kioskRecordReader(db: Db, deviceId: string) {
  const notice = db.prepare("SELECT starts_at, expires_at, cleared_at FROM emergencies WHERE id = ?");
  const plays = db.prepare(
    `SELECT started_at, duration_ms, item_id FROM proof_of_play
     WHERE device_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC LIMIT ${NEAR_LIMIT}`,
  );
  // An alert can show for longer than the lookback: the one before it may still be on screen.
  const alertBefore = db.prepare(
    `SELECT started_at, duration_ms, item_id FROM proof_of_play
     WHERE device_id = ? AND origin = 'emergency' AND started_at < ? ORDER BY started_at DESC LIMIT 1`,
  );
  const sessions = db.prepare(
    `SELECT started_at, ended_at FROM kiosk_sessions
     WHERE device_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at DESC LIMIT ${NEAR_LIMIT}`,
  );
  type PlayRow = { started_at: string; duration_ms: number; item_id: string };
  const play = (r: PlayRow): StoredPlayRow => ({
    startedAt: r.started_at,
    durationMs: r.duration_ms,
    itemId: r.item_id,
  });
  return {
    /** An emergency notice's instants, or undefined for an unknown notice. */
    notice(id: string): { startsAt: string; expiresAt: string; clearedAt: string | null } | undefined {
      const row = notice.get(id) as
        | { starts_at: string; expires_at: string; cleared_at: string | null }
        | undefined;
      return row && { startsAt: row.starts_at, expiresAt: row.expires_at, clearedAt: row.cleared_at };
    },
    /** Plays that started in [from, to), newest first. */
    playsBetween: (from: string, to: string): StoredPlayRow[] =>
      (plays.all(deviceId, from, to) as PlayRow[]).map(play),
    /** The last alert play that started before `before`. */
    alertBefore(before: string): StoredPlayRow | undefined {
      const row = alertBefore.get(deviceId, before) as PlayRow | undefined;
      return row && play(row);
    },
    /** Sessions that started in [from, to), newest first. */
    sessionsBetween: (from: string, to: string): { startedAt: string; endedAt: string }[] =>
      (sessions.all(deviceId, from, to) as { started_at: string; ended_at: string }[]).map((r) => ({
        startedAt: r.started_at,
        endedAt: r.ended_at,
      })),
  };
}
