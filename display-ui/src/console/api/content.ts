/**
 * Content, schedules and what plays: items, playlists, schedules (live, or with the drafts laid over
 * them), the dry-run validation, the holiday calendar and the resolver's `/now`.
 */
import type {
  ContentItem,
  HolidayOccurrence,
  Playlist,
  Schedule,
} from "../../../../controller/src/contract/content.js";
import type { KioskRecord, KioskState } from "../../../../controller/src/contract/kiosk.js";
import type { NowAnswer } from "../../../../controller/src/contract/playout.js";
import { type ApiClient, type Result, seg } from "./http.js";
import type { DraftView } from "./publishing.js";

export type { HolidayOccurrence } from "../../../../controller/src/contract/content.js";
export type { NowAlert, NowAnswer, NowEntry } from "../../../../controller/src/contract/playout.js";

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

export function calendar(api: ApiClient, year: number): Promise<Result<HolidayOccurrence[]>> {
  return api.get("/calendar", { year });
}

/** The holidays of this gate-local year and the next: what a schedule's holiday list offers. */
export async function comingHolidays(api: ApiClient, year: number): Promise<HolidayOccurrence[]> {
  const years = await Promise.all([calendar(api, year), calendar(api, year + 1)]);
  return years.flatMap((y) => (y.ok ? y.value : []));
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
