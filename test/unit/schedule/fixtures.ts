/** Small builders for resolver tests: every instant is written gate-local (`2026-02-17T08:00`). */
import { formatGateIso, parseInstant } from "../../../controller/src/domain/gate-time.js";
import type {
  Channel,
  ContentItem,
  EmergencyNotice,
  HolidayOverride,
  Playlist,
  Schedule,
  Snapshot,
} from "../../../controller/src/domain/types.js";

/** Epoch ms of a gate-local wall time, e.g. `at("2026-02-17T08:00")`. */
export function at(local: string): number {
  const ms = parseInstant(local);
  if (Number.isNaN(ms)) throw new Error(`bad instant ${local}`);
  return ms;
}

/** The ISO string the resolver prints for a gate-local wall time. */
export function iso(local: string): string {
  return formatGateIso(at(local));
}

/** An article with both kiosk text and LED text (plays everywhere). */
export function item(id: string, over: Partial<ContentItem> = {}): ContentItem {
  return {
    id,
    kind: "article",
    title: { vi: id, en: id },
    body: { vi: `${id} body` },
    ledText: { vi: id.toUpperCase() },
    durationS: 10,
    categories: [],
    ...over,
  };
}

/** An article without LED text: kiosks only. */
export function kioskItem(id: string, over: Partial<ContentItem> = {}): ContentItem {
  return item(id, { ledText: {}, ...over });
}

/** An LED-only message: signs only. */
export function ledItem(id: string, over: Partial<ContentItem> = {}): ContentItem {
  return item(id, { kind: "led", title: {}, body: {}, ...over });
}

export function playlist(id: string, itemIds: string[]): Playlist {
  return { id, name: id, itemIds };
}

/** A normal, daily, whole-day schedule on every channel, priority 50, playing item `<id>-item` unless told. */
export function schedule(id: string, over: Partial<Schedule> = {}): Schedule {
  return {
    id,
    name: id,
    kind: "normal",
    target: { itemId: `${id}-item` },
    channels: ["*"],
    priority: 50,
    recurrence: { type: "daily" },
    dayparts: [],
    enabled: true,
    ...over,
  };
}

export function emergency(
  id: string,
  startsAt: string,
  expiresAt: string,
  over: Partial<EmergencyNotice> = {},
): EmergencyNotice {
  return {
    id,
    title: { vi: id },
    body: {},
    ledText: { vi: id.toUpperCase() },
    startsAt: iso(startsAt),
    expiresAt: iso(expiresAt),
    ...over,
  };
}

export const KIOSK: Channel = { id: "kiosk-hall", kind: "kiosk", name: "Hall kiosks" };
export const SIGN: Channel = { id: "sign-gate", kind: "sign", name: "Gate sign" };

export interface SnapshotParts {
  channels?: Channel[];
  items?: ContentItem[];
  playlists?: Playlist[];
  schedules?: Schedule[];
  emergencies?: EmergencyNotice[];
  holidayOverrides?: HolidayOverride[];
}

/**
 * A snapshot; items named by a schedule's `{itemId}` target that are not listed are created as
 * articles with LED text (so `schedule("a")` plays `a-item` on kiosks and signs).
 */
export function snapshot(parts: SnapshotParts = {}): Snapshot {
  const items = new Map<string, ContentItem>();
  for (const i of parts.items ?? []) items.set(i.id, i);
  for (const s of parts.schedules ?? []) {
    if ("itemId" in s.target && !items.has(s.target.itemId))
      items.set(s.target.itemId, item(s.target.itemId));
  }
  return {
    gateId: "thanh-thuy",
    languages: ["vi", "zh-Hans", "en"],
    channels: parts.channels ?? [KIOSK, SIGN],
    items,
    playlists: new Map((parts.playlists ?? []).map((p) => [p.id, p])),
    schedules: parts.schedules ?? [],
    emergencies: parts.emergencies ?? [],
    holidayOverrides: parts.holidayOverrides ?? [],
  };
}

/**
 * A Tết holiday program (holiday `tet`) showing a kiosk-only poster, over a normal schedule of the
 * opening hours (an article with LED text): on the holiday the kiosks show the poster, and the sign,
 * for which the poster has nothing to play, falls through to the opening hours.
 */
export function posterOverHours(): Snapshot {
  return snapshot({
    items: [kioskItem("poster"), item("hours")],
    schedules: [
      schedule("tet-poster", {
        kind: "holiday",
        target: { itemId: "poster" },
        recurrence: { type: "holiday", holidayId: "tet" },
      }),
      schedule("opening-hours", { target: { itemId: "hours" } }),
    ],
  });
}

/** Schedules the resolver's tests share (Tết 2026 falls on 17 February, a Tuesday). */
export const tetGreeting = schedule("tet-greeting", {
  kind: "holiday",
  priority: 60,
  recurrence: { type: "holiday", holidayId: "tet-holiday" },
});
export const morning = schedule("morning", { dayparts: [{ start: "06:00", end: "12:00" }] });
export const defaultLoop = schedule("loop", { kind: "default", priority: 0 });
/** An interrupt: a minute of every hour, in four slots of 15 s. */
export const hourlyNews = schedule("news", {
  kind: "interrupt",
  priority: 10,
  interrupt: { secondsPerHour: 60, slotsPerHour: 4 },
});
