/**
 * Drafts, publications (the two-person rule) and published versions as `/api/v1/drafts`,
 * `/publications` and `/versions` answer them. Instants are gate-local ISO-8601 strings.
 */
import type { ContentItem, Playlist, Schedule } from "./content.js";

/** The entities that go through drafts. Emergency notices do not: they go live at once. */
export const DRAFT_ENTITIES = ["item", "playlist", "schedule"] as const;
export type DraftEntity = (typeof DRAFT_ENTITIES)[number];

export interface EntityValues {
  item: ContentItem;
  playlist: Playlist;
  schedule: Schedule;
}
export type EntityValue = EntityValues[DraftEntity];

export const PUBLICATION_STATUSES = ["pending", "published", "rejected", "failed"] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/** An operator's pending change as `GET /drafts` lists it. */
export interface DraftView {
  entity: DraftEntity;
  id: string;
  op: "put" | "delete";
  /** The live value now (null: not live yet). */
  before: EntityValue | null;
  /** The draft's value (null: a delete). */
  after: EntityValue | null;
  author: string;
  createdAt: string;
  baseVersion: number;
  /** A publication changed this entity after the draft was written: publishing it would overwrite that. */
  stale: boolean;
}

/** One change of a publication as sent: a pending one shows what it would replace now. */
export interface PublicationChangeView {
  entity: DraftEntity;
  id: string;
  op: "put" | "delete";
  before: unknown;
  after: unknown;
  /** Who wrote the draft (the two-person rule keeps each of them from approving it). */
  authors?: string[];
}

/** A publication as the API answers it (the author's user id is not shown). */
export interface PublicationView {
  id: number;
  /** `changes`: drafts; `restore`: set the content to `restoreOf`'s, as computed when published. */
  kind: "changes" | "restore";
  status: PublicationStatus;
  author: string;
  note: string | null;
  changes: PublicationChangeView[];
  restoreOf: number | null;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  /** The published version it made. */
  version: number | null;
  /**
   * Published by its own author where the gate required no approval: nobody approved it (the
   * two-person rule never lets an author decide their own publication, so this is exactly that).
   */
  direct: boolean;
  /** Only in the answer to a request: whether the gate makes it wait for a second person. */
  approvalRequired?: boolean;
}

/** A row of `GET /versions`. */
export interface VersionSummary {
  version: number;
  createdAt: string;
  /** null for version 1: the content found at the first start (the imported pack). */
  publicationId: number | null;
}
