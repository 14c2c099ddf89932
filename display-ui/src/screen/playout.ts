/**
 * The big screen's rules, pure so they are tested without a browser: what an entry is on screen, which
 * language each play is in, how loud the screen may be at a gate-time minute, and how a browser's
 * media error becomes a skip reason.
 */
import type { Lang } from "../../../controller/src/contract/content.js";
import type { SkipReason } from "../../../controller/src/contract/kiosk.js";
import type { ScreenEntry, ScreenSound } from "../../../controller/src/contract/screen.js";

export type EntryKind = "video" | "image" | "slide";

/** A video or image item without a file to show (or an article) is a text slide of its title and body. */
export function entryKind(entry: ScreenEntry): EntryKind {
  const mime = entry.item.media?.mime ?? "";
  if (mime.startsWith("video/")) return "video";
  if (mime.startsWith("image/")) return "image";
  return "slide";
}

/** Every gate is on Vietnam's time, UTC+7 all year (no daylight saving). */
const GATE_OFFSET_MS = 7 * 3_600_000;
const DAY_MIN = 24 * 60;

/** The gate-time minute of the day (0–1439) at an instant. */
export function gateMinuteOf(epochMs: number): number {
  return Math.floor((((epochMs + GATE_OFFSET_MS) % 86_400_000) + 86_400_000) / 60_000) % DAY_MIN;
}

/** `HH:MM` → minutes; undefined when malformed (the site schema checks it; the player never trusts). */
function minutesOf(clock: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

export function inQuietHours(spans: ScreenSound["quietHours"], minute: number): boolean {
  return spans.some(({ start, end }) => {
    const s = minutesOf(start);
    const e = minutesOf(end);
    if (s === undefined || e === undefined) return false;
    // end ≤ start wraps midnight (22:00–06:00); equal ends mean the whole day.
    return e > s ? minute >= s && minute < e : minute >= s || minute < e;
  });
}

/** The media element's volume (0–1) at a gate-time minute; 0 means muted. */
export function volumeAt(sound: ScreenSound, minute: number): number {
  if (!sound.enabled || inQuietHours(sound.quietHours, minute)) return 0;
  return Math.min(1, Math.max(0, sound.volume / 100));
}

/**
 * The skip reason for a media element's error code (MediaError: 1 aborted, 2 network, 3 decode,
 * 4 source not supported).
 */
export function skipReasonOf(code: number | undefined): SkipReason {
  switch (code) {
    case 2:
      return "network";
    case 3:
      return "decode-error";
    case 4:
      return "unsupported";
    default:
      return "stalled";
  }
}

/** The browser's own words, bounded: they go into the controller's records. */
export function skipDetail(text: string | undefined): string | undefined {
  const trimmed = (text ?? "").replace(/\s+/g, " ").trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

/**
 * How long a video may run past its known length before the player calls it stuck: a quarter of its
 * length, at least 5 s (a link that hiccups), at most a minute.
 */
export function overrunLimitMs(durationMs: number): number {
  return durationMs + Math.min(60_000, Math.max(5_000, durationMs / 4));
}

/**
 * A video that says `ended` well before its probed length was cut short (a truncated file): the end
 * came more than 1.5 s and 10 % early.
 */
export function endedEarly(playedMs: number, durationMs: number | undefined): boolean {
  if (!durationMs) return false;
  return playedMs < durationMs - 1_500 && playedMs < durationMs * 0.9;
}

/** The languages a slide shows in turn: the screen's, those the item has text in. */
export function slideLanguages(entry: ScreenEntry, languages: readonly Lang[]): Lang[] {
  const present = languages.filter((lang) => entry.item.title[lang] || entry.item.body[lang]);
  return present.length > 0 ? present : languages.slice(0, 1);
}

/**
 * The loop's order: entries in turn, each play in the next language of the screen's rotation. A new
 * state keeps the rotation going (the language does not restart at the first one with every change).
 */
export class Rotation {
  #index = -1;
  #turn = -1;

  /** The next entry to play and its language; undefined when there is nothing to play. */
  next(
    entries: readonly ScreenEntry[],
    languages: readonly Lang[],
  ): { entry: ScreenEntry; language: Lang } | undefined {
    if (entries.length === 0) return undefined;
    this.#index = (this.#index + 1) % entries.length;
    this.#turn = (this.#turn + 1) % Math.max(1, languages.length);
    const entry = entries[this.#index] as ScreenEntry;
    return { entry, language: languages[this.#turn] ?? "vi" };
  }
}
