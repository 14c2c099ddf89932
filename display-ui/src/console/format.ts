/**
 * Dates, times and content checks as operators read them. Times are always the gate's (UTC+7, no
 * daylight saving), whatever the time zone of the laptop the console runs on.
 */
import type { ContentItem, Lang, Localized } from "../../../controller/src/contract/content.js";
import type { ApiError } from "./api/http.js";
import type { ConsoleLang } from "./i18n.js";

export const GATE_TZ = "Asia/Ho_Chi_Minh";
const GATE_OFFSET = "+07:00";
const LOCALE: Record<ConsoleLang, string> = { vi: "vi-VN", en: "en-GB" };

export function formatDateTime(iso: string | null | undefined, lang: ConsoleLang): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: GATE_TZ,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(ms);
}

/** `2026-02-17` as 17/02/2026: day first in both languages, as dates are written in Viet Nam. */
export function formatDate(date: string | undefined): string {
  if (!date) return "";
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
}

export function formatTime(iso: string, lang: ConsoleLang): string {
  return new Intl.DateTimeFormat(LOCALE[lang], {
    timeZone: GATE_TZ,
    hour: "2-digit",
    minute: "2-digit",
  }).format(Date.parse(iso));
}

/** The gate-local wall clock of an instant, as a `datetime-local` input wants it (`2027-02-06T08:00`). */
export function toLocalInput(ms: number): string {
  // The gate has no daylight saving: a fixed +7 h shift is its wall clock.
  return new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
}

/** A `datetime-local` value, read as gate-local time, as an ISO instant the API accepts. */
export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  return `${value}:00${GATE_OFFSET}`;
}

/** Today's gate-local date, `YYYY-MM-DD`. */
export function gateToday(ms = Date.now()): string {
  return toLocalInput(ms).slice(0, 10);
}

/** A gate-local date and time as an instant: `2027-02-06`, `08:00` → `2027-02-06T08:00:00+07:00`. */
export function gateInstant(date: string, time = "12:00"): string {
  return `${date}T${time}:00${GATE_OFFSET}`;
}

/** The gate-local day after a `YYYY-MM-DD` (fixed UTC arithmetic: no local-time getters). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * "Valid until the end of 30/04/2027" as the instant gates stop accepting it: 00:00 the next day,
 * gate time. `lastValidDay` reads one back (an instant at midnight belongs to the day before it).
 */
export function endOfGateDay(date: string): string {
  return gateInstant(nextDay(date), "00:00");
}

export function lastValidDay(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? "" : gateToday(ms - 1);
}

/** "3 phút trước", "2 hours ago": how long ago an instant was, in the largest whole unit. */
export function formatAge(iso: string, lang: ConsoleLang, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  const rtf = new Intl.RelativeTimeFormat(LOCALE[lang], { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  // Under a minute: "bây giờ" / "now" (clocks differ by seconds; a count of them would be noise).
  return rtf.format(0, "second");
}

/** 1234.5 → "1.234,5" in Vietnamese, "1,234.5" in English; `decimals` fixed. */
export function formatNumber(n: number, lang: ConsoleLang, decimals = 0): string {
  return new Intl.NumberFormat(LOCALE[lang], {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(n);
}

/** Free disk and file sizes: "12,3 GB". */
export function formatBytes(bytes: number, lang: ConsoleLang): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, lang, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** The text of a localized field in the reader's language, else Vietnamese, else any. */
export function pickText(text: Localized | undefined, lang: ConsoleLang): { text: string; lang: Lang } {
  if (!text) return { text: "", lang };
  for (const l of [lang, "vi", "en"] as Lang[]) {
    const value = text[l];
    if (value) return { text: value, lang: l };
  }
  for (const [l, value] of Object.entries(text) as [Lang, string | undefined][]) {
    if (value) return { text: value, lang: l };
  }
  return { text: "", lang };
}

export type TextField = "title" | "body" | "ledText";

/**
 * Which of the gate's languages an item lacks, and in which fields. An LED message needs only its LED
 * text; any other item a title and (articles) a body, and LED text in every language once it has
 * some in one (a sign would skip the others).
 */
export function missingTexts(item: ContentItem, languages: readonly Lang[]): Map<Lang, TextField[]> {
  const has = (text: Localized, lang: Lang) => (text[lang] ?? "").trim() !== "";
  const anyLed = languages.some((l) => has(item.ledText, l));
  const missing = new Map<Lang, TextField[]>();
  for (const lang of languages) {
    const fields: TextField[] = [];
    if (item.kind === "led") {
      if (!has(item.ledText, lang)) fields.push("ledText");
    } else {
      if (!has(item.title, lang)) fields.push("title");
      if (item.kind === "article" && !has(item.body, lang)) fields.push("body");
      if (anyLed && !has(item.ledText, lang)) fields.push("ledText");
    }
    missing.set(lang, fields);
  }
  return missing;
}

/**
 * The server's error for one field (or for a field inside it, e.g. `dayparts` for `dayparts.0.end`),
 * with the field's name taken off the front of the message: it is shown right under that field.
 */
export function errorAt(error: ApiError | undefined, field: string, nested = false): string | undefined {
  if (!error?.field) return undefined;
  const match = error.field === field || (nested && error.field.startsWith(`${field}.`));
  if (!match) return undefined;
  const prefix = `${error.field}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/**
 * The part of an error that concerns one entity of a larger document: `items.2.title.vi` for the
 * item at `items.2` becomes `title.vi`, so the entity's own form shows it under its own field.
 */
export function errorWithin(error: ApiError | undefined, prefix: string): ApiError | undefined {
  if (!error?.field?.startsWith(`${prefix}.`)) return undefined;
  const field = error.field.slice(prefix.length + 1);
  const message = error.message.startsWith(`${error.field}: `)
    ? `${field}: ${error.message.slice(error.field.length + 2)}`
    : error.message;
  return { ...error, field, message };
}

/** Short codes for chips, in the language's own script where that is how people know it. */
export const LANG_CODE: Record<Lang, string> = {
  vi: "VI",
  en: "EN",
  "zh-Hans": "中文",
  lo: "ລາວ",
  km: "ខ្មែរ",
};
