/**
 * Uploads of proof of play, both ends. At a gate: the cursors (meta rows: the last row id the central
 * acknowledged, per table) and the rows after them. At the central office: the uploaded copies
 * (central_plays, central_sessions, central_sign_events, central_play_skips), idempotent on each row's
 * natural key, each gate's totals (central_uploads) and the screens it named (central_gate_screens).
 */
import { type Db, insertNew, inTransaction } from "./database.js";

const TABLES = ["plays", "sessions", "signEvents", "skips"] as const;
export type UploadTable = (typeof TABLES)[number];
export type UploadCursors = Record<UploadTable, number>;

const cursorKey = (table: UploadTable) => `central.upload.${table}`;

export function readUploadCursors(db: Db): UploadCursors {
  const get = db.prepare("SELECT value FROM meta WHERE key = ?").pluck();
  return Object.fromEntries(
    TABLES.map((t) => [t, Number((get.get(cursorKey(t)) as string | undefined) ?? 0)]),
  ) as UploadCursors;
}

export function saveUploadCursors(db: Db, cursors: UploadCursors): void {
  const put = db.prepare(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  db.transaction(() => {
    for (const t of TABLES) put.run(cursorKey(t), String(cursors[t]));
  })();
}

export interface PendingPlayRow {
  id: number;
  deviceId: string;
  channelId: string;
  itemId: string;
  scheduleId: string | null;
  origin: string | null;
  language: string | null;
  startedAt: string;
  durationMs: number;
}

export interface PendingSessionRow {
  id: number;
  deviceId: string;
  channelId: string;
  startedAt: string;
  endedAt: string;
  language: string;
  pages: unknown;
}

export interface PendingSignEventRow {
  id: number;
  signId: string;
  at: string;
  kind: string;
  detail: unknown;
}

export interface PendingSkipRow {
  id: number;
  deviceId: string;
  channelId: string;
  itemId: string;
  scheduleId: string | null;
  at: string;
  reason: string;
  detail: string | null;
  language: string | null;
}

/**
 * A gate's rows after the cursors, oldest first, at most `rows` per table, and only those from
 * `since` on (ISO; '' = all).
 */
export function pendingUploadRows(
  db: Db,
  cursors: UploadCursors,
  since: string,
  rows: number,
): {
  plays: PendingPlayRow[];
  sessions: PendingSessionRow[];
  signEvents: PendingSignEventRow[];
  skips: PendingSkipRow[];
} {
  const plays = db
    .prepare(
      `SELECT id, device_id, channel_id, item_id, schedule_id, origin, language, started_at, duration_ms
       FROM proof_of_play WHERE id > ? AND started_at >= ? ORDER BY id LIMIT ?`,
    )
    .all(cursors.plays, since, rows) as {
    id: number;
    device_id: string;
    channel_id: string;
    item_id: string;
    schedule_id: string | null;
    origin: string | null;
    language: string | null;
    started_at: string;
    duration_ms: number;
  }[];
  const sessions = db
    .prepare(
      `SELECT id, device_id, channel_id, started_at, ended_at, language, pages
       FROM kiosk_sessions WHERE id > ? AND started_at >= ? ORDER BY id LIMIT ?`,
    )
    .all(cursors.sessions, since, rows) as {
    id: number;
    device_id: string;
    channel_id: string;
    started_at: string;
    ended_at: string;
    language: string;
    pages: string;
  }[];
  const events = db
    .prepare(
      "SELECT id, sign_id, at, kind, detail FROM sign_events WHERE id > ? AND at >= ? ORDER BY id LIMIT ?",
    )
    .all(cursors.signEvents, since, rows) as {
    id: number;
    sign_id: string;
    at: string;
    kind: string;
    detail: string;
  }[];
  const skips = db
    .prepare(
      `SELECT id, device_id, channel_id, item_id, schedule_id, at, reason, detail, language
       FROM play_skips WHERE id > ? AND at >= ? ORDER BY id LIMIT ?`,
    )
    .all(cursors.skips, since, rows) as {
    id: number;
    device_id: string;
    channel_id: string;
    item_id: string;
    schedule_id: string | null;
    at: string;
    reason: string;
    detail: string | null;
    language: string | null;
  }[];
  return {
    plays: plays.map((p) => ({
      id: p.id,
      deviceId: p.device_id,
      channelId: p.channel_id,
      itemId: p.item_id,
      scheduleId: p.schedule_id,
      origin: p.origin,
      language: p.language,
      startedAt: p.started_at,
      durationMs: p.duration_ms,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      deviceId: s.device_id,
      channelId: s.channel_id,
      startedAt: s.started_at,
      endedAt: s.ended_at,
      language: s.language,
      pages: JSON.parse(s.pages) as unknown,
    })),
    signEvents: events.map((e) => ({
      id: e.id,
      signId: e.sign_id,
      at: e.at,
      kind: e.kind,
      detail: JSON.parse(e.detail) as unknown,
    })),
    skips: skips.map((k) => ({
      id: k.id,
      deviceId: k.device_id,
      channelId: k.channel_id,
      itemId: k.item_id,
      scheduleId: k.schedule_id,
      at: k.at,
      reason: k.reason,
      detail: k.detail,
      language: k.language,
    })),
  };
}

/**
 * An uploaded batch, its instants already in canonical form (they are keys): the rows a gate's
 * `pendingUploadRows` read, without the gate's row ids, their pages checked.
 */
export interface UploadRows {
  plays: readonly Omit<PendingPlayRow, "id">[];
  sessions: readonly (Omit<PendingSessionRow, "id" | "pages"> & { pages: readonly string[] })[];
  signEvents: readonly Omit<PendingSignEventRow, "id">[];
  skips: readonly Omit<PendingSkipRow, "id">[];
  /** The gate's screens (id, name), when its upload named them: their plays are screens'. */
  screens?: readonly { id: string; name: string }[] | undefined;
}

/**
 * Stores a gate's batch at the central office in one transaction, rows already held ignored, and adds
 * what was new to the gate's totals; `observedUntil` only moves forward. Returns the new rows.
 */
export function insertUploadRows(
  db: Db,
  gate: string,
  rows: UploadRows,
  observedUntil: string | null,
  receivedAt: string,
): number {
  const from = { gate_id: gate, received_at: receivedAt };
  const plays = insertNew(db, "central_plays", (p: UploadRows["plays"][number]) => ({
    ...from,
    device_id: p.deviceId,
    channel_id: p.channelId,
    item_id: p.itemId,
    schedule_id: p.scheduleId,
    origin: p.origin,
    language: p.language,
    started_at: p.startedAt,
    duration_ms: p.durationMs,
  }));
  const sessions = insertNew(db, "central_sessions", (s: UploadRows["sessions"][number]) => ({
    ...from,
    device_id: s.deviceId,
    channel_id: s.channelId,
    started_at: s.startedAt,
    ended_at: s.endedAt,
    language: s.language,
    pages: JSON.stringify(s.pages),
  }));
  const events = insertNew(db, "central_sign_events", (e: UploadRows["signEvents"][number]) => ({
    ...from,
    sign_id: e.signId,
    at: e.at,
    kind: e.kind,
    detail: JSON.stringify(e.detail),
  }));
  const skips = insertNew(db, "central_play_skips", (k: UploadRows["skips"][number]) => ({
    ...from,
    device_id: k.deviceId,
    channel_id: k.channelId,
    item_id: k.itemId,
    schedule_id: k.scheduleId,
    at: k.at,
    reason: k.reason,
    detail: k.detail,
    language: k.language,
  }));
  return inTransaction(db, () => {
    const counts = {
      plays: plays(rows.plays),
      sessions: sessions(rows.sessions),
      signEvents: events(rows.signEvents),
    };
    const skipped = skips(rows.skips);
    const named = db.prepare(
      `INSERT INTO central_gate_screens (gate_id, screen_id, name, named_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (gate_id, screen_id) DO UPDATE SET name = excluded.name, named_at = excluded.named_at`,
    );
    for (const screen of rows.screens ?? []) named.run(gate, screen.id, screen.name, receivedAt);
    db.prepare(
      `INSERT INTO central_uploads (gate_id, last_at, plays, sessions, sign_events, observed_until)
       VALUES (@gate, @at, @plays, @sessions, @signEvents, @newest)
       ON CONFLICT (gate_id) DO UPDATE SET last_at = excluded.last_at,
         plays = plays + excluded.plays, sessions = sessions + excluded.sessions,
         sign_events = sign_events + excluded.sign_events,
         observed_until = max(coalesce(observed_until, ''), coalesce(excluded.observed_until, ''))`,
    ).run({ gate, at: receivedAt, ...counts, newest: observedUntil });
    return counts.plays + counts.sessions + counts.signEvents + skipped;
  });
}

export interface UploadTotals {
  lastAt: string;
  plays: number;
  sessions: number;
  signEvents: number;
  observedUntil: string | null;
}

/** Each gate's totals at the central office, by gate id. */
export function uploadTotals(db: Db): Map<string, UploadTotals> {
  const rows = db.prepare("SELECT * FROM central_uploads").all() as {
    gate_id: string;
    last_at: string;
    plays: number;
    sessions: number;
    sign_events: number;
    observed_until: string | null;
  }[];
  return new Map(
    rows.map((r) => [
      r.gate_id,
      {
        lastAt: r.last_at,
        plays: r.plays,
        sessions: r.sessions,
        signEvents: r.sign_events,
        observedUntil: r.observed_until || null,
      },
    ]),
  );
}
