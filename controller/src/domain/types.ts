/**
 * The domain model shared by the store, the resolver, the API and the UIs.
 * Pure data: no I/O, no classes, so a snapshot can be handed to a pure function.
 */

/** Languages a gate can show. BCP 47 tags, as the kiosk's `lang` attribute needs them. */
export const LANGUAGES = ["vi", "en", "zh-Hans", "lo", "km"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Text in several languages; a gate declares which ones it must have. */
export type Localized = Partial<Record<Lang, string>>;

/** Categories a traveler browses on the kiosk. */
export const CATEGORIES = [
  "welcome",
  "procedures",
  "customs",
  "hours",
  "emergency",
  "tourism",
  "investment",
  "news",
  "holiday",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const ITEM_KINDS = ["article", "image", "video", "led"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** A calendar date in gate-local time, `YYYY-MM-DD`. */
export type IsoDate = string;
/** A wall-clock time in gate-local time, `HH:MM`. */
export type ClockTime = string;

export interface ContentItem {
  id: string;
  kind: ItemKind;
  title: Localized;
  /** Plain text; blank lines separate paragraphs. Never HTML: the UIs render it as text. */
  body: Localized;
  /** Short text for LED signs; an item of kind `led` has only this. */
  ledText: Localized;
  /** sha256 of a media file in the content-addressed store (images, video). */
  mediaSha256?: string;
  /** A video's WebVTT subtitles per language: sha256 of `text/vtt` files in the media store. */
  subtitles?: Partial<Record<Lang, string>>;
  durationS: number;
  validFrom?: IsoDate;
  validUntil?: IsoDate;
  categories: Category[];
  /** Where a factual item's rules come from and when someone must check them again. */
  facts?: ItemFacts;
}

/**
 * The provenance of an item that states facts (customs allowances, hours, procedures, numbers): a
 * rule that changed must not stay on screen for years, so each names its source and a review date.
 */
export interface ItemFacts {
  /** A decree, a notice, a phone call with the border post: what a reviewer checks against. */
  source: string;
  /** Gate-local date after which the item is "past review" (console overview, half-year report). */
  reviewBy: IsoDate;
  /** When the facts were last confirmed against the source. */
  checkedOn?: IsoDate;
}

export interface Playlist {
  id: string;
  name: string;
  itemIds: string[];
}

/** A big LED screen plays what a kiosk's loop plays (anything but kind `led`). */
export type ChannelKind = "kiosk" | "sign" | "screen";
export interface Channel {
  id: string;
  kind: ChannelKind;
  name: string;
}

/**
 * Precedence, highest first: emergency notice → interrupt → holiday → normal (by priority) → default.
 * The kinds are ordered here from strongest to weakest schedule kind.
 */
export const SCHEDULE_KINDS = ["interrupt", "holiday", "normal", "default"] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export interface Daypart {
  start: ClockTime;
  /** When `end` <= `start` in clock order the daypart wraps past midnight; equal is refused. */
  end: ClockTime;
}

export type Recurrence =
  | { type: "daily" }
  /** Days of the ISO week, 1 = Monday … 7 = Sunday. */
  | { type: "weekly"; weekdays: number[] }
  | { type: "monthly"; day: number }
  | { type: "yearly"; month: number; day: number }
  /** A day in the Vietnamese (UTC+7) or Chinese (UTC+8) lunar calendar; `leap` picks the leap month. */
  | { type: "lunar-yearly"; calendar: "vi" | "zh"; month: number; day: number; leap?: boolean }
  /**
   * The days of a holiday rule from the calendar (`tet`, `lao-new-year`, …), shifted by offsetDays; or,
   * with `fromMoment`, the `hours` from the instant the holiday begins (Khmer New Year's Songkran
   * moment), whatever the dayparts (domain/schedule/moment.ts).
   */
  | { type: "holiday"; holidayId: string; offsetDays?: number; fromMoment?: { hours: number } };

export type ScheduleTarget = { playlistId: string } | { itemId: string };

export interface Schedule {
  id: string;
  name: string;
  kind: ScheduleKind;
  target: ScheduleTarget;
  /** Channel ids, or `["*"]` for every channel of the gate. */
  channels: string[];
  /** 0–100; higher wins over lower on the same channel; equal ones rotate together. */
  priority: number;
  /** Inclusive gate-local date range bounding every occurrence. */
  startDate?: IsoDate;
  endDate?: IsoDate;
  recurrence: Recurrence;
  /** How many days one occurrence of a yearly, lunar or monthly recurrence lasts (default 1). */
  durationDays?: number;
  /** Empty means the whole day. */
  dayparts: Daypart[];
  /** For kind `interrupt`: seconds of each hour it takes, spread over `slotsPerHour` equal slots. */
  interrupt?: { secondsPerHour: number; slotsPerHour: number };
  enabled: boolean;
}

export interface EmergencyNotice {
  id: string;
  title: Localized;
  body: Localized;
  ledText: Localized;
  /** ISO-8601 instants. */
  startsAt: string;
  expiresAt: string;
  clearedAt?: string;
}

/** A date a government fixes each year (Lao and Khmer New Year), sent by the central office. */
export interface HolidayOverride {
  holidayId: string;
  year: number;
  date: IsoDate;
  endDate?: IsoDate;
}

/** Everything the resolver needs, read from the store in one transaction. */
export interface Snapshot {
  gateId: string;
  languages: Lang[];
  channels: Channel[];
  items: ReadonlyMap<string, ContentItem>;
  playlists: ReadonlyMap<string, Playlist>;
  schedules: Schedule[];
  emergencies: EmergencyNotice[];
  holidayOverrides: HolidayOverride[];
}
