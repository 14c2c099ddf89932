/**
 * Content, schedules and what plays: items, playlists, schedules (live, or with the drafts laid over
 * them), the dry-run validation, the holiday calendar and the resolver's `/now`.
 */
import type { ContentItem, Localized, Playlist, Schedule } from "../../../../controller/src/domain/types.js";
import type { KioskRecord, KioskState } from "../../../../controller/src/kiosk/contract.js";
import { type ApiClient, type Result, seg } from "./http.js";
import type { DraftView } from "./publishing.js";

export type Entity = "item" | "playlist" | "schedule";
export interface EntityValue {
  item: ContentItem;
  playlist: Playlist;
  schedule: Schedule;
}
const PATHS: Record<Entity, string> = { item: "/items", playlist: "/playlists", schedule: "/schedules" };

/** Every item, playlist or schedule; `draft`: as publishing every draft would leave them. */
export function list<E extends Entity>(
  api: ApiClient,
  entity: E,
  draft = true,
): Promise<Result<EntityValue[E][]>> {
  return api.get(PATHS[entity], { draft });
}

export function get<E extends Entity>(
  api: ApiClient,
  entity: E,
  id: string,
  draft = true,
): Promise<Result<EntityValue[E]>> {
  return api.get(`${PATHS[entity]}/${seg(id)}`, { draft });
}

/** Writes the entity's draft (200 replaced, 201 new): nothing reaches a screen until it is published. */
export function put<E extends Entity>(
  api: ApiClient,
  entity: E,
  value: EntityValue[E],
): Promise<Result<DraftView>> {
  return api.put(`${PATHS[entity]}/${seg(value.id)}`, value);
}

/** A delete draft (200), or nothing (204) when the entity was only a draft, which is discarded. */
export function remove(api: ApiClient, entity: Entity, id: string): Promise<Result<DraftView | undefined>> {
  return api.delete(`${PATHS[entity]}/${seg(id)}`);
}

/** The checks a save runs, without saving (references resolve against live content). */
export function validate<E extends Entity>(
  api: ApiClient,
  entity: E,
  value: unknown,
): Promise<Result<{ ok: true; value: EntityValue[E] }>> {
  return api.post(`/validate/${entity}`, value);
}

export interface HolidayOccurrence {
  id: string;
  date: string;
  endDate?: string;
  name: Localized;
  /** The instant the holiday begins, where the calendar computes one (Khmer New Year's Moha Songkran). */
  moment?: string;
}

export function calendar(api: ApiClient, year: number): Promise<Result<HolidayOccurrence[]>> {
  return api.get("/calendar", { year });
}

/** The holidays of this gate-local year and the next: what a schedule's holiday list offers. */
export async function comingHolidays(api: ApiClient, year: number): Promise<HolidayOccurrence[]> {
  const years = await Promise.all([calendar(api, year), calendar(api, year + 1)]);
  return years.flatMap((y) => (y.ok ? y.value : []));
}

export interface NowEntry {
  itemId: string;
  /** @deprecated The same id on LED entries, kept one release for older clients: read `itemId`. */
  messageId?: string;
  scheduleId: string | null;
  holiday?: string;
  priority: number;
  level: "interrupt" | "holiday" | "normal" | "default" | "emergency";
  reason: string;
}

export interface NowAlert {
  id: string;
  title: Localized;
  body: Localized;
  ledText: Localized;
  startsAt: string;
  expiresAt: string;
}

export interface NowAnswer {
  at: string;
  gate: string;
  channels: { id: string; kind: "kiosk" | "sign"; entries: NowEntry[] }[];
  alert?: NowAlert;
  nextChangeAt: string | null;
  draft?: boolean;
}

/** What every channel shows at `at` (default now), and why; `draft`: with every draft published. */
export function now(api: ApiClient, at?: string, draft = false): Promise<Result<NowAnswer>> {
  return api.get("/now", { at, draft });
}

/** The kiosk group's state: the console reads the gate's name and languages from it. */
export function kioskState(api: ApiClient, channel?: string): Promise<Result<KioskState>> {
  return api.get("/kiosk/state", { channel });
}

export function kiosks(api: ApiClient): Promise<Result<KioskRecord[]>> {
  return api.get("/kiosks");
}
