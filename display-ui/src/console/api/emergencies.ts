/** Emergency notices: they skip drafts and reach every screen at once (audited). */
import type { EmergencyNotice, Localized } from "../../../../controller/src/domain/types.js";
import { type ApiClient, type Result, seg } from "./http.js";

export type NoticeState = "scheduled" | "active" | "expired" | "cleared";
export type Notice = EmergencyNotice & { state: NoticeState };

export interface NewNotice {
  title: Localized;
  body?: Localized;
  ledText?: Localized;
  /** ISO-8601 with an offset; must be in the future. */
  expiresAt: string;
}

export function list(api: ApiClient): Promise<Result<Notice[]>> {
  return api.get("/emergencies");
}

export function create(api: ApiClient, notice: NewNotice): Promise<Result<Notice>> {
  return api.post("/emergencies", notice);
}

export function clear(api: ApiClient, id: string): Promise<Result<Notice>> {
  return api.post(`/emergencies/${seg(id)}/clear`);
}
