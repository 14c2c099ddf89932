/**
 * Proof of what was shown flows up from a gate to its central office: kiosk plays, travelers' kiosk
 * sessions and the sign log, in batches, whenever the central can be reached.
 *
 * The gate keeps one cursor per table (the last row id the central acknowledged) and sends the rows
 * after it; the central stores each row under its natural key, so a batch sent twice (the answer was
 * lost, the gate lost power before saving its cursor) is counted once.
 */
import { z } from "zod";
import { idSchema, langSchema } from "../domain/schemas.js";
import type { Db } from "../store/database.js";

/** Rows per table in one request; a request also stays under the API's 256 KB body limit (below). */
export const UPLOAD_ROWS = 400;
const MAX_BODY_BYTES = 240_000;
/** Batches per cycle: a gate back from weeks offline catches up over a few polls, not in one burst. */
export const MAX_BATCHES_PER_CYCLE = 25;

const instant = z.iso.datetime({ offset: true });
const deviceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const shortText = z.string().max(200);

const uploadPlaySchema = z.strictObject({
  deviceId,
  channelId: idSchema,
  itemId: z.string().regex(/^(emergency:)?[a-z0-9][a-z0-9-]{0,63}$/),
  scheduleId: idSchema.nullable(),
  origin: shortText.nullable(),
  language: langSchema.nullable(),
  startedAt: instant,
  durationMs: z.number().int().min(0).max(86_400_000),
});
const uploadSessionSchema = z.strictObject({
  deviceId,
  channelId: idSchema,
  startedAt: instant,
  endedAt: instant,
  language: langSchema,
  pages: z.array(z.string().min(1).max(100)).max(100),
});
const frameSchema = z.strictObject({
  itemId: z.string().max(80),
  language: z.string().max(16),
  share: z.number().min(0).max(1),
  origin: shortText.nullable(),
});
const uploadSignEventSchema = z.strictObject({
  signId: idSchema,
  at: instant,
  kind: z.enum(["online", "offline", "showing", "stopped"]),
  detail: z.strictObject({
    reason: z.string().max(500).optional(),
    frames: z.array(frameSchema).max(200).optional(),
  }),
});

export const uploadSchema = z.strictObject({
  gate: idSchema,
  plays: z.array(uploadPlaySchema).max(UPLOAD_ROWS).default([]),
  sessions: z.array(uploadSessionSchema).max(UPLOAD_ROWS).default([]),
  signEvents: z.array(uploadSignEventSchema).max(UPLOAD_ROWS).default([]),
  /**
   * The gate's sign log is complete up to here (its clock when the batch was made, or the last
   * event sent when more are to follow): a sign that changed nothing for weeks was still watched.
   */
  signLogUntil: instant.optional(),
});
export type Upload = z.infer<typeof uploadSchema>;
export type UploadPlay = z.infer<typeof uploadPlaySchema>;
export type UploadSession = z.infer<typeof uploadSessionSchema>;
export type UploadSignEvent = z.infer<typeof uploadSignEventSchema>;

// ------------------------------------------------------------------------------------------- the gate

const TABLES = ["plays", "sessions", "signEvents"] as const;
type Table = (typeof TABLES)[number];
export type Cursors = Record<Table, number>;

const cursorKey = (table: Table) => `central.upload.${table}`;

export function readCursors(db: Db): Cursors {
  const get = db.prepare("SELECT value FROM meta WHERE key = ?").pluck();
  return Object.fromEntries(
    TABLES.map((t) => [t, Number((get.get(cursorKey(t)) as string | undefined) ?? 0)]),
  ) as Cursors;
}

