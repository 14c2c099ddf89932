/**
 * Drafts, publications and published versions in SQLite (tables of migration 4). Plain reads and
 * writes: callers hold the transaction; the rules are in publishing/ (service.ts, writes.ts and the
 * pure modules).
 */
import type {
  ContentChange,
  ContentState,
  Contributor,
  Draft,
  DraftEntity,
  Publication,
  PublicationChange,
  PublicationStatus,
  PublishedVersion,
} from "../publishing/types.js";
import { listItems, listPlaylists, listSchedules } from "./content-repo.js";
import { type Db, inTransaction } from "./database.js";

/** What screens can show now: live items, playlists and schedules, each sorted by id. */
export function readLiveContent(db: Db): ContentState {
  return inTransaction(db, () => ({
    items: listItems(db),
    playlists: listPlaylists(db),
    schedules: listSchedules(db),
  }));
}

// ---------------------------------------------------------------------------------------------- drafts

interface DraftRow {
  id: number;
  entity: DraftEntity;
  entity_id: string;
  op: "put" | "delete";
  after: string | null;
  author: string;
  created_at: string;
  base_version: number;
  contributors: string;
}

function draftFromRow(r: DraftRow): Draft {
  const contributors = JSON.parse(r.contributors || "[]") as Contributor[];
  const common = {
    draftId: r.id,
    author: r.author,
    // A draft written before contributors were kept: its author is all that is known.
    contributors: contributors.length > 0 ? contributors : [{ id: null, name: r.author }],
    createdAt: r.created_at,
    baseVersion: r.base_version,
  };
  const change = (
    r.op === "put"
      ? { entity: r.entity, id: r.entity_id, op: "put", after: JSON.parse(r.after ?? "null") }
      : { entity: r.entity, id: r.entity_id, op: "delete", after: null }
  ) as ContentChange;
  return { ...change, ...common };
}

/** Every pending draft, oldest first. */
export function listDrafts(db: Db): Draft[] {
  return (db.prepare("SELECT * FROM draft_changes ORDER BY id").all() as DraftRow[]).map(draftFromRow);
}

export function getDraft(db: Db, entity: DraftEntity, id: string): Draft | undefined {
  const row = db.prepare("SELECT * FROM draft_changes WHERE entity = ? AND entity_id = ?").get(entity, id) as
    | DraftRow
    | undefined;
  return row && draftFromRow(row);
}

/** Writes the entity's draft in place of the one it had (a new draft id); callers hold the transaction. */
export function replaceDraft(
  db: Db,
  change: ContentChange,
  author: Contributor,
  contributors: Contributor[],
  baseVersion: number,
): Draft {
  db.prepare("DELETE FROM draft_changes WHERE entity = ? AND entity_id = ?").run(change.entity, change.id);
  const createdAt = new Date().toISOString();
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO draft_changes (entity, entity_id, op, after, author, created_at, base_version, contributors)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      change.entity,
      change.id,
      change.op,
      change.op === "put" ? JSON.stringify(change.after) : null,
      author.name,
      createdAt,
      baseVersion,
      JSON.stringify(contributors),
    );
  return {
    ...change,
    draftId: Number(lastInsertRowid),
    author: author.name,
    contributors,
    createdAt,
    baseVersion,
  };
}

export function deleteDraft(db: Db, entity: DraftEntity, id: string): boolean {
  return (
    db.prepare("DELETE FROM draft_changes WHERE entity = ? AND entity_id = ?").run(entity, id).changes > 0
  );
}

/** Removes a draft only if it is still the same one (not edited since `draftId` was read). */
export function deleteDraftById(db: Db, draftId: number): boolean {
  return db.prepare("DELETE FROM draft_changes WHERE id = ?").run(draftId).changes > 0;
}

// ---------------------------------------------------------------------------------------- publications

interface PublicationRow {
  id: number;
  kind: Publication["kind"];
  status: PublicationStatus;
  author: string;
  author_id: number | null;
  note: string | null;
  changes: string;
  restore_of: number | null;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  version: number | null;
}

function publicationFromRow(r: PublicationRow): Publication {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    author: r.author,
    authorId: r.author_id,
    note: r.note,
    changes: JSON.parse(r.changes),
    restoreOf: r.restore_of,
    createdAt: r.created_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reason: r.reason,
    version: r.version,
  };
}

