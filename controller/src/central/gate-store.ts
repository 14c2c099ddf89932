/**
 * A gate's side of central programs in SQLite (migration 5): which version of each program it holds,
 * what happened to each bundle it saw, and the import itself, one transaction like a publication.
 */
import type { EditTarget } from "../content/editing.js";
import { sniffMediaType } from "../media/sniff.js";
import { validateChanges } from "../publishing/service.js";
import {
  applyLive,
  decidePublication,
  ensureInitialVersion,
  insertPublication,
  insertVersion,
  readLiveContent,
} from "../publishing/store.js";
import type { ContentChange, DraftEntity, PublicationChange } from "../publishing/types.js";
import { type Actor, recordAudit } from "../store/audit-repo.js";
import type { Db } from "../store/database.js";
import { MAX_SYNC_LOG_ROWS } from "./limits.js";
import { type ContentFile, type Manifest, namespaced, Refusal, type RefusalCode } from "./manifest.js";

/** Who imports central programs, in the audit log. */
export const CENTRAL_ACTOR: Actor = { name: "central" };
/** A meta row bumped by every import: a running controller notices imports made by the CLI. */
export const IMPORT_SEQ_KEY = "central.importSeq";

export interface HeldProgram {
  programId: string;
  version: number;
  keyId: string;
  createdAt: string;
  validUntil: string;
  manifestSha256: string;
  entities: { item: string[]; playlist: string[]; schedule: string[] };
  importedAt: string;
  source: string;
  /** The program's name as its bundle said; null for bundles made before names travelled. */
  name: string | null;
}

interface HeldRow {
  program_id: string;
  version: number;
  key_id: string;
  created_at: string;
  valid_until: string;
  manifest_sha256: string;
  entities: string;
  imported_at: string;
  source: string;
  name: string | null;
}

function heldFromRow(r: HeldRow): HeldProgram {
  return {
    programId: r.program_id,
    version: r.version,
    keyId: r.key_id,
    createdAt: r.created_at,
    validUntil: r.valid_until,
    manifestSha256: r.manifest_sha256,
    entities: JSON.parse(r.entities),
    importedAt: r.imported_at,
    source: r.source,
    name: r.name,
  };
}

export function listHeld(db: Db): HeldProgram[] {
  return (db.prepare("SELECT * FROM central_held ORDER BY program_id").all() as HeldRow[]).map(heldFromRow);
}

export function getHeld(db: Db, programId: string): HeldProgram | undefined {
  const row = db.prepare("SELECT * FROM central_held WHERE program_id = ?").get(programId) as
    | HeldRow
    | undefined;
  return row && heldFromRow(row);
}

export function heldVersion(db: Db, programId: string): number | undefined {
  return getHeld(db, programId)?.version;
}

export function importSeq(db: Db): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(IMPORT_SEQ_KEY) as
    | { value: string }
    | undefined;
  return row?.value;
}

export interface SyncLogRow {
  id: number;
  at: string;
  source: string;
  programId: string | null;
  version: number | null;
  outcome: "imported" | "refused" | "error";
  code: string | null;
  reason: string | null;
  /** How many times this refusal was seen (migration 10): a refusal repeated by every poll is one row. */
  count: number;
  /** When it was last seen (the latest reason is kept); `at` is the first time. */
  lastAt: string;
}

export function recentSyncLog(db: Db, limit = 20): SyncLogRow[] {
  const rows = db
    .prepare("SELECT * FROM central_sync_log ORDER BY coalesce(last_at, at) DESC, id DESC LIMIT ?")
    .all(limit) as {
    id: number;
    at: string;
    source: string;
    program_id: string | null;
    version: number | null;
    outcome: SyncLogRow["outcome"];
    code: string | null;
    reason: string | null;
    count: number;
    last_at: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    source: r.source,
    programId: r.program_id,
    version: r.version,
    outcome: r.outcome,
    code: r.code,
    reason: r.reason,
    count: r.count,
    lastAt: r.last_at ?? r.at,
  }));
}