export function saveCursors(db: Db, cursors: Cursors): void {
  const put = db.prepare(
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  db.transaction(() => {
    for (const t of TABLES) put.run(cursorKey(t), String(cursors[t]));
  })();
}

export interface PendingBatch {
  upload: Upload;
  /** The cursors to save once the central has acknowledged this batch. */
  through: Cursors;
}

/** The next rows after the cursors, at most `rows` per table; undefined when nothing is pending. */
export function nextBatch(
  db: Db,
  gate: string,
  cursors: Cursors,
  rows = UPLOAD_ROWS,
  now = Date.now(),
  /** Only records from this instant on (ISO; '' = all): a USB export of the last months. */
  since = "",
): PendingBatch | undefined {
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
  if (plays.length + sessions.length + events.length === 0) return undefined;
  const upload = {
    gate,
    plays: plays.map((p) => ({
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
      deviceId: s.device_id,
      channelId: s.channel_id,
      startedAt: s.started_at,
      endedAt: s.ended_at,
      language: s.language,
      pages: JSON.parse(s.pages),
    })),
    signEvents: events.map((e) => ({
      signId: e.sign_id,
      at: e.at,
      kind: e.kind,
      detail: JSON.parse(e.detail),
    })),
    signLogUntil: events.length === rows ? events.at(-1)?.at : new Date(now).toISOString(),
  } as Upload;
  if (rows > 1 && Buffer.byteLength(JSON.stringify(upload)) > MAX_BODY_BYTES) {
    return nextBatch(db, gate, cursors, Math.floor(rows / 2), now, since);
  }
  return {
    upload,
    through: {
      plays: plays.at(-1)?.id ?? cursors.plays,
      sessions: sessions.at(-1)?.id ?? cursors.sessions,
      signEvents: events.at(-1)?.id ?? cursors.signEvents,
    },
  };
}

export interface UploadOutcome {
  batches: number;
  rows: number;
  /** Rows still waiting after this cycle (the cap was reached, or the central refused). */
  more: boolean;
  error: string | null;
}

/**
 * Sends what is pending, batch by batch, saving the cursors after each acknowledged one. Stops at the
 * first failure: what was not acknowledged goes again next time.
 */
export async function uploadPending(
  db: Db,
  gate: string,
  send: (upload: Upload) => Promise<void>,
  maxBatches = MAX_BATCHES_PER_CYCLE,
): Promise<UploadOutcome> {
  let cursors = readCursors(db);
  let batches = 0;
  let rows = 0;
  for (;;) {
    const batch = nextBatch(db, gate, cursors);
    if (!batch) {
      if (batches > 0) return { batches, rows, more: false, error: null };
      // Nothing new: still tell the central the sign log is complete up to now.
      try {
        await send({ gate, plays: [], sessions: [], signEvents: [], signLogUntil: new Date().toISOString() });
        return { batches, rows, more: false, error: null };
      } catch (error) {
        return { batches, rows, more: false, error: (error as Error).message };
      }
    }
    if (batches >= maxBatches) return { batches, rows, more: true, error: null };
    try {
      await send(batch.upload);
    } catch (error) {
      return { batches, rows, more: true, error: (error as Error).message };
    }
    saveCursors(db, batch.through);
    cursors = batch.through;
    batches++;
    rows += batch.upload.plays.length + batch.upload.sessions.length + batch.upload.signEvents.length;
  }
}

// --------------------------------------------------------------------------------- the central office

const canonical = (instant: string) => new Date(instant).toISOString();

/** Stores a validated upload from `gate` in one transaction; rows already held are not counted again. */
export function storeUpload(
  db: Db,
  upload: Upload,
  receivedAt = new Date().toISOString(),
): { stored: number; duplicates: number } {
  const gate = upload.gate;
  const play = db.prepare(
    `INSERT OR IGNORE INTO central_plays (gate_id, device_id, channel_id, item_id, schedule_id, origin, language, started_at, duration_ms, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const session = db.prepare(
    `INSERT OR IGNORE INTO central_sessions (gate_id, device_id, channel_id, started_at, ended_at, language, pages, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const event = db.prepare(
    `INSERT OR IGNORE INTO central_sign_events (gate_id, sign_id, at, kind, detail, received_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  return db.transaction(() => {
    const counts = { plays: 0, sessions: 0, signEvents: 0 };
    let newest = "";
    for (const p of upload.plays) {
      const started = canonical(p.startedAt);
      const ended = new Date(Date.parse(started) + p.durationMs).toISOString();
      if (ended > newest) newest = ended;
      counts.plays += play.run(
        gate,
        p.deviceId,
        p.channelId,
        p.itemId,
        p.scheduleId,
        p.origin,
        p.language,
        started,
        p.durationMs,
        receivedAt,
      ).changes;
    }
    for (const s of upload.sessions) {
      const ended = canonical(s.endedAt);
      if (ended > newest) newest = ended;
      counts.sessions += session.run(
        gate,
        s.deviceId,
        s.channelId,
        canonical(s.startedAt),
        ended,
        s.language,
        JSON.stringify(s.pages),
        receivedAt,
      ).changes;
    }
    for (const e of upload.signEvents) {
      const at = canonical(e.at);
      if (at > newest) newest = at;
      counts.signEvents += event.run(
        gate,
        e.signId,
        at,
        e.kind,
        JSON.stringify(e.detail),
        receivedAt,
      ).changes;
    }
    if (upload.signLogUntil && canonical(upload.signLogUntil) > newest)
      newest = canonical(upload.signLogUntil);
    // A gate whose clock runs ahead must not make the central report time that has not come yet.
    if (newest > receivedAt) newest = receivedAt;
    db.prepare(
      `INSERT INTO central_uploads (gate_id, last_at, plays, sessions, sign_events, observed_until)
       VALUES (@gate, @at, @plays, @sessions, @signEvents, @newest)
       ON CONFLICT (gate_id) DO UPDATE SET last_at = excluded.last_at,
         plays = plays + excluded.plays, sessions = sessions + excluded.sessions,
         sign_events = sign_events + excluded.sign_events,
         observed_until = max(coalesce(observed_until, ''), coalesce(excluded.observed_until, ''))`,
    ).run({ gate, at: receivedAt, ...counts, newest: newest || null });
    const stored = counts.plays + counts.sessions + counts.signEvents;
    const sent = upload.plays.length + upload.sessions.length + upload.signEvents.length;
    return { stored, duplicates: sent - stored };
  })();
}

export interface UploadTotals {
  lastAt: string;
  plays: number;
  sessions: number;
  signEvents: number;
  observedUntil: string | null;
}

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
