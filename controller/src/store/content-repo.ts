/**
 * Reading and writing what screens show. Every write goes through `auditedWrite`: one transaction
 * holding the change and its audit row, so the log can never disagree with the content.
 */
import type {
  ContentItem,
  EmergencyNotice,
  HolidayOverride,
  ItemFacts,
  Lang,
  Playlist,
  Schedule,
  Snapshot,
} from "../domain/types.js";
import { type Actor, recordAudit } from "./audit-repo.js";
import type { Db } from "./database.js";

interface ItemRow {
  id: string;
  kind: ContentItem["kind"];
  title: string;
  body: string;
  led_text: string;
  media_sha256: string | null;
  subtitles: string | null;
  duration_s: number;
  valid_from: string | null;
  valid_until: string | null;
  categories: string;
  /** JSON ItemFacts, or null (migration 14). */
  facts: string | null;
}

function itemFromRow(r: ItemRow): ContentItem {
  const item: ContentItem = {
    id: r.id,
    kind: r.kind,
    title: JSON.parse(r.title),
    body: JSON.parse(r.body),
    ledText: JSON.parse(r.led_text),
    durationS: r.duration_s,
    categories: JSON.parse(r.categories),
  };
  if (r.media_sha256) item.mediaSha256 = r.media_sha256;
  const subtitles = r.subtitles ? (JSON.parse(r.subtitles) as ContentItem["subtitles"]) : undefined;
  if (subtitles && Object.keys(subtitles).length > 0) item.subtitles = subtitles;
  if (r.valid_from) item.validFrom = r.valid_from;
  if (r.valid_until) item.validUntil = r.valid_until;
  if (r.facts) item.facts = JSON.parse(r.facts) as ItemFacts;
  return item;
}

export function listItems(db: Db): ContentItem[] {
  return (db.prepare("SELECT * FROM items ORDER BY id").all() as ItemRow[]).map(itemFromRow);
}

/** Items whose facts were due for review before `today` (gate-local YYYY-MM-DD), oldest due first. */
export function itemsPastReview(db: Db, today: string): ContentItem[] {
  return (
    db
      .prepare("SELECT * FROM items WHERE review_by IS NOT NULL AND review_by < ? ORDER BY review_by, id")
      .all(today) as ItemRow[]
  ).map(itemFromRow);
}

export function getItem(db: Db, id: string): ContentItem | undefined {
  const row = db.prepare("SELECT * FROM items WHERE id = ?").get(id) as ItemRow | undefined;
  return row && itemFromRow(row);
}

function upsertItem(db: Db, item: ContentItem, origin: string): void {
  db.prepare(
    `INSERT INTO items (id, kind, title, body, led_text, media_sha256, subtitles, duration_s, valid_from,
                        valid_until, categories, facts, review_by, origin, updated_at)
     VALUES (@id, @kind, @title, @body, @ledText, @media, @subtitles, @durationS, @validFrom, @validUntil,
             @categories, @facts, @reviewBy, @origin, @now)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, body = excluded.body,
       led_text = excluded.led_text, media_sha256 = excluded.media_sha256, subtitles = excluded.subtitles,
       duration_s = excluded.duration_s,
       valid_from = excluded.valid_from, valid_until = excluded.valid_until, categories = excluded.categories,
       facts = excluded.facts, review_by = excluded.review_by, origin = excluded.origin, updated_at = excluded.updated_at`,
  ).run({
    id: item.id,
    kind: item.kind,
    title: JSON.stringify(item.title),
    body: JSON.stringify(item.body),
    ledText: JSON.stringify(item.ledText),
    media: item.mediaSha256 ?? null,
    subtitles: JSON.stringify(item.subtitles ?? {}),
    durationS: item.durationS,
    validFrom: item.validFrom ?? null,
    validUntil: item.validUntil ?? null,
    categories: JSON.stringify(item.categories),
    facts: item.facts ? JSON.stringify(item.facts) : null,
    reviewBy: item.facts?.reviewBy ?? null,
    origin,
    now: new Date().toISOString(),
  });
}

interface PlaylistRow {
  id: string;
  name: string;
  item_ids: string;
}

export function listPlaylists(db: Db): Playlist[] {
  return (db.prepare("SELECT * FROM playlists ORDER BY id").all() as PlaylistRow[]).map((r) => ({
    id: r.id,
    name: r.name,
    itemIds: JSON.parse(r.item_ids),
  }));
}

export function getPlaylist(db: Db, id: string): Playlist | undefined {
  const r = db.prepare("SELECT * FROM playlists WHERE id = ?").get(id) as PlaylistRow | undefined;
  return r && { id: r.id, name: r.name, itemIds: JSON.parse(r.item_ids) };
}

function upsertPlaylist(db: Db, playlist: Playlist, origin: string): void {
  db.prepare(
    `INSERT INTO playlists (id, name, item_ids, origin, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, item_ids = excluded.item_ids,
       origin = excluded.origin, updated_at = excluded.updated_at`,
  ).run(playlist.id, playlist.name, JSON.stringify(playlist.itemIds), origin, new Date().toISOString());
}

export function listSchedules(db: Db): Schedule[] {
  return (db.prepare("SELECT doc FROM schedules ORDER BY id").all() as { doc: string }[]).map((r) =>
    JSON.parse(r.doc),
  );
}

