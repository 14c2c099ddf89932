/**
 * Drafts and publishing, as the API uses them. Every function holds one transaction and audits what it
 * writes; only a publication touches live content, and it tells the scheduler (`contentChanged`).
 *
 * - A content write (item, playlist, schedule) becomes the entity's draft, validated with the checks
 *   of content/editing.ts, references resolving against live content with the drafts laid over it.
 * - A publication copies drafts (or, for a restore, names a version) and is checked against live
 *   content when requested and again when published: what the approver approved is what goes live,
 *   or nothing does.
 */
import type { SiteConfig } from "../config/site-schema.js";
import { checkItem, checkPlaylist, checkSchedule, EditError, type EditTarget } from "../content/editing.js";
import type { DraftView } from "../contract/publishing.js";
import { recordAudit } from "../store/audit-repo.js";
import { inTransaction } from "../store/database.js";
import {
  decidePublication,
  deleteDraft,
  deleteDraftById,
  getDraft,
  getPublication,
  getVersion,
  insertPublication,
  insertVersion,
  listDrafts,
  publishedSince,
  readLiveContent,
} from "../store/publishing-repo.js";
import type { Role } from "../store/users-repo.js";
import { approvalRequired, canApprove, canReject, publishedDirectly, type Verdict } from "./approval.js";
import { centralOwnedProblem, gateOwnedChanges } from "./central-owned.js";
import { applyChanges, diffContent, lookupIn, referencesTo, valueIn } from "./changes.js";
import type {
  ContentChange,
  ContentState,
  Draft,
  DraftEntity,
  EntityRef,
  EntityValue,
  Publication,
  PublicationChange,
} from "./types.js";
import { applyLive, ensureInitialVersion, putDraft } from "./writes.js";

export interface PublishTarget extends EditTarget {
  site: Pick<SiteConfig, "approval">;
}

/** The logged-in user doing something, with the client address for the audit log. */
export interface User {
  id: number | null;
  name: string;
  role: Role;
  address?: string;
}

/** A decision this user may not take (`forbidden`) or nobody may in this state (`conflict`). */
export class DecisionError extends Error {
  override name = "DecisionError";
  constructor(
    message: string,
    readonly code: "forbidden" | "conflict",
  ) {
    super(message);
  }
}

/** A change set that does not apply to live content as it is; the message names the change. */
class NotPublishable extends Error {}

const actorOf = (user: User) => ({ name: user.name, ...(user.address ? { address: user.address } : {}) });

const CHECKS = { item: checkItem, playlist: checkPlaylist, schedule: checkSchedule } as const;

function check(t: EditTarget, entity: DraftEntity, input: unknown): EntityValue {
  return CHECKS[entity](t, input);
}

function enforce(verdict: Verdict): void {
  if (!verdict.ok) throw new DecisionError(verdict.reason, verdict.code);
}

/** Refuses a change to an entity of a central program (read-only at the gate), as a 403. */
function refuseCentralOwned(entity: DraftEntity, id: string, op: "put" | "delete"): void {
  const problem = centralOwnedProblem(entity, id, op);
  if (problem) throw new EditError(problem, "id", "read-only");
}

function changed(t: PublishTarget, publication: Publication): void {
  t.bus.emit("contentChanged", { entity: "publication", id: String(publication.id) });
}

/** After the commit: the scheduler drops its compiled drafts preview (live content is unchanged). */
function draftsChanged(t: PublishTarget, entity: DraftEntity, id: string): void {
  t.bus.emit("draftsChanged", { entity, id });
}

// ---------------------------------------------------------------------------------------------- drafts

/** Live content, the drafts, and the two laid over each other: read in one transaction. */
export function readDraftState(t: Pick<EditTarget, "db">): {
  live: ContentState;
  drafts: Draft[];
  overlay: ContentState;
} {
  return inTransaction(t.db, () => {
    const live = readLiveContent(t.db);
    const drafts = listDrafts(t.db);
    return { live, drafts, overlay: applyChanges(live, drafts) };
  });
}

