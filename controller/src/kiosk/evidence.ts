/**
 * The store's side of the plausibility rules (plausible.ts): when each item was in the gate's
 * published content and for how long it showed, each emergency notice's lifetime, and a kiosk's
 * stored records near an instant.
 *
 * "In the content then" is the best the store can prove: `published_versions` keeps every published
 * content state with its instant, so an item's spans are exact for published content; content written
 * without a publication (the pack at first start, tests) counts as live from the beginning. Whether
 * the schedule then put the item on that kiosk's group at that minute is not checked: that would
 * mean resolving every version's schedules at every play's instant.
 */
import type { Db } from "../store/database.js";
import {
  type Evidence,
  type ItemSpan,
  type NoticeSpan,
  PLAUSIBILITY,
  type StoredInterval,
} from "./plausible.js";

/** The longest an item shows (durationS is at most 3600) plus the slack: the lookback for overlaps. */
const MAX_ITEM_PLAY_MS = 3_600_000 + PLAUSIBILITY.playSlackMs;
/**
 * Rows read per lookup, the newest first: records of one kiosk barely overlap, so the ones that can
 * overlap an instant are the last few that started before it.
 */
const NEAR_LIMIT = 500;

/** Items' spans in published content, built from `published_versions` once and then incrementally. */
export class ItemHistory {
  readonly #spans = new Map<string, ItemSpan[]>();
  #version = 0;

  /** Takes in versions published since the last call; cheap when there are none. */
  refresh(db: Db): void {
    const newest =
      (db.prepare("SELECT max(version) FROM published_versions").pluck().get() as number | null) ?? 0;
    if (newest <= this.#version) return;
    const versions = db
      .prepare("SELECT version, created_at FROM published_versions WHERE version > ? ORDER BY version")
      .all(this.#version) as { version: number; created_at: string }[];
    const itemsOf = db.prepare(
      `SELECT json_extract(j.value, '$.id') AS id, json_extract(j.value, '$.durationS') AS durationS
       FROM published_versions v, json_each(v.content, '$.items') j WHERE v.version = ?`,
    );
    for (const v of versions) {
      const at = Date.parse(v.created_at);
      const now = new Map<string, number>();
      for (const row of itemsOf.all(v.version) as { id: unknown; durationS: unknown }[]) {
        if (typeof row.id === "string") now.set(row.id, (Number(row.durationS) || 10) * 1000);
      }
      for (const [id, spans] of this.#spans) {
        const open = spans.at(-1);
        if (open && open.to === Number.POSITIVE_INFINITY && now.get(id) !== open.durationMs) open.to = at;
      }
      for (const [id, durationMs] of now) {
        const spans = this.#spans.get(id) ?? [];
        const open = spans.at(-1);
        if (!open || open.to !== Number.POSITIVE_INFINITY) {
          spans.push({ from: at, to: Number.POSITIVE_INFINITY, durationMs });
        }
        this.#spans.set(id, spans);
      }
      this.#version = v.version;
    }
  }

  /** The published spans and the live row (which may have been written without a publication). */
  spans(db: Db, itemId: string): ItemSpan[] | undefined {
    const published = this.#spans.get(itemId) ?? [];
    const live = db.prepare("SELECT duration_s FROM items WHERE id = ?").pluck().get(itemId) as
      | number
      | undefined;
    if (live === undefined) return published.length > 0 ? published : undefined;
    const first = published[0]?.from ?? Number.NEGATIVE_INFINITY;
    return [...published, { from: first, to: Number.POSITIVE_INFINITY, durationMs: live * 1000 }];
  }
}

function ms(iso: string): number {
  return Date.parse(iso);
}

function iso(msValue: number): string {
  return new Date(Math.max(0, Math.min(msValue, 8.64e15))).toISOString();
}

/** The evidence for one kiosk's batch, read from the store as the rules ask. */
export function storeEvidence(
  db: Db,
  history: ItemHistory,
  deviceId: string,
  options: { now: number; retentionMs: number },
): Evidence {
  history.refresh(db);
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
  const interval = (r: PlayRow): StoredInterval => ({
    startedAt: ms(r.started_at),
    endMs: ms(r.started_at) + r.duration_ms,
    key: r.item_id,
  });
  return {
    now: options.now,
    retentionMs: options.retentionMs,
    itemSpans: (itemId) => history.spans(db, itemId),
    notice: (id): NoticeSpan | undefined => {
      const row = notice.get(id) as
        | { starts_at: string; expires_at: string; cleared_at: string | null }
        | undefined;
      if (!row) return undefined;
      const expires = ms(row.expires_at);
      const cleared = row.cleared_at ? ms(row.cleared_at) : Number.POSITIVE_INFINITY;
      return { startsAt: ms(row.starts_at), endsAt: Math.min(expires, cleared) };
    },
    storedPlays: (startMs, endMs) => {
      const from = startMs - MAX_ITEM_PLAY_MS;
      const rows = (plays.all(deviceId, iso(from), iso(endMs)) as PlayRow[]).map(interval);
      const alert = alertBefore.get(deviceId, iso(from)) as PlayRow | undefined;
      if (alert) rows.push(interval(alert));
      return rows.filter((r) => r.endMs > startMs - PLAUSIBILITY.minPlaySpacingMs);
    },
    storedSessions: (startMs, endMs) =>
      (
        sessions.all(deviceId, iso(startMs - PLAUSIBILITY.maxSessionMs), iso(endMs)) as {
          started_at: string;
          ended_at: string;
        }[]
      )
        .map((r) => ({ startedAt: ms(r.started_at), endMs: ms(r.ended_at), key: "" }))
        .filter((r) => r.endMs > startMs),
  };
}
