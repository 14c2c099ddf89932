/**
 * Dates, times and content checks as operators read them. Times are always the gate's (UTC+7, no
 * daylight saving), whatever the time zone of the laptop the console runs on.
 */
import type { ContentItem, Lang, Localized } from "../../../controller/src/contract/content.js";
import type { ApiError } from "./api/http.js";
import type { ConsoleLang } from "./i18n.js";

export const GATE_TZ = "Asia/Ho_Chi_Minh";
const GATE_OFFSET = "+07:00";
const GATE_OFFSET_MS = 7 * 3_600_000;
const LOCALE: Record<ConsoleLang, string> = { vi: "vi-VN", en: "en-GB" };

/**
 * The gate's wall clock of an instant as `YYYY-MM-DDTHH:mm:ss`, by fixed UTC arithmetic (the gate has
 * no daylight saving): no `Intl`, no browser locale or time zone can change it. Undefined for a
 * string that is not an instant.
 */
function gateWall(iso: string | number): string | undefined {
  const ms = typeof iso === "number" ? iso : Date.parse(iso);
  if (!Number.isFinite(ms)) return undefined;
  return new Date(ms + GATE_OFFSET_MS).toISOString().slice(0, 19);
}

/**
 * `17/02/2026 08:05` in gate time, day first and 24-hour in both languages, whatever the browser's
 * locale: a Vietnamese reader takes 12/07 as 12 July, and an English console at a Vietnamese gate
 * reads the gate's way too.
 */
export function formatDateTime(iso: string | null | undefined, _lang?: ConsoleLang): string {
  if (!iso) return "";
  const wall = gateWall(iso);
  if (!wall) return iso;
  return `${formatDate(wall.slice(0, 10))} ${wall.slice(11, 16)}`;
}

/** `2026-02-17` as 17/02/2026: day first in both languages, as dates are written in Viet Nam. */
export function formatDate(date: string | undefined): string {
  if (!date) return "";
  const [y, m, d] = date.split("-");
  return `${d}/${m}/${y}`;
}

/** An instant's gate-local day, `17/02/2026`. */
export function formatDay(iso: string | null | undefined): string {
  const wall = iso ? gateWall(iso) : undefined;
  return wall ? formatDate(wall.slice(0, 10)) : (iso ?? "");
}

/** `08:05`: 24-hour gate time. */
export function formatTime(iso: string, _lang?: ConsoleLang): string {
  return gateWall(iso)?.slice(11, 16) ?? iso;
}

/**
 * A day typed as people write it here, `6/12/2026` or `06/12/2026` (also `06-12-2026`, `06.12.2026`),
 * as `2026-12-06`; undefined when it is not a real day. For text inputs that stand in for
 * `<input type=date>`, whose format follows the browser's locale.
 */
export function parseDay(text: string): string | undefined {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.toISOString().slice(0, 10);
}

/** `8:05`, `08:05` or `8h05` as `08:05`: a 24-hour time of day; undefined when it is not one. */
export function parseClock(text: string): string | undefined {
  const m = /^\s*(\d{1,2})[:h.](\d{2})\s*$/i.exec(text);
  if (!m) return undefined;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, "0")}:${m[2]}`;
}

/**
 * A gate date and time typed day first, `06/12/2026 14:30` (24-hour), as the instant it names at the
 * gate, `2026-12-06T14:30:00+07:00`; undefined when the day or the time does not exist.
 */
export function parseDayTime(text: string): string | undefined {
  const m = /^\s*(\S+)[\s,]+(\S+)\s*$/.exec(text);
  const day = m ? parseDay(m[1] ?? "") : undefined;
  const time = m ? parseClock(m[2] ?? "") : undefined;
  return day && time ? gateInstant(day, time) : undefined;
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

/** An error as one line of text, for places that take no markup (a toast, a title). */
export function errorLine(error: ApiError): string {
  return error.detail ? `${error.message} (${error.detail})` : error.message;
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
  const strip = (s: string) => (s.startsWith(prefix) ? s.slice(prefix.length) : s);
  // The reader's sentence, then what the controller said was wrong (its words: zod's, in English).
  return error.detail ? `${error.message} ${strip(error.detail)}` : strip(error.message);
}

/**
 * The part of an error that concerns one entity of a larger document: `items.2.title.vi` for the
 * item at `items.2` becomes `title.vi`, so the entity's own form shows it under its own field.
 */
export function errorWithin(error: ApiError | undefined, prefix: string): ApiError | undefined {
  if (!error?.field?.startsWith(`${prefix}.`)) return undefined;
  const full = error.field;
  const field = full.slice(prefix.length + 1);
  const rename = (s: string) => (s.startsWith(`${full}: `) ? `${field}: ${s.slice(full.length + 2)}` : s);
  return {
    ...error,
    field,
    message: rename(error.message),
    ...(error.detail !== undefined ? { detail: rename(error.detail) } : {}),
  };
}

/** Short codes for chips, in the language's own script where that is how people know it. */
export const LANG_CODE: Record<Lang, string> = {
  vi: "VI",
  en: "EN",
  "zh-Hans": "中文",
  lo: "ລາວ",
  km: "ខ្មែរ",
};