/** Creates or replaces the draft of an item, playlist or schedule after the same checks as a save. */
export function writeDraft(
  t: PublishTarget,
  user: User,
  entity: DraftEntity,
  input: unknown,
): { draft: Draft; replaced: boolean } {
  const written = inTransaction(t.db, () => {
    // Before the shape check: whatever the body, a program's entity is not the gate's to write.
    const claimed = (input as { id?: unknown } | null)?.id;
    if (typeof claimed === "string") refuseCentralOwned(entity, claimed, "put");
    const base = ensureInitialVersion(t.db);
    const { live, overlay } = readDraftState(t);
    const value = check({ ...t, lookup: lookupIn(overlay) }, entity, input);
    refuseCentralOwned(entity, value.id, "put");
    const previous = getDraft(t.db, entity, value.id);
    const draft = putDraft(
      t.db,
      { entity, id: value.id, op: "put", after: value } as ContentChange,
      { id: user.id, name: user.name },
      base,
    );
    const before = previous ? previous.after : (valueIn(live, entity, value.id) ?? null);
    recordAudit(t.db, actorOf(user), "draft", entity, value.id, before, value);
    return { draft, replaced: previous !== undefined };
  });
  draftsChanged(t, entity, written.draft.id);
  return written;
}

/** Refuses to drop an entity from the overlay while another draft still refers to it. */
function refuseDangling(overlayAfter: ContentState, entity: DraftEntity, id: string, what: string): void {
  if (valueIn(overlayAfter, entity, id)) return;
  const users = referencesTo(overlayAfter, entity, id);
  if (users.length > 0) {
    throw new EditError(
      `${what}: ${entity} "${id}" is used by ${users.join(", ")} (drafts included)`,
      undefined,
      "conflict",
    );
  }
}

/**
 * An operator's delete. Of a live entity: a delete draft, refused while something (live or draft)
 * refers to it. Of an entity that exists only as a draft: that draft is discarded (`discarded`).
 */
export function writeDeleteDraft(
  t: PublishTarget,
  user: User,
  entity: DraftEntity,
  id: string,
): { draft: Draft; replaced: boolean } | { discarded: Draft } {
  const written = inTransaction(t.db, () => {
    const base = ensureInitialVersion(t.db);
    const { live, drafts, overlay } = readDraftState(t);
    // A left-over draft of a program's entity is discarded with DELETE /drafts/{entity}/{id}.
    refuseCentralOwned(entity, id, "delete");
    const previous = getDraft(t.db, entity, id);
    if (!valueIn(live, entity, id)) {
      if (previous?.op !== "put") throw new EditError(`no ${entity} "${id}"`, undefined, "not-found");
      return { discarded: discard(t, user, previous, drafts, live) };
    }
    if (previous?.op === "delete") return { draft: previous, replaced: false };
    const without = applyChanges(overlay, [{ entity, id, op: "delete", after: null }]);
    const users = referencesTo(without, entity, id);
    if (users.length > 0) {
      throw new EditError(`${entity} "${id}" is used by ${users.join(", ")}`, undefined, "conflict");
    }
    const draft = putDraft(
      t.db,
      { entity, id, op: "delete", after: null },
      { id: user.id, name: user.name },
      base,
    );
    recordAudit(t.db, actorOf(user), "draft-delete", entity, id, valueIn(overlay, entity, id) ?? null, null);
    return { draft, replaced: previous !== undefined };
  });
  draftsChanged(t, entity, id);
  return written;
}

function discard(t: PublishTarget, user: User, draft: Draft, drafts: Draft[], live: ContentState): Draft {
  const others = drafts.filter((d) => d.draftId !== draft.draftId);
  refuseDangling(applyChanges(live, others), draft.entity, draft.id, "cannot discard this draft");
  deleteDraft(t.db, draft.entity, draft.id);
  recordAudit(
    t.db,
    actorOf(user),
    "discard",
    draft.entity,
    draft.id,
    { op: draft.op, after: draft.after },
    null,
  );
  return draft;
}

