/**
 * Content as it crosses to the UIs: items, playlists, schedules, emergency notices and holiday
 * overrides travel in the same shape the resolver works on, so the domain model stays their one
 * definition and this file re-exports it. The domain is the inner layer: it must not learn of the
 * wire, and domain/types.ts imports nothing, so the UIs bundle no more than these declarations.
 */
import type { ContentItem, EmergencyNotice, IsoDate, Localized } from "../domain/types.js";

export type {
  Category,
  Channel,
  ChannelKind,
  ClockTime,
  ContentItem,
  Daypart,
  EmergencyNotice,
  HolidayOverride,
  IsoDate,
  ItemFacts,
  ItemKind,
  Lang,
  Localized,
  Playlist,
  Recurrence,
  Schedule,
  ScheduleKind,
  ScheduleTarget,
} from "../domain/types.js";
export { CATEGORIES, ITEM_KINDS, LANGUAGES, SCHEDULE_KINDS } from "../domain/types.js";

/**
 * The id prefix central/manifest.ts's namespacedId gives every entity of a program: what carries it
 * is the central office's, read-only at the gate (publishing/central-owned.ts says why). The console
 * marks such entities read-only with the same test the server refuses their drafts by.
 */
export const CENTRAL_ID_PREFIX = "p-";

export function isCentralOwned(id: string): boolean {
  return id.startsWith(CENTRAL_ID_PREFIX);
}

/**
 * Whether an item's facts are past their review date on the gate-local day `today` (YYYY-MM-DD):
 * due on `reviewBy` itself, past from the day after. Shared by the console's overview and the report.
 */
export function isPastReview(item: Pick<ContentItem, "facts">, today: IsoDate): boolean {
  return item.facts !== undefined && item.facts.reviewBy < today;
}

/** The items whose facts are past review on `today`, longest overdue first. */
export function itemsPastReview<T extends Pick<ContentItem, "id" | "facts">>(
  items: readonly T[],
  today: IsoDate,
): T[] {
  return items
    .filter((item) => isPastReview(item, today))
    .sort(
      (a, b) => (a.facts?.reviewBy ?? "").localeCompare(b.facts?.reviewBy ?? "") || a.id.localeCompare(b.id),
    );
}

/** A day of the holiday calendar as `GET /calendar?year=` lists it. */
export interface HolidayOccurrence {
  id: string;
  date: string;
  endDate?: string;
  name: Localized;
  /** The instant the holiday begins, where the calendar computes one (Khmer New Year's Moha Songkran). */
  moment?: string;
}

export type NoticeState = "scheduled" | "active" | "expired" | "cleared";

/** An emergency notice as `/emergencies` answers it: with where it stands now. */
export type NoticeView = EmergencyNotice & { state: NoticeState };

/** `POST /emergencies`: a notice goes live at once (no draft), audited. */
export interface NewNotice {
  title: Localized;
  body?: Localized;
  ledText?: Localized;
  /** ISO-8601 with an offset; must be in the future. */
  expiresAt: string;
}

/** How long notices may last at this gate, and for this user (`GET /emergencies/limits`). */
export interface NoticeLimits {
  operatorMaxHours: number;
  supervisorMaxHours: number;
  yourMaxHours: number;
  maxLeadDays: number;
}
