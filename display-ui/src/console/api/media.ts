/** Images, videos and subtitles: a content-addressed store (the file's name is its SHA-256). */
import type { StoredMedia } from "../../../../controller/src/contract/media.js";
import { type ApiClient, apiUrl, type Result } from "./http.js";

export type { StoredMedia };

/** Uploads a file (the controller checks its type from its content): 201 new, 200 stored already. */
export function upload(api: ApiClient, file: File): Promise<Result<StoredMedia>> {
  return api.request<StoredMedia>("POST", "/media", { file, query: { name: file.name } });
}

/** One file's record: a video's probe (codecs, size, length) and poster frame. */
export function mediaInfo(api: ApiClient, sha256: string): Promise<Result<StoredMedia>> {
  return api.request<StoredMedia>("GET", `/media/${sha256}/info`);
}

export function mediaUrl(sha256: string): string {
  return apiUrl(`/media/${sha256}`);
}