/** Discards one pending draft (whoever wrote it); live content does not change. */
export function discardDraft(t: PublishTarget, user: User, entity: DraftEntity, id: string): Draft {
  const discarded = inTransaction(t.db, () => {
    const { live, drafts } = readDraftState(t);
    const draft = drafts.find((d) => d.entity === entity && d.id === id);
    if (!draft) throw new EditError(`no draft for ${entity} "${id}"`, undefined, "not-found");
    return discard(t, user, draft, drafts, live);
  });
  draftsChanged(t, entity, id);
  return discarded;
}

// The drafts screen reads this shape; the contract defines it.
export type { DraftView } from "../contract/publishing.js";

/** The drafts (or the given ones) with the live value each would replace. */
export function describeDrafts(t: Pick<EditTarget, "db">, only?: readonly Draft[]): DraftView[] {
  return inTransaction(t.db, () => {
    const { live, drafts } = readDraftState(t);
    const shown = only ?? drafts;
    const oldest = Math.min(...shown.map((d) => d.baseVersion));
    const later = Number.isFinite(oldest) ? publishedSince(t.db, oldest) : [];
    return shown.map((d) => ({
      entity: d.entity,
      id: d.id,
      op: d.op,
      before: valueIn(live, d.entity, d.id) ?? null,
      after: d.after,
      author: d.author,
      createdAt: d.createdAt,
      baseVersion: d.baseVersion,
      stale: later.some(
        (p) =>
          (p.version ?? 0) > d.baseVersion && p.changes.some((c) => c.entity === d.entity && c.id === d.id),
      ),
    }));
  });
}

// ---------------------------------------------------------------------------------------- publishing

/**
 * Checks a change set against live content as it would be afterwards: each put with the save's
 * checks (references resolving in the result), each delete of something live that nothing in the
 * result refers to. Returns the changes as checked (normalized).
 */
export function validateChanges(
  t: EditTarget,
  live: ContentState,
  changes: readonly ContentChange[],
): ContentChange[] {
  const result = applyChanges(live, changes);
  const target = { ...t, lookup: lookupIn(result) };
  return changes.map((change): ContentChange => {
    const name = `${change.entity} "${change.id}"`;
    try {
      if (change.op === "put") {
        return { ...change, after: check(target, change.entity, change.after) } as ContentChange;
      }
      if (!valueIn(live, change.entity, change.id))
        throw new EditError("there is nothing to delete any more");
      const users = referencesTo(result, change.entity, change.id);
      if (users.length > 0) throw new EditError(`it is still used by ${users.join(", ")}`);
      return change;
    } catch (error) {
      if (error instanceof EditError) throw new NotPublishable(`${name}: ${error.message}`);
      throw error;
    }
  });
}

/** Publishes a pending publication now, inside the caller's transaction. */
function publishNow(t: PublishTarget, user: User, publication: Publication): Publication {
  const live = readLiveContent(t.db);
  let changes: ContentChange[] = publication.changes;
  if (publication.kind === "restore") {
    const version = getVersion(t.db, publication.restoreOf ?? 0);
    if (!version) throw new NotPublishable(`version ${publication.restoreOf} does not exist`);
    // Computed now, from what is live now: the result is that version's content exactly, except
    // central programs, which stay as the central office sent them.
    changes = gateOwnedChanges(diffContent(live, version.content));
  } else {
    // Requested before programs were read-only: such a publication can no longer be published.
    for (const c of changes) {
      const problem = centralOwnedProblem(c.entity, c.id, c.op);
      if (problem) throw new NotPublishable(problem);
    }
  }
  const checked = validateChanges(t, live, changes);
  const origin = `publication:${publication.id}`;
  const recorded: PublicationChange[] = checked.map((change, i) => ({
    ...change,
    ...(publication.changes[i]?.draftId !== undefined && publication.kind === "changes"
      ? { draftId: publication.changes[i]?.draftId }
      : {}),
    before: applyLive(t.db, actorOf(user), change, live, origin),
  }));
  const version = insertVersion(t.db, publication.id, readLiveContent(t.db));
  const decided = decidePublication(t.db, publication.id, {
    status: "published",
    decidedBy: user.name,
    version,
    changes: recorded,
  });
  // Drafts edited after the request stay drafts: only the very drafts that were published go.
  for (const change of recorded) if (change.draftId !== undefined) deleteDraftById(t.db, change.draftId);
  recordAudit(t.db, actorOf(user), "publish", "publication", String(publication.id), null, {
    kind: publication.kind,
    author: publication.author,
    version,
    ...(publication.restoreOf !== null ? { restoreOf: publication.restoreOf } : {}),
    changes: recorded.map((c) => ({ entity: c.entity, id: c.id, op: c.op })),
  });
  return decided;
}

