/** Drafts, publications (the two-person rule) and published versions; see docs/api.md. */
import type {
  DraftEntity,
  DraftView,
  PublicationView,
  VersionSummary,
} from "../../../../controller/src/contract/publishing.js";
import type { ApiClient, Result } from "./http.js";
import { seg } from "./http.js";

export type { DraftEntity, DraftView, VersionSummary };
/** A publication as the API answers it (the author's user id is not shown). */
export type Publication = PublicationView;

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
