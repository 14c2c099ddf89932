/**
 * A gate takes a central program in: a verified version made live in one transaction, like a
 * publication, and a refused bundle recorded (store/central-gate-repo.ts holds what is read and kept).
 */
import type { EditTarget } from "../content/editing.js";
import { sniffMediaType } from "../media/sniff.js";
import { validateChanges } from "../publishing/service.js";
import type { ContentChange, DraftEntity, PublicationChange } from "../publishing/types.js";
import { applyLive, ensureInitialVersion } from "../publishing/writes.js";
import { type Actor, recordAudit } from "../store/audit-repo.js";
import {
  addImportedMedia,
  bumpRefusal,
  getHeld,
  logSync,
  putHeld,
  replaceHolidayOverrides,
  setImportSeq,
} from "../store/central-gate-repo.js";
import { type Db, inTransaction } from "../store/database.js";
import { updateMediaProbe } from "../store/media-repo.js";
import {
  decidePublication,
  insertPublication,
  insertVersion,
  readLiveContent,
} from "../store/publishing-repo.js";
import { type ContentFile, type Manifest, namespaced, Refusal, type RefusalCode } from "./manifest.js";

/** Who imports central programs, in the audit log. */
export const CENTRAL_ACTOR: Actor = { name: "central" };

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
    return inTransaction(db, (): RefusalRecord => {
      const now = new Date().toISOString();
      if (bumpRefusal(db, source, bundle, code, reason, now)) return "bumped";
      if (options.allowNew === false) return "over-budget";
      logSync(db, source, bundle?.programId ?? null, bundle?.version ?? null, "refused", code, reason);
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
    });
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
    return inTransaction(db, (): ImportResult => {
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
        addImportedMedia(db, {
          sha256: m.sha256,
          mime,
          size: m.size,
          originalName: origin,
          createdAt: new Date().toISOString(),
        });
      }
      // The central probed its videos: their probe and poster come signed in content.json.
      for (const [sha, info] of Object.entries(content.media ?? {})) {
        if (info.probe) updateMediaProbe(db, sha, info.probe, info.posterSha256 ?? null);
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
      replaceHolidayOverrides(db, origin, content.holidayOverrides);
      const now = new Date().toISOString();
      putHeld(db, {
        programId: manifest.programId,
        version: manifest.version,
        keyId: manifest.keyId,
        createdAt: manifest.createdAt,
        validUntil: manifest.validUntil,
        manifestSha256,
        entities,
        importedAt: now,
        source,
        name: content.name ?? null,
      });
      setImportSeq(db, `${manifest.programId}@${manifest.version}@${now}`);
      logSync(db, source, manifest.programId, manifest.version, "imported", null, null);
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
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && SQLITE_FULL.has(code)) {
      throw new Refusal("disk-full", `the database could not be written (${code}); nothing was imported`);
    }
    throw error;
  }
}