/** Which drafts `refs` names (all of them for "all"), each once. */
function selectDrafts(drafts: Draft[], refs: "all" | readonly EntityRef[]): Draft[] {
  if (refs === "all") return drafts;
  const selected: Draft[] = [];
  refs.forEach((ref, i) => {
    const draft = drafts.find((d) => d.entity === ref.entity && d.id === ref.id);
    if (!draft) throw new EditError(`changes.${i}: no draft for ${ref.entity} "${ref.id}"`, `changes.${i}`);
    if (!selected.includes(draft)) selected.push(draft);
  });
  return selected;
}

function refused(error: unknown): never {
  if (error instanceof NotPublishable) {
    throw new EditError(`cannot publish: ${error.message}; nothing was published`, undefined, "conflict");
  }
  throw error;
}

/**
 * Creates a publication of drafts. It is checked against live content now (refused, with nothing
 * recorded, if it would not apply); at a gate without the two-person rule it is published at once.
 */
export function requestPublication(
  t: PublishTarget,
  user: User,
  request: { changes: "all" | readonly EntityRef[]; note?: string | undefined },
): Publication {
  const publication = inTransaction(t.db, () => {
    ensureInitialVersion(t.db);
    const { live, drafts } = readDraftState(t);
    const selected = selectDrafts(drafts, request.changes);
    if (selected.length === 0) throw new EditError("there are no drafts to publish", undefined, "conflict");
    // A draft of a program's entity left from before programs were read-only: discard it instead.
    for (const d of selected) refuseCentralOwned(d.entity, d.id, d.op);
    try {
      validateChanges(t, live, selected);
    } catch (error) {
      refused(error);
    }
    const changes: PublicationChange[] = selected.map(
      (d) =>
        ({
          entity: d.entity,
          id: d.id,
          op: d.op,
          after: d.after,
          draftId: d.draftId,
          authors: d.contributors,
        }) as PublicationChange,
    );
    return create(t, user, { kind: "changes", changes, restoreOf: null, note: request.note || null });
  });
  if (publication.status === "published") changed(t, publication);
  return publication;
}

/** Inside a transaction: records the request, and publishes it at once when no approval is needed. */
function create(
  t: PublishTarget,
  user: User,
  p: Pick<Publication, "kind" | "changes" | "restoreOf" | "note">,
): Publication {
  const publication = insertPublication(t.db, { ...p, author: user.name, authorId: user.id });
  recordAudit(t.db, actorOf(user), "request", "publication", String(publication.id), null, {
    kind: p.kind,
    ...(p.restoreOf !== null ? { restoreOf: p.restoreOf } : {}),
    ...(p.note ? { note: p.note } : {}),
    changes: p.changes.map((c) => ({ entity: c.entity, id: c.id, op: c.op })),
  });
  if (approvalRequired(t.site)) return publication;
  try {
    return publishNow(t, user, publication);
  } catch (error) {
    refused(error);
  }
}

