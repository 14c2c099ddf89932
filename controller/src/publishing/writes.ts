/**
 * The writes of publishing that join a rule to the repository: a draft keeps everyone who wrote part
 * of it, the first start's content is version 1, and a change reaches the live tables with its audit.
 * The SQL is in store/publishing-repo.ts and store/content-repo.ts.
 */
import { type Actor, recordAudit, SYSTEM } from "../store/audit-repo.js";
import { deleteContentRow, saveEntity } from "../store/content-repo.js";
import { type Db, inTransaction } from "../store/database.js";
import {
  getDraft,
  insertVersion,
  latestVersionNumber,
  readLiveContent,
  replaceDraft,
} from "../store/publishing-repo.js";
import { sameValue, valueIn } from "./changes.js";
import type { ContentChange, ContentState, Contributor, Draft, EntityValue } from "./types.js";

/** `who` added to `list` unless the same person is there already (by id when both know it, else by name). */
export function withContributor(list: readonly Contributor[], who: Contributor): Contributor[] {
  const same = (c: Contributor) =>
    (c.id !== null && who.id !== null && c.id === who.id) || c.name.toLowerCase() === who.name.toLowerCase();
  return list.some(same) ? [...list] : [...list, who];
}

/**
 * Writes the entity's draft, replacing (with a new draft id) the one it had. The replaced draft's
 * contributors are kept: whoever wrote part of what is proposed stays one of its authors.
 */
export function putDraft(db: Db, change: ContentChange, author: Contributor, baseVersion: number): Draft {
  return inTransaction(db, () => {
    const previous = getDraft(db, change.entity, change.id);
    const contributors = withContributor(previous?.contributors ?? [], author);
    return replaceDraft(db, change, author, contributors, baseVersion);
  });
}

/**
 * Records the live content as version 1 if no version exists: the content pack import (or, on a gate
 * upgraded to this controller, what was live then) is what a restore goes back to. Idempotent.
 */
export function ensureInitialVersion(db: Db): number {
  return inTransaction(db, () => {
    const latest = latestVersionNumber(db);
    if (latest !== undefined) return latest;
    const content = readLiveContent(db);
    const version = insertVersion(db, null, content);
    recordAudit(db, SYSTEM, "create", "version", String(version), null, {
      items: content.items.length,
      playlists: content.playlists.length,
      schedules: content.schedules.length,
    });
    return version;
  });
}

/**
 * Applies one change to the live tables with its audit row (before, after), inside the caller's
 * transaction. A put that changes nothing writes nothing. Returns the value it replaced.
 */
export function applyLive(
  db: Db,
  actor: Actor,
  change: ContentChange,
  live: ContentState,
  origin: string,
): EntityValue | null {
  const before = valueIn(live, change.entity, change.id) ?? null;
  if (change.op === "delete") {
    if (before) {
      deleteContentRow(db, change.entity, change.id);
      recordAudit(db, actor, "delete", change.entity, change.id, before, null);
    }
    return before;
  }
  if (before && sameValue(before, change.after)) return before;
  // saveEntity reads the row again for the audit's before: the same value, in the same transaction.
  switch (change.entity) {
    case "item":
      saveEntity(db, actor, "item", change.after, origin);
      break;
    case "playlist":
      saveEntity(db, actor, "playlist", change.after, origin);
      break;
    case "schedule":
      saveEntity(db, actor, "schedule", change.after, origin);
      break;
  }
  return before;
}
