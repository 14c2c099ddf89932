/** Emergency notices: they skip drafts and reach every screen at once (audited). */
import type { NewNotice, NoticeLimits, NoticeView } from "../../../../controller/src/contract/content.js";
import { type ApiClient, type Result, seg } from "./http.js";

export type { NewNotice, NoticeState } from "../../../../controller/src/contract/content.js";
export type Notice = NoticeView;
/** How long notices may last at this gate, and for this user (see docs/api.md "Emergency notices"). */
export type Limits = NoticeLimits;

export function list(api: ApiClient): Promise<Result<Notice[]>> {
  return api.get("/emergencies");
}

export function create(api: ApiClient, notice: NewNotice): Promise<Result<Notice>> {
  return api.post("/emergencies", notice);
}

export function clear(api: ApiClient, id: string): Promise<Result<Notice>> {
  return api.post(`/emergencies/${seg(id)}/clear`);
}

export function limits(api: ApiClient): Promise<Result<Limits>> {
  return api.get("/emergencies/limits");
}

/** A supervisor's decision that a notice goes on: a later end (at most supervisorMaxHours ahead), and why. */
export function extend(
  api: ApiClient,
  id: string,
  body: { expiresAt: string; reason: string },
): Promise<Result<Notice>> {
  return api.post(`/emergencies/${seg(id)}/extend`, body);
}
