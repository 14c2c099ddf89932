/**
 * The store's side of the plausibility rules (plausible.ts): when each item was in the gate's
 * published content and for how long it showed, each emergency notice's lifetime, and a kiosk's
 * stored records near an instant (read by store/proof-repo.ts).
 *
 * "In the content then" is the best the store can prove: `published_versions` keeps every published
 * content state with its instant, so an item's spans are exact for published content; content written
 * without a publication (the pack at first start, tests) counts as live from the beginning. Whether
 * the schedule then put the item on that kiosk's group at that minute is not checked: that would
 * mean resolving every version's schedules at every play's instant.
 */
import type { Db } from "../store/database.js";
import {
  kioskRecordReader,
  liveItemDurationS,
  newestPublishedVersion,
  publishedItemsAfter,
  type StoredPlayRow,
} from "../store/proof-repo.js";
import {
  type Evidence,
  type ItemSpan,
  type NoticeSpan,
  PLAUSIBILITY,
  type StoredInterval,
} from "./plausible.js";

/** The longest an item shows (durationS is at most 14 400: a film) plus the slack: the lookback for overlaps. */
const MAX_ITEM_PLAY_MS = 14_400_000 + PLAUSIBILITY.playSlackMs;

/** Items' spans in published content, built from `published_versions` once and then incrementally. */
export class ItemHistory {
  readonly #spans = new Map<string, ItemSpan[]>();
  #version = 0;

  /** Takes in versions published since the last call; cheap when there are none. */
  refresh(db: Db): void {
    if (newestPublishedVersion(db) <= this.#version) return;
    for (const v of publishedItemsAfter(db, this.#version)) {
      const at = Date.parse(v.createdAt);
      const now = v.items;
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
    const live = liveItemDurationS(db, itemId);
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
  const records = kioskRecordReader(db, deviceId);
  const interval = (r: StoredPlayRow): StoredInterval => ({
    startedAt: ms(r.startedAt),
    endMs: ms(r.startedAt) + r.durationMs,
    key: r.itemId,
  });
  return {
    now: options.now,
    retentionMs: options.retentionMs,
    itemSpans: (itemId) => history.spans(db, itemId),
    notice: (id): NoticeSpan | undefined => {
      const row = records.notice(id);
      if (!row) return undefined;
      const expires = ms(row.expiresAt);
      const cleared = row.clearedAt ? ms(row.clearedAt) : Number.POSITIVE_INFINITY;
      return { startsAt: ms(row.startsAt), endsAt: Math.min(expires, cleared) };
    },
    storedPlays: (startMs, endMs) => {
      const from = startMs - MAX_ITEM_PLAY_MS;
      const rows = records.playsBetween(iso(from), iso(endMs)).map(interval);
      const alert = records.alertBefore(iso(from));
      if (alert) rows.push(interval(alert));
      return rows.filter((r) => r.endMs > startMs - PLAUSIBILITY.minPlaySpacingMs);
    },
    storedSessions: (startMs, endMs) =>
      records
        .sessionsBetween(iso(startMs - PLAUSIBILITY.maxSessionMs), iso(endMs))
        .map((r) => ({ startedAt: ms(r.startedAt), endMs: ms(r.endedAt), key: "" }))
        .filter((r) => r.endMs > startMs),
  };
}