function logRow(
  db: Db,
  source: string,
  programId: string | null,
  version: number | null,
  outcome: SyncLogRow["outcome"],
  code: string | null,
  reason: string | null,
): void {
  db.prepare(
    `INSERT INTO central_sync_log (at, source, program_id, version, outcome, code, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(new Date().toISOString(), source, programId, version, outcome, code, reason);
  // The log is a window on what happened lately, not an archive (the audit keeps the first of each).
  db.prepare("DELETE FROM central_sync_log WHERE id <= (SELECT max(id) FROM central_sync_log) - ?").run(
    MAX_SYNC_LOG_ROWS,
  );
}

/** What recordRefusal did: a new row (and audit row), a repeat counted, no room, or nothing written. */
export type RefusalRecord = "inserted" | "bumped" | "over-budget" | "failed";

/**
 * Records a refused bundle. The first time a refusal is seen (same source, program and version as
 * claimed, and code): a log row and an audit row `refused`, in one transaction. The same refusal again
 * (every poll retries a bad download) only counts on that row, with the time and the latest reason.
 * `allowNew: false` records repeats but no new row (a poll's budget is spent). When even that cannot
 * be written (the disk is full) the caller's log line is all that remains.
 */
export function recordRefusal(
  db: Db,
  source: string,
  bundle: { programId: string; version: number } | undefined,
  code: RefusalCode,
  reason: string,
  options: { allowNew?: boolean } = {},
): RefusalRecord {
  try {
    return db.transaction((): RefusalRecord => {
      const now = new Date().toISOString();
      const bumped = db
        .prepare(
          `UPDATE central_sync_log SET count = count + 1, last_at = ?, reason = ?
           WHERE id = (SELECT id FROM central_sync_log
                       WHERE outcome = 'refused' AND code = ? AND source = ?
                         AND program_id IS ? AND version IS ?
                       ORDER BY id DESC LIMIT 1)`,
        )
        .run(now, reason, code, source, bundle?.programId ?? null, bundle?.version ?? null);
      if (bumped.changes > 0) return "bumped";
      if (options.allowNew === false) return "over-budget";
      logRow(db, source, bundle?.programId ?? null, bundle?.version ?? null, "refused", code, reason);
      recordAudit(
        db,
        CENTRAL_ACTOR,
        "refused",
        "central-bundle",
        bundle ? `${bundle.programId}@${bundle.version}` : null,
        null,
        { source, code, reason },
      );
      return "inserted";
    })();
  } catch {
    return "failed";
  }
}

export interface ImportResult {
  programId: string;
  version: number;
  publicationId: number;
  publishedVersion: number;
  changes: { entity: DraftEntity; id: string; op: "put" | "delete" }[];
  holidayOverrides: number;
  /** Schedules of the program that name none of this gate's channels. */
  skippedSchedules: string[];
}

const SQLITE_FULL = new Set(["SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC"]);

/**
 * Makes a verified program version live in ONE transaction, like a publication (recorded as one, with
 * a published version, author `central`): the program's entities under `p-<programId>-…`, replacing
 * those of the version held before; its holiday overrides upserted. Re-checks the version inside the
 * transaction (a concurrent import of the same bundle is a replay). Throws a Refusal; nothing is
 * written then.
 */
export function importProgram(
  t: EditTarget,
  manifest: Manifest,
  manifestSha256: string,
  content: ContentFile,
  media: readonly { sha256: string; size: number; head: Uint8Array }[],
  source: string,
): ImportResult {
  const { db } = t;
  const origin = `central:${manifest.programId}`;
  try {
    return db.transaction((): ImportResult => {
      const held = getHeld(db, manifest.programId);
      if (held && manifest.version <= held.version) {
        throw new Refusal(
          "replay",
          `${manifest.programId} v${manifest.version}: version ${held.version} is already held`,
        );
      }
      ensureInitialVersion(db);
      for (const m of media) {
        const mime = sniffMediaType(m.head);
        if (!mime) throw new Refusal("invalid-content", `media/${m.sha256} is not an accepted media type`);
        db.prepare(
          `INSERT INTO media (sha256, mime, size, original_name, created_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (sha256) DO NOTHING`,
        ).run(m.sha256, mime, m.size, origin, new Date().toISOString());
      }
      const fresh = namespaced(content);
      const skippedSchedules: string[] = [];
      const schedules = fresh.schedules.flatMap((s) => {
        if (s.channels.includes("*")) return [s];
        const channels = s.channels.filter((id) => t.channelIds.includes(id));
        if (channels.length === 0) {
          skippedSchedules.push(s.id);
          return [];
        }
        return [{ ...s, channels }];
      });
      const entities = {
        item: fresh.items.map((i) => i.id),
        playlist: fresh.playlists.map((p) => p.id),
        schedule: schedules.map((s) => s.id),
      };
      const changes: ContentChange[] = [
        ...fresh.items.map((after): ContentChange => ({ entity: "item", id: after.id, op: "put", after })),
        ...fresh.playlists.map(
          (after): ContentChange => ({ entity: "playlist", id: after.id, op: "put", after }),
        ),
        ...schedules.map((after): ContentChange => ({ entity: "schedule", id: after.id, op: "put", after })),
      ];
      const live = readLiveContent(db);
      for (const entity of ["schedule", "playlist", "item"] as const) {
        for (const id of held?.entities[entity] ?? []) {
          const stillLive = live[`${entity}s`].some((e) => e.id === id);
          if (stillLive && !entities[entity].includes(id))
            changes.push({ entity, id, op: "delete", after: null });
        }
      }
      let checked: ContentChange[];
      try {
        checked = validateChanges(t, live, changes);
      } catch (error) {
        // validateChanges names the change at fault; e.g. an operator's playlist still uses an item
        // the new version drops.
        throw new Refusal("conflict", (error as Error).message);
      }
      const publication = insertPublication(db, {
        kind: "changes",
        author: CENTRAL_ACTOR.name,
        authorId: null,
        note: `central program ${manifest.programId} v${manifest.version} (${source})`,
        changes: [],
        restoreOf: null,
      });
      const recorded: PublicationChange[] = checked.map((change) => ({
        ...change,
        before: applyLive(db, CENTRAL_ACTOR, change, live, origin),
      }));
      const publishedVersion = insertVersion(db, publication.id, readLiveContent(db));
      decidePublication(db, publication.id, {
        status: "published",
        decidedBy: CENTRAL_ACTOR.name,
        version: publishedVersion,
        changes: recorded,
      });
      db.prepare("DELETE FROM holiday_overrides WHERE origin = ?").run(origin);
      for (const o of content.holidayOverrides) {
        db.prepare(
          `INSERT INTO holiday_overrides (holiday_id, year, date, end_date, origin) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (holiday_id, year) DO UPDATE SET date = excluded.date, end_date = excluded.end_date,
             origin = excluded.origin`,
        ).run(o.holidayId, o.year, o.date, o.endDate ?? null, origin);
      }
      const now = new Date().toISOString();
      db.prepare(
        `INSERT INTO central_held (program_id, version, key_id, created_at, valid_until, manifest_sha256, entities,
                                   imported_at, source, name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (program_id) DO UPDATE SET version = excluded.version, key_id = excluded.key_id,
           created_at = excluded.created_at, valid_until = excluded.valid_until,
           manifest_sha256 = excluded.manifest_sha256, entities = excluded.entities,
           imported_at = excluded.imported_at, source = excluded.source, name = excluded.name`,
      ).run(
        manifest.programId,
        manifest.version,
        manifest.keyId,
        manifest.createdAt,
        manifest.validUntil,
        manifestSha256,
        JSON.stringify(entities),
        now,
        source,
        content.name ?? null,
      );
      db.prepare(
        `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      ).run(IMPORT_SEQ_KEY, `${manifest.programId}@${manifest.version}@${now}`);
      logRow(db, source, manifest.programId, manifest.version, "imported", null, null);
      const summary = recorded.map((c) => ({ entity: c.entity, id: c.id, op: c.op }));
      recordAudit(
        db,
        CENTRAL_ACTOR,
        "import",
        "central-bundle",
        `${manifest.programId}@${manifest.version}`,
        held ? { version: held.version } : null,
        {
          source,
          keyId: manifest.keyId,
          publication: publication.id,
          version: publishedVersion,
          changes: summary,
          holidayOverrides: content.holidayOverrides.length,
          skippedSchedules,
        },
      );
      return {
        programId: manifest.programId,
        version: manifest.version,
        publicationId: publication.id,
        publishedVersion,
        changes: summary,
        holidayOverrides: content.holidayOverrides.length,
        skippedSchedules,
      };
    })();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && SQLITE_FULL.has(code)) {
      throw new Refusal("disk-full", `the database could not be written (${code}); nothing was imported`);
    }
    throw error;
  }
}
