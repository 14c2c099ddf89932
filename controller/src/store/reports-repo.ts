/**
 * What reports read: a gate's own records (proof_of_play, kiosk_sessions, sign_events, play_skips) or the copies
 * its uploads left at the central office (the same columns, with gate_id), and the names that label
 * them. Only reads; the report worker runs these on its own read-only connection.
 */
import type { Localized } from "../domain/types.js";
import type { PlayGroup, SessionRecord, SignEventRecord, SkipGroup } from "../reports/build.js";
import type { Db } from "./database.js";

interface Tables {
  plays: string;
  sessions: string;
  signEvents: string;
  skips: string;
  /** `AND gate_id = ?` at the central; nothing at a gate. */
  where: string;
  args: string[];
}

const GATE_TABLES: Tables = {
  plays: "proof_of_play",
  sessions: "kiosk_sessions",
  signEvents: "sign_events",
  skips: "play_skips",
  where: "",
  args: [],
};

function centralTables(gate: string): Tables {
  return {
    plays: "central_plays",
    sessions: "central_sessions",
    signEvents: "central_sign_events",
    skips: "central_play_skips",
    where: "AND gate_id = ?",
    args: [gate],
  };
}

/** Whose records: the gate's own, or one gate's uploaded copies at the central office. */
export type RecordSource = { kind: "gate" } | { kind: "central"; gate: string };

/** The instants a read covers (ISO strings; `lo`/`hi` in epoch ms: the report's clipping window). */
export interface RecordWindow {
  /** Plays that started from here on (a play may begin before the period and run into it). */
  since: string;
  startsAt: string;
  endsAt: string;
  lo: number;
  hi: number;
}

export interface ReportRecords {
  plays: PlayGroup[];
  /** Epoch ms of the latest end of a play read, or null when none. */
  lastPlayEnd: number | null;
  sessions: SessionRecord[];
  signEvents: SignEventRecord[];
  skips: SkipGroup[];
  /** Epoch ms of the latest skip read, or null when none. */
  lastSkipAt: number | null;
}

/** A report's weeks are counted from its period's first instant (`lo`): reports/build.ts weeksOf. */
const MS_PER_WEEK = 7 * 86_400_000;

