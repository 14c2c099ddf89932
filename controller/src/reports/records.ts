/**
 * The records a report is built from: a gate's own tables, or the copies its uploads left at the
 * central office (the same columns, with gate_id). Only reads.
 */
import type { Localized } from "../domain/types.js";
import type { Db } from "../store/database.js";
import {
  type PlayGroup,
  type ReportInput,
  reportWindow,
  type SessionRecord,
  type SignEventRecord,
} from "./build.js";
import type { ReportPeriod } from "./period.js";

/** A play starts at most a day before it ends (the kiosk's limit): look that far back. */
const PLAY_LOOKBACK_MS = 86_400_000;

interface Tables {
  plays: string;
  sessions: string;
  signEvents: string;
  /** `AND gate_id = ?` at the central; nothing at a gate. */
  where: string;
  args: string[];
}

const GATE_TABLES: Tables = {
  plays: "proof_of_play",
  sessions: "kiosk_sessions",
  signEvents: "sign_events",
  where: "",
  args: [],
};

function centralTables(gate: string): Tables {
  return {
    plays: "central_plays",
    sessions: "central_sessions",
    signEvents: "central_sign_events",
    where: "AND gate_id = ?",
    args: [gate],
  };
}

function vi(text: Localized | undefined): string | undefined {
  if (!text) return undefined;
  return text.vi ?? Object.values(text).find((t) => typeof t === "string" && t.length > 0);
}

/** Epoch ms of an ISO instant column, in SQL (julianday keeps milliseconds). */
const msOf = (column: string) => `CAST(round((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;

function readRecords(db: Db, t: Tables, period: ReportPeriod, observedUntil: number) {
  const since = new Date(Date.parse(period.startsAt) - PLAY_LOOKBACK_MS).toISOString();
  const { lo, hi } = reportWindow(period, observedUntil);
  // Summed here, clipped to the window: a half-year of a busy gate is millions of plays.
  const groups = db
    .prepare(
      `SELECT item_id, origin, language, count(*) AS plays,
         sum(max(0, min(s + duration_ms, @hi) - max(s, @lo))) AS ms, max(s + duration_ms) AS last
       FROM (SELECT item_id, origin, language, duration_ms, ${msOf("started_at")} AS s FROM ${t.plays}
             WHERE started_at >= @since AND started_at < @endsAt ${t.where.replace("?", "@gate")})
       WHERE max(s, @lo) < min(s + duration_ms, @hi) OR (duration_ms = 0 AND s >= @lo AND s < @hi)
       GROUP BY item_id, origin, language`,
    )
    .all({ since, endsAt: period.endsAt, lo, hi, ...(t.args[0] ? { gate: t.args[0] } : {}) }) as {
    item_id: string;
    origin: string | null;
    language: string | null;
    plays: number;
    ms: number;
    last: number;
  }[];
  const plays = groups.map(
    (r): PlayGroup => ({
      itemId: r.item_id,
      origin: r.origin,
      language: r.language,
      ms: r.ms,
      plays: r.plays,
    }),
  );
  const lastPlay = groups.reduce<number | null>((m, g) => (m === null || g.last > m ? g.last : m), null);
  const sessions = (
    db
      .prepare(
        `SELECT started_at, ended_at, language, pages FROM ${t.sessions}
         WHERE started_at >= ? AND started_at < ? ${t.where} ORDER BY started_at`,
      )
      .all(period.startsAt, period.endsAt, ...t.args) as {
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
    .all(period.startsAt, period.endsAt, ...t.args) as EventRow[];
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
      .all(...t.args, period.startsAt, ...t.args) as EventRow[];
  const before = [...lastBefore("'showing'"), ...lastBefore("'online','offline','stopped'")];
  const signEvents = [...before, ...inPeriod].map(
    (r): SignEventRecord => ({
      signId: r.sign_id,
      at: r.at,
      kind: r.kind,
      detail: JSON.parse(r.detail) as SignEventRecord["detail"],
    }),
  );
  return { plays, lastPlayEnd: lastPlay ?? null, sessions, signEvents };
}

/** A gate's report from its own tables. */
export function gateReportInput(
  db: Db,
  site: { id: string; name: Localized; signs: readonly { id: string; name: string }[] },
  period: ReportPeriod,
  now: number,
): ReportInput {
  const records = readRecords(db, GATE_TABLES, period, now);
  const items = new Map<string, string>();
  for (const row of db.prepare("SELECT id, title FROM items").all() as { id: string; title: string }[]) {
    const title = vi(JSON.parse(row.title) as Localized);
    if (title) items.set(row.id, title);
  }
  for (const row of db.prepare("SELECT id, doc FROM emergencies").all() as { id: string; doc: string }[]) {
    const title = vi((JSON.parse(row.doc) as { title?: Localized }).title);
    if (title) items.set(`emergency:${row.id}`, title);
  }
  const programs = new Map<string, string>();
  for (const row of db.prepare("SELECT program_id, name FROM central_held WHERE name IS NOT NULL").all() as {
    program_id: string;
    name: string;
  }[]) {
    programs.set(`central:${row.program_id}`, row.name);
  }
  return {
    gate: { id: site.id, name: vi(site.name) ?? site.id },
    source: "gate",
    period,
    generatedAt: now,
    observedUntil: now,
    ...records,
    signs: site.signs.map((s) => ({ id: s.id, name: s.name })),
    labels: { programs, items },
  };
}

/** A gate's report at the central office, from what the gate uploaded and its last heartbeat. */
export function centralReportInput(
  db: Db,
  gate: { id: string; name: string },
  period: ReportPeriod,
  now: number,
): ReportInput {
  const upload = db.prepare("SELECT observed_until FROM central_uploads WHERE gate_id = ?").get(gate.id) as
    | { observed_until: string | null }
    | undefined;
  // Nothing after the newest record the gate has sent is known here.
  const observedUntil = upload?.observed_until ? Math.min(now, Date.parse(upload.observed_until)) : 0;
  const records = readRecords(db, centralTables(gate.id), period, observedUntil);
  const programs = new Map<string, string>();
  const items = new Map<string, string>();
  for (const row of db.prepare("SELECT id, doc FROM central_programs").all() as {
    id: string;
    doc: string;
  }[]) {
    const doc = JSON.parse(row.doc) as { name?: string; items?: { id: string; title?: Localized }[] };
    if (doc.name) programs.set(`central:${row.id}`, doc.name);
    for (const item of doc.items ?? []) {
      const title = vi(item.title);
      if (title) items.set(`p-${row.id}-${item.id}`, title);
    }
  }
  const beat = db.prepare("SELECT doc FROM central_heartbeats WHERE gate_id = ?").get(gate.id) as
    | { doc: string }
    | undefined;
  const signs = beat
    ? ((JSON.parse(beat.doc) as { signs?: { id: string; name?: string }[] }).signs ?? [])
    : [];
  return {
    gate,
    source: "central",
    period,
    generatedAt: now,
    observedUntil,
    ...records,
    signs: signs.map((s) => ({ id: s.id, name: s.name ?? s.id })),
    labels: { programs, items },
  };
}
