/** Drafts, publications (the two-person rule) and published versions; see docs/api.md. */
import type { DraftView as ServerDraftView } from "../../../../controller/src/publishing/service.js";
import type { Publication as ServerPublication } from "../../../../controller/src/publishing/types.js";
import type { ApiClient, Result } from "./http.js";
import { seg } from "./http.js";

export type DraftView = ServerDraftView;
export type DraftEntity = DraftView["entity"];

/** A publication as the API answers it (the author's user id is not shown). */
export type Publication = Omit<ServerPublication, "authorId" | "changes"> & {
  changes: {
    entity: DraftEntity;
    id: string;
    op: "put" | "delete";
    before: unknown;
    after: unknown;
    /** Who wrote the draft (the two-person rule keeps each of them from approving it). */
    authors?: string[];
  }[];
  /** Only in the answer to a request: whether the gate makes it wait for a second person. */
  approvalRequired?: boolean;
};

export interface VersionSummary {
  version: number;
  createdAt: string;
  publicationId: number | null;
}

export function drafts(api: ApiClient): Promise<Result<DraftView[]>> {
  return api.get("/drafts");
}

export function discardDraft(api: ApiClient, entity: DraftEntity, id: string): Promise<Result<undefined>> {
  return api.delete(`/drafts/${entity}/${seg(id)}`);
}

export function publications(api: ApiClient, status?: Publication["status"]): Promise<Result<Publication[]>> {
  return api.get("/publications", { status });
}

export function requestPublication(
  api: ApiClient,
  changes: "all" | { entity: DraftEntity; id: string }[],
  note?: string,
): Promise<Result<Publication>> {
  return api.post("/publications", { changes, ...(note ? { note } : {}) });
}

export function approve(api: ApiClient, id: number): Promise<Result<Publication>> {
  return api.post(`/publications/${id}/approve`);
}

export function reject(api: ApiClient, id: number, reason: string): Promise<Result<Publication>> {
  return api.post(`/publications/${id}/reject`, { reason });
}

export function versions(api: ApiClient): Promise<Result<VersionSummary[]>> {
  return api.get("/versions");
}

export function restore(api: ApiClient, version: number, note?: string): Promise<Result<Publication>> {
  return api.post(`/versions/${version}/restore`, note ? { note } : {});
}