/** Epoch ms of an ISO instant column, in SQL (julianday keeps milliseconds). */
const msOf = (column: string) => `CAST(round((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;

type GroupRow = {
  channel_id: string;
  item_id: string;
  origin: string | null;
  language: string | null;
  plays: number;
  ms: number;
  last: number;
  week: number;
};

/** Plays that started in [from, to), summed per channel, item, origin, language and week, clipped to the window. */
function clippedPlays(db: Db, t: Tables, w: RecordWindow, from: string, to: string): GroupRow[] {
  return db
    .prepare(
      `SELECT channel_id, item_id, origin, language, count(*) AS plays,
         sum(max(0, min(s + duration_ms, @hi) - max(s, @lo))) AS ms, max(s + duration_ms) AS last,
         CAST((max(s, @lo) - @lo) / ${MS_PER_WEEK} AS INTEGER) AS week
       FROM (SELECT channel_id, item_id, origin, language, duration_ms, ${msOf("started_at")} AS s
             FROM ${t.plays}
             WHERE started_at >= @since AND started_at < @endsAt ${t.where.replace("?", "@gate")})
       WHERE max(s, @lo) < min(s + duration_ms, @hi) OR (duration_ms = 0 AND s >= @lo AND s < @hi)
       GROUP BY channel_id, item_id, origin, language, week`,
    )
    .all({
      since: from,
      endsAt: to,
      lo: w.lo,
      hi: w.hi,
      ...(t.args[0] ? { gate: t.args[0] } : {}),
    }) as GroupRow[];
}

const DAY_MS = 86_400_000;
/** The gate's clock is UTC+7 (no DST): a gate-local date from epoch ms. */
const gateDay = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);

/**
 * At the central: whole days from the per-day sums (migration 16), the rest from the rows. A day's
 * plays end within a day of its end (a play lasts at most a day), so a day that starts in the window
 * and ends a day before its end holds only plays wholly inside it: nothing of them to clip.
 */
function centralPlays(db: Db, gate: string, w: RecordWindow): GroupRow[] {
  const t = centralTables(gate);
  const wholeDays = Math.floor((w.hi - w.lo) / DAY_MS) - 1;
  if (wholeDays < 1) return clippedPlays(db, t, w, w.since, w.endsAt);
  const rest = new Date(w.lo + wholeDays * DAY_MS).toISOString();
  const summed = db
    .prepare(
      `SELECT channel_id, item_id, nullif(origin, '') AS origin, nullif(language, '') AS language,
         sum(plays) AS plays, sum(ms) AS ms, max(last_end) AS last,
         CAST((julianday(day) - julianday(@first)) / 7 AS INTEGER) AS week
       FROM central_play_days
       WHERE gate_id = @gate AND day >= @first AND day <= @last
       GROUP BY channel_id, item_id, origin, language, week`,
    )
    .all({ gate, first: gateDay(w.lo), last: gateDay(w.lo + (wholeDays - 1) * DAY_MS) }) as GroupRow[];
  return [
    ...clippedPlays(db, t, w, w.since, new Date(w.lo).toISOString()),
    ...summed.filter((r) => r.plays > 0),
    ...clippedPlays(db, t, w, rest, w.endsAt),
  ];
}

/** Plays summed per channel, item, origin and language, clipped to the window; sessions; sign events. */
export function readReportRecords(db: Db, source: RecordSource, w: RecordWindow): ReportRecords {
  const t = source.kind === "gate" ? GATE_TABLES : centralTables(source.gate);
  // Summed by SQLite, clipped to the window: a half-year of a busy gate is millions of plays.
  const groups =
    source.kind === "central" ? centralPlays(db, source.gate, w) : clippedPlays(db, t, w, w.since, w.endsAt);
  const plays = groups.map(
    (r): PlayGroup => ({
      channelId: r.channel_id,
      itemId: r.item_id,
      origin: r.origin,
      language: r.language,
      ms: r.ms,
      plays: r.plays,
      week: r.week,
    }),
  );
  const lastPlay = groups.reduce<number | null>((m, g) => (m === null || g.last > m ? g.last : m), null);
  const sessions = (
    db
      .prepare(
        `SELECT started_at, ended_at, language, pages FROM ${t.sessions}
         WHERE started_at >= ? AND started_at < ? ${t.where} ORDER BY started_at`,
      )
      .all(w.startsAt, w.endsAt, ...t.args) as {
      started_at: string;
      ended_at: string;
      language: string;
      pages: string;
    }[]
  ).map(
    (r): SessionRecord => ({
      startedAt: r.started_at,
      endedAt: r.ended_at,
      language: r.language,
      pages: JSON.parse(r.pages) as string[],
    }),
  );
  type EventRow = { sign_id: string; at: string; kind: SignEventRecord["kind"]; detail: string };
  const inPeriod = db
    .prepare(
      `SELECT sign_id, at, kind, detail FROM ${t.signEvents}
       WHERE at >= ? AND at < ? ${t.where} ORDER BY at, rowid`,
    )
    .all(w.startsAt, w.endsAt, ...t.args) as EventRow[];
  // What each sign was doing when the period began: its last state event before it (online,
  // offline, stopped) and the last thing it held; the builder walks them in time order.
  const lastBefore = (kinds: string) =>
    db
      .prepare(
        `SELECT e.sign_id, e.at, e.kind, e.detail FROM ${t.signEvents} e
         WHERE e.kind IN (${kinds}) ${t.where.replace("gate_id", "e.gate_id")}
           AND e.at = (SELECT max(x.at) FROM ${t.signEvents} x WHERE x.sign_id = e.sign_id
             AND x.kind IN (${kinds}) AND x.at < ? ${t.where.replace("gate_id", "x.gate_id")})`,
      )
      .all(...t.args, w.startsAt, ...t.args) as EventRow[];
  const before = [...lastBefore("'showing'"), ...lastBefore("'online','offline','stopped'")];
  const signEvents = [...before, ...inPeriod].map(
    (r): SignEventRecord => ({
      signId: r.sign_id,
      at: r.at,
      kind: r.kind,
      detail: JSON.parse(r.detail) as SignEventRecord["detail"],
    }),
  );
  // Skips are instants: those inside the window, counted per channel, item and reason.
  const skipRows = db
    .prepare(
      `SELECT channel_id, item_id, reason, count(*) AS n, max(s) AS last
       FROM (SELECT channel_id, item_id, reason, ${msOf("at")} AS s FROM ${t.skips}
             WHERE at >= @since AND at < @endsAt ${t.where.replace("?", "@gate")})
       WHERE s >= @lo AND s < @hi
       GROUP BY channel_id, item_id, reason`,
    )
    .all({
      since: w.startsAt,
      endsAt: w.endsAt,
      lo: w.lo,
      hi: w.hi,
      ...(t.args[0] ? { gate: t.args[0] } : {}),
    }) as { channel_id: string; item_id: string; reason: string; n: number; last: number }[];
  const skips = skipRows.map(
    (r): SkipGroup => ({ channelId: r.channel_id, itemId: r.item_id, reason: r.reason, count: r.n }),
  );
  const lastSkipAt = skipRows.reduce<number | null>((m, r) => (m === null || r.last > m ? r.last : m), null);
  return { plays, lastPlayEnd: lastPlay ?? null, sessions, signEvents, skips, lastSkipAt };
}

/** A gate's items' titles (by id) and its notices' (by `emergency:<id>`), as stored. */
export function gateTitles(db: Db): {
  items: { id: string; title: Localized; ledText: Localized }[];
  notices: { id: string; title: Localized | undefined }[];
} {
  const rows = db.prepare("SELECT id, title, led_text FROM items").all() as {
    id: string;
    title: string;
    led_text: string;
  }[];
  const items = rows.map((row) => ({
    id: row.id,
    title: JSON.parse(row.title) as Localized,
    ledText: JSON.parse(row.led_text) as Localized,
  }));
  const notices = (db.prepare("SELECT id, doc FROM emergencies").all() as { id: string; doc: string }[]).map(
    (row) => ({ id: row.id, title: (JSON.parse(row.doc) as { title?: Localized }).title }),
  );
  return { items, notices };
}

/** The names of the central programs a gate holds (bundles made before names travelled have none). */
export function heldProgramNames(db: Db): { programId: string; name: string }[] {
  return (
    db.prepare("SELECT program_id, name FROM central_held WHERE name IS NOT NULL").all() as {
      program_id: string;
      name: string;
    }[]
  ).map((row) => ({ programId: row.program_id, name: row.name }));
}

/** The newest record instant a gate has uploaded to the central office, or null when none. */
export function uploadObservedUntil(db: Db, gate: string): string | null {
  const row = db.prepare("SELECT observed_until FROM central_uploads WHERE gate_id = ?").get(gate) as
    | { observed_until: string | null }
    | undefined;
  return row?.observed_until ?? null;
}

/** Whether a gate has ever uploaded to this central office. */
export function gateHasUploaded(db: Db, gate: string): boolean {
  return db.prepare("SELECT 1 FROM central_uploads WHERE gate_id = ?").get(gate) !== undefined;
}

/** The central office's programs as composed: names and items' titles. */
export function officeProgramLabels(
  db: Db,
): { id: string; name?: string; items: { id: string; title?: Localized; ledText?: Localized }[] }[] {
  return (db.prepare("SELECT id, doc FROM central_programs").all() as { id: string; doc: string }[]).map(
    (row) => {
      const doc = JSON.parse(row.doc) as {
        name?: string;
        items?: { id: string; title?: Localized; ledText?: Localized }[];
      };
      return { id: row.id, ...(doc.name ? { name: doc.name } : {}), items: doc.items ?? [] };
    },
  );
}

/** The screens a gate has named in its uploads, with the name it gave last. */
export function uploadedScreens(db: Db, gate: string): { id: string; name: string }[] {
  return (
    db
      .prepare("SELECT screen_id, name FROM central_gate_screens WHERE gate_id = ? ORDER BY screen_id")
      .all(gate) as { screen_id: string; name: string }[]
  ).map((r) => ({ id: r.screen_id, name: r.name }));
}

/** The signs a gate named in its last heartbeat (none before the first). */
export function heartbeatSigns(db: Db, gate: string): { id: string; name?: string }[] {
  const beat = db.prepare("SELECT doc FROM central_heartbeats WHERE gate_id = ?").get(gate) as
    | { doc: string }
    | undefined;
  return beat ? ((JSON.parse(beat.doc) as { signs?: { id: string; name?: string }[] }).signs ?? []) : [];
}

/**
 * Which of `days` (gate-local, with the instants they start and end at) hold any record a gate
 * uploaded: one indexed probe per day and table for plays, sessions and skips (a half-year of a busy
 * gate is millions of plays, never scanned for this); its sign events, few, are read whole.
 */
export function uploadedDays(
  db: Db,
  gate: string,
  days: readonly { date: string; startsAt: string; endsAt: string }[],
): string[] {
  if (days.length === 0) return [];
  const probe = db.prepare(
    `SELECT EXISTS (SELECT 1 FROM central_plays WHERE gate_id = @gate AND started_at >= @lo AND started_at < @hi)
         OR EXISTS (SELECT 1 FROM central_sessions WHERE gate_id = @gate AND started_at >= @lo AND started_at < @hi)
         OR EXISTS (SELECT 1 FROM central_play_skips WHERE gate_id = @gate AND at >= @lo AND at < @hi) AS found`,
  );
  const first = days[0] as (typeof days)[number];
  const last = days.at(-1) as (typeof days)[number];
  const events = (
    db
      .prepare("SELECT at FROM central_sign_events WHERE gate_id = ? AND at >= ? AND at < ? ORDER BY at")
      .all(gate, first.startsAt, last.endsAt) as { at: string }[]
  ).map((r) => r.at);
  const found: string[] = [];
  let e = 0;
  for (const day of days) {
    while (e < events.length && (events[e] as string) < day.startsAt) e++;
    const signed = e < events.length && (events[e] as string) < day.endsAt;
    if (signed || (probe.get({ gate, lo: day.startsAt, hi: day.endsAt }) as { found: number }).found) {
      found.push(day.date);
    }
  }
  return found;
}
