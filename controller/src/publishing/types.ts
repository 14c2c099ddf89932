/**
 * Drafts, publications and published versions: plain data shared by the pure rules (changes.ts,
 * approval.ts, state.ts), the store (store.ts) and the API.
 */
import type {
  DraftEntity,
  EntityValue,
  EntityValues,
  PublicationView,
  VersionSummary,
} from "../contract/publishing.js";
import type { ContentItem, Playlist, Schedule } from "../domain/types.js";

// What crosses to the console is the contract's; the rules here use the same definitions.
export {
  DRAFT_ENTITIES,
  type DraftEntity,
  type EntityValue,
  type EntityValues,
  PUBLICATION_STATUSES,
  type PublicationStatus,
} from "../contract/publishing.js";

/** Everything a published version holds: what screens can show, each list sorted by id. */
export interface ContentState {
  items: ContentItem[];
  playlists: Playlist[];
  schedules: Schedule[];
}

/** A reference to one entity, as `POST /publications` names the changes to publish. */
export interface EntityRef {
  entity: DraftEntity;
  id: string;
}

/** One change to one entity: create or replace it with `after`, or delete it. */
export type ContentChange = {
  [E in DraftEntity]:
    | { entity: E; id: string; op: "put"; after: EntityValues[E] }
    | { entity: E; id: string; op: "delete"; after: null };
}[DraftEntity];

/** Someone who wrote a change: the user id when a session knew it, and the name. */
export interface Contributor {
  id: number | null;
  name: string;
}

/** An operator's pending change, not yet on any screen. */
export type Draft = ContentChange & {
  draftId: number;
  /** Who wrote the draft last. */
  author: string;
  /**
   * Everyone who wrote a version of this draft since it was created, the last author included: the
   * two-person rule keeps each of them from approving it.
   */
  contributors: Contributor[];
  /** ISO-8601 instant. */
  createdAt: string;
  /** The published version that was live when the draft was written. */
  baseVersion: number;
};

/** A change as a publication keeps it: which draft it came from, and what it replaced once decided. */
export type PublicationChange = ContentChange & {
  /** The draft it was copied from (`changes` publications); removed when published unless edited since. */
  draftId?: number;
  /** The live value when the publication was decided (null: the entity did not exist). */
  before?: EntityValue | null;
  /** Who wrote the draft it was copied from (absent: a restore, or requested before this was kept). */
  authors?: Contributor[];
};

/**
 * A publication as kept: the answer's fields (contract/publishing.ts) with the author's id and each
 * change whole; `direct` is derived from who decided it (approval.ts, `publishedDirectly`).
 */
export interface Publication extends Omit<PublicationView, "changes" | "approvalRequired" | "direct"> {
  /** The author's user id, when requested through a session (the two-person rule compares both). */
  authorId: number | null;
  changes: PublicationChange[];
}

export interface PublishedVersion extends VersionSummary {
  content: ContentState;
}