export function getSchedule(db: Db, id: string): Schedule | undefined {
  const r = db.prepare("SELECT doc FROM schedules WHERE id = ?").get(id) as { doc: string } | undefined;
  return r && JSON.parse(r.doc);
}

function upsertSchedule(db: Db, schedule: Schedule, origin: string): void {
  db.prepare(
    `INSERT INTO schedules (id, kind, priority, enabled, doc, origin, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, priority = excluded.priority,
       enabled = excluded.enabled, doc = excluded.doc, origin = excluded.origin, updated_at = excluded.updated_at`,
  ).run(
    schedule.id,
    schedule.kind,
    schedule.priority,
    schedule.enabled ? 1 : 0,
    JSON.stringify(schedule),
    origin,
    new Date().toISOString(),
  );
}

export function listEmergencies(db: Db): EmergencyNotice[] {
  return (db.prepare("SELECT doc FROM emergencies ORDER BY starts_at").all() as { doc: string }[]).map((r) =>
    JSON.parse(r.doc),
  );
}

function upsertEmergency(db: Db, notice: EmergencyNotice, createdBy: string): void {
  db.prepare(
    `INSERT INTO emergencies (id, doc, starts_at, expires_at, cleared_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, starts_at = excluded.starts_at,
       expires_at = excluded.expires_at, cleared_at = excluded.cleared_at`,
  ).run(
    notice.id,
    JSON.stringify(notice),
    notice.startsAt,
    notice.expiresAt,
    notice.clearedAt ?? null,
    createdBy,
  );
}

export function listHolidayOverrides(db: Db): HolidayOverride[] {
  const rows = db.prepare("SELECT * FROM holiday_overrides ORDER BY year, holiday_id").all() as {
    holiday_id: string;
    year: number;
    date: string;
    end_date: string | null;
  }[];
  return rows.map((r) => ({
    holidayId: r.holiday_id,
    year: r.year,
    date: r.date,
    ...(r.end_date ? { endDate: r.end_date } : {}),
  }));
}

/** The entities an audited write can touch, with how to read and write each. */
const ENTITIES = {
  item: { get: getItem, put: upsertItem },
  playlist: { get: getPlaylist, put: upsertPlaylist },
  schedule: { get: getSchedule, put: upsertSchedule },
  emergency: {
    get: (db: Db, id: string) => listEmergencies(db).find((e) => e.id === id),
    put: upsertEmergency,
  },
} as const;

/** What each entity kind `saveEntity` writes holds. */
export type EntityValue = {
  item: ContentItem;
  playlist: Playlist;
  schedule: Schedule;
  emergency: EmergencyNotice;
};

/** Creates or replaces one entity and records before/after in the audit log, atomically. */
export function saveEntity<K extends keyof EntityValue>(
  db: Db,
  actor: Actor,
  entity: K,
  value: EntityValue[K],
  origin = "operator",
): void {
  const { get, put } = ENTITIES[entity] as unknown as {
    get: (db: Db, id: string) => EntityValue[K] | undefined;
    put: (db: Db, value: EntityValue[K], origin: string) => void;
  };
  db.transaction(() => {
    const before = get(db, value.id);
    put(db, value, entity === "emergency" ? actor.name : origin);
    recordAudit(db, actor, before ? "update" : "create", entity, value.id, before ?? null, value);
  })();
}

const TABLES = { item: "items", playlist: "playlists", schedule: "schedules" } as const;

/** Deletes one item, playlist or schedule; the caller audits it, inside its transaction. */
export function deleteContentRow(db: Db, entity: keyof typeof TABLES, id: string): boolean {
  return db.prepare(`DELETE FROM ${TABLES[entity]} WHERE id = ?`).run(id).changes > 0;
}

/** Whether an uploaded media file has this hash: an item may only name media the gate holds. */
export function mediaExists(db: Db, sha256: string): boolean {
  return db.prepare("SELECT 1 FROM media WHERE sha256 = ?").get(sha256) !== undefined;
}

/** When the content pack was imported (ISO instant), or undefined if it never was. */
export function packImportedAt(db: Db, packId: string): string | undefined {
  const row = db.prepare("SELECT imported_at FROM content_packs WHERE pack_id = ?").get(packId) as
    | { imported_at: string }
    | undefined;
  return row?.imported_at;
}

/** Records a pack's import, inside the importer's transaction. */
export function recordPackImport(db: Db, pack: { id: string; packVersion: number; digest: string }): void {
  db.prepare(
    "INSERT INTO content_packs (pack_id, pack_version, digest, imported_at) VALUES (?, ?, ?, ?)",
  ).run(pack.id, pack.packVersion, pack.digest, new Date().toISOString());
}

/** Everything the resolver needs, read in one transaction so it is never half old, half new. */
export function readSnapshot(
  db: Db,
  gate: { id: string; languages: Lang[]; channels: Snapshot["channels"] },
): Snapshot {
  return db.transaction(() => ({
    gateId: gate.id,
    languages: gate.languages,
    channels: gate.channels,
    items: new Map(listItems(db).map((i) => [i.id, i])),
    playlists: new Map(listPlaylists(db).map((p) => [p.id, p])),
    schedules: listSchedules(db),
    emergencies: listEmergencies(db),
    holidayOverrides: listHolidayOverrides(db),
  }))();
}

/** Writes used by the pack importer and central bundles, inside a caller's transaction. */
export const rawWrites = { upsertItem, upsertPlaylist, upsertSchedule };