export function insertPublication(
  db: Db,
  p: Pick<Publication, "kind" | "author" | "authorId" | "note" | "changes" | "restoreOf">,
): Publication {
  const createdAt = new Date().toISOString();
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO publications (kind, status, author, author_id, note, changes, restore_of, created_at)
       VALUES (?, 'pending', ?, ?, ?, ?, ?, ?)`,
    )
    .run(p.kind, p.author, p.authorId, p.note, JSON.stringify(p.changes), p.restoreOf, createdAt);
  return getPublication(db, Number(lastInsertRowid)) as Publication;
}

export function getPublication(db: Db, id: number): Publication | undefined {
  const row = db.prepare("SELECT * FROM publications WHERE id = ?").get(id) as PublicationRow | undefined;
  return row && publicationFromRow(row);
}

/** Newest first, optionally only those in one status. */
export function listPublications(db: Db, status?: PublicationStatus): Publication[] {
  const rows = db
    .prepare("SELECT * FROM publications WHERE (@status IS NULL OR status = @status) ORDER BY id DESC")
    .all({ status: status ?? null }) as PublicationRow[];
  return rows.map(publicationFromRow);
}

/** Records the decision on a pending publication (the store refuses to change a decided one). */
export function decidePublication(
  db: Db,
  id: number,
  decision: {
    status: Exclude<PublicationStatus, "pending">;
    decidedBy: string;
    reason?: string | null;
    version?: number | null;
    changes: PublicationChange[];
  },
): Publication {
  const { changes } = db
    .prepare(
      `UPDATE publications SET status = ?, decided_by = ?, decided_at = ?, reason = ?, version = ?, changes = ?
       WHERE id = ? AND status = 'pending'`,
    )
    .run(
      decision.status,
      decision.decidedBy,
      new Date().toISOString(),
      decision.reason ?? null,
      decision.version ?? null,
      JSON.stringify(decision.changes),
      id,
    );
  if (changes !== 1) throw new Error(`publication ${id} is not pending`);
  return getPublication(db, id) as Publication;
}

/** Publications published after `version`, oldest first. */
export function publishedSince(db: Db, version: number): Publication[] {
  const rows = db
    .prepare("SELECT * FROM publications WHERE status = 'published' AND version > ? ORDER BY version")
    .all(version) as PublicationRow[];
  return rows.map(publicationFromRow);
}

// ------------------------------------------------------------------------------------------- versions

interface VersionRow {
  version: number;
  created_at: string;
  publication_id: number | null;
  content: string;
}

export function latestVersionNumber(db: Db): number | undefined {
  const row = db.prepare("SELECT max(version) AS v FROM published_versions").get() as { v: number | null };
  return row.v ?? undefined;
}

export function insertVersion(db: Db, publicationId: number | null, content: ContentState): number {
  const version = (latestVersionNumber(db) ?? 0) + 1;
  db.prepare(
    "INSERT INTO published_versions (version, created_at, publication_id, content) VALUES (?, ?, ?, ?)",
  ).run(version, new Date().toISOString(), publicationId, JSON.stringify(content));
  return version;
}

export function getVersion(db: Db, version: number): PublishedVersion | undefined {
  const row = db.prepare("SELECT * FROM published_versions WHERE version = ?").get(version) as
    | VersionRow
    | undefined;
  return (
    row && {
      version: row.version,
      createdAt: row.created_at,
      publicationId: row.publication_id,
      content: JSON.parse(row.content),
    }
  );
}

/** Newest first, without the content (counts instead). */
export function listVersions(
  db: Db,
): { version: number; createdAt: string; publicationId: number | null; counts: Record<string, number> }[] {
  const rows = db
    .prepare(
      `SELECT version, created_at, publication_id,
              json_array_length(content, '$.items') AS items,
              json_array_length(content, '$.playlists') AS playlists,
              json_array_length(content, '$.schedules') AS schedules
       FROM published_versions ORDER BY version DESC`,
    )
    .all() as {
    version: number;
    created_at: string;
    publication_id: number | null;
    items: number;
    playlists: number;
    schedules: number;
  }[];
  return rows.map((r) => ({
    version: r.version,
    createdAt: r.created_at,
    publicationId: r.publication_id,
    counts: { items: r.items, playlists: r.playlists, schedules: r.schedules },
  }));
}