/**
 * A publication that sets the content to version `n`'s (a restore is a publication like any other:
 * it waits for approval where approval is required).
 */
export function requestRestore(t: PublishTarget, user: User, n: number, note?: string): Publication {
  const publication = inTransaction(t.db, () => {
    ensureInitialVersion(t.db);
    const version = getVersion(t.db, n);
    if (!version) throw new EditError(`no published version ${n}`, undefined, "not-found");
    const live = readLiveContent(t.db);
    const changes = gateOwnedChanges(diffContent(live, version.content));
    if (changes.length === 0) {
      throw new EditError(
        `the live content already equals version ${n} (central programs are left as they are)`,
        undefined,
        "conflict",
      );
    }
    try {
      validateChanges(t, live, changes);
    } catch (error) {
      refused(error);
    }
    return create(t, user, { kind: "restore", changes, restoreOf: n, note: note || null });
  });
  if (publication.status === "published") changed(t, publication);
  return publication;
}

function mustGet(t: PublishTarget, id: number): Publication {
  const publication = getPublication(t.db, id);
  if (!publication) throw new EditError(`no publication ${id}`, undefined, "not-found");
  return publication;
}

/**
 * Approves and publishes a pending publication, re-checked against live content as it is now. If it
 * no longer applies, nothing is applied, it becomes `failed` with the reason, and this throws (409).
 */
export function approvePublication(t: PublishTarget, user: User, id: number): Publication {
  const pending = mustGet(t, id);
  enforce(canApprove(pending, { id: user.id, name: user.name, role: user.role }, t.site));
  let published: Publication;
  try {
    published = inTransaction(t.db, () => publishNow(t, user, pending));
  } catch (error) {
    if (!(error instanceof NotPublishable)) throw error;
    inTransaction(t.db, () => {
      decidePublication(t.db, id, {
        status: "failed",
        decidedBy: user.name,
        reason: error.message,
        changes: withBefore(pending.changes, readLiveContent(t.db)),
      });
      recordAudit(t.db, actorOf(user), "fail", "publication", String(id), null, { reason: error.message });
    });
    throw new EditError(
      `publication ${id} can no longer be published: ${error.message}; nothing was applied and it is now failed`,
      undefined,
      "conflict",
    );
  }
  changed(t, published);
  return published;
}

export function rejectPublication(t: PublishTarget, user: User, id: number, reason: string): Publication {
  return inTransaction(t.db, () => {
    const pending = mustGet(t, id);
    enforce(canReject(pending, { id: user.id, name: user.name, role: user.role }));
    const decided = decidePublication(t.db, id, {
      status: "rejected",
      decidedBy: user.name,
      reason,
      changes: withBefore(pending.changes, readLiveContent(t.db)),
    });
    recordAudit(t.db, actorOf(user), "reject", "publication", String(id), null, { reason });
    return decided;
  });
}

function withBefore(changes: readonly PublicationChange[], live: ContentState): PublicationChange[] {
  return changes.map((c) => ({ ...c, before: valueIn(live, c.entity, c.id) ?? null }));
}

/**
 * A publication as the API shows it. While pending, `before` is what is live now (and a restore's
 * changes are computed against it); once decided, the values recorded at the decision.
 */
export function describePublication(t: Pick<EditTarget, "db">, publication: Publication) {
  let changes = publication.changes;
  if (publication.status === "pending") {
    const live = readLiveContent(t.db);
    const version = publication.kind === "restore" ? getVersion(t.db, publication.restoreOf ?? 0) : undefined;
    changes = withBefore(
      version ? gateOwnedChanges(diffContent(live, version.content)) : publication.changes,
      live,
    );
  }
  return {
    ...publication,
    direct: publishedDirectly(publication),
    changes: changes.map(({ entity, id, op, before, after, authors }) => ({
      entity,
      id,
      op,
      before: before ?? null,
      after,
      ...(authors ? { authors: authors.map((a) => a.name) } : {}),
    })),
  };
}
