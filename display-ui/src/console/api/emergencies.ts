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

/** How long notices may last at this gate, and for this user (see docs/api.md "Emergency notices"). */
export interface Limits {
  operatorMaxHours: number;
  supervisorMaxHours: number;
  yourMaxHours: number;
  maxLeadDays: number;
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
