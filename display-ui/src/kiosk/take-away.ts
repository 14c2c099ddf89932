/**
 * "Take it with you": what the QR code under an item page carries. Pure: an item and a language in,
 * a string out; drawing it is qr-matrix.ts's job.
 *
 * Where the gate's site file gives the item a public page (`publicUrl`), the code carries that URL
 * with `?lang=`. Otherwise it carries the page itself as plain text, so a phone keeps it with no
 * network at the gate: the title, a blank line, the body as the kiosk shows it.
 *
 * Why plain text, and why phone numbers stay as written: a QR code holds one payload. A `tel:` URI
 * holds one number and none of the text; a vCard holds several but turns the page into a contact.
 * Plain text is what every phone's reader shows (and keeps, copies, shares), and their text
 * detectors (Android's Lens and smart text selection, iOS data detectors) offer to call the numbers
 * in it. The numbers are not rewritten to `+84…`: emergency numbers are short codes (113, 115 in
 * Viet Nam; 1191 in Laos) dialled as they are on whatever network the phone is on and have no
 * international form, the page also lists the neighbour's, and "10.000.000 đồng" is not a phone
 * number. One addition: a number written in Khmer or Lao digits (១១៧, ໑໑໙໑) gets its Western form beside
 * it, `១១៧ (117)`, because no phone dials or detects native digits. The body is plain text by contract (the kiosk never renders it as HTML), so there is no
 * markup to strip: what looks like markup is shown as characters on screen and carried the same way.
 */
import type { Lang } from "../../../controller/src/contract/content.js";
import type { KioskItem } from "../../../controller/src/contract/kiosk.js";
import { paragraphs, textIn } from "../shared/i18n.js";

/**
 * Bytes of UTF-8 a version-25 QR code holds at error correction M in byte mode (qrcode-generator's
 * limit, checked in test/unit/kiosk-take-away.test.ts). Version 25 is 117 modules a side: past it a
 * code shown on a kiosk screen gets too dense for an ordinary phone camera at arm's length.
 */
export const QR_MAX_BYTES = 997;
export const QR_MAX_VERSION = 25;
export const QR_ERROR_CORRECTION = "M";

/** Appended on its own line where the text was cut: the reader sees the page goes on. */
export const TRUNCATION_MARK = "…";

export interface TakeAwayPayload {
  /** `url`: the item's public page; `text`: the page itself. */
  kind: "url" | "text";
  /** What the QR code carries, encoded as UTF-8 in byte mode. */
  text: string;
  /** The page was too long and `text` holds its beginning (cut at a line or sentence). */
  truncated: boolean;
  /** UTF-8 length of `text`. */
  bytes: number;
  /** The language `text` is in (the fallback found when the item lacks the language asked for). */
  lang: Lang;
}

const encoder = new TextEncoder();

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** The QR payload of `item` as shown in `language` (with the kiosk's fallback languages). */
export function takeAwayPayload(
  item: KioskItem,
  language: Lang,
  fallback: readonly Lang[] = [],
  maxBytes: number = QR_MAX_BYTES,
): TakeAwayPayload {
  const url = publicPage(item.publicUrl, language);
  if (url !== undefined && utf8Length(url) <= maxBytes) {
    return { kind: "url", text: url, truncated: false, bytes: utf8Length(url), lang: language };
  }
  const title = textIn(item.title, language, fallback);
  const body = textIn(item.body, language, fallback);
  const full = pageText(title.text, body.text);
  const { text, truncated } = fitText(full, maxBytes, body.lang);
  return { kind: "text", text, truncated, bytes: utf8Length(text), lang: body.lang };
}

/** The public URL with `lang` set (an existing query kept), or undefined when none or not https. */
function publicPage(publicUrl: string | undefined, language: Lang): string | undefined {
  if (!publicUrl) return undefined;
  try {
    const url = new URL(publicUrl);
    // The controller validates the site file; this guards a state cached from an older one.
    if (url.protocol !== "https:") return undefined;
    url.searchParams.set("lang", language);
    return url.toString();
  } catch {
    return undefined;
  }
}

/** Title, a blank line, then the body's paragraphs as the kiosk shows them (line breaks kept). */
export function pageText(title: string, body: string): string {
  const parts = [title.trim(), ...paragraphs(body).map((p) => p.replace(/[ \t]+$/gm, ""))];
  return withDialableDigits(parts.filter((p) => p.length > 0).join("\n\n"));
}

/** Khmer (U+17E0…) and Lao (U+0ED0…) digits; a number in one script is 3–15 of them on their own. */
const NATIVE_NUMBER = /(?<![\p{Nd}][.,]?)([\u17e0-\u17e9]{3,15}|[\u0ed0-\u0ed9]{3,15})(?![.,]?[\p{Nd}])/gu;

/**
 * `១១៧` → `១១៧ (117)`: a phone number in Khmer or Lao digits with the digits a phone dials beside it.
 * Amounts (`១០.០០០.០០០`) and numbers next to other digits are left alone.
 */
export function withDialableDigits(text: string): string {
  return text.replace(NATIVE_NUMBER, (run: string) => {
    const western = [...run].map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return String(code >= 0x17e0 && code <= 0x17e9 ? code - 0x17e0 : code - 0x0ed0);
    });
    return `${run} (${western.join("")})`;
  });
}

/**
 * `text` whole when it fits in `maxBytes` of UTF-8; else its longest beginning that ends at a line or
 * sentence and fits with "\n…". A cut that would keep less than half the room falls back to a word
 * and then to a grapheme boundary (Lao and Khmer have no spaces between words; Intl.Segmenter knows
 * their words), so one long paragraph still fills the code and no cluster is split.
 */
export function fitText(text: string, maxBytes: number, lang: Lang): { text: string; truncated: boolean } {
  if (utf8Length(text) <= maxBytes) return { text, truncated: false };
  const tail = `\n${TRUNCATION_MARK}`;
  const room = maxBytes - utf8Length(tail);
  const cutAt = (end: number) => text.slice(0, end).trimEnd();
  const best = (ends: number[]): string | undefined => {
    for (let i = ends.length - 1; i >= 0; i--) {
      const head = cutAt(ends[i] as number);
      if (head.length > 0 && utf8Length(head) <= room) return head;
    }
    return undefined;
  };
  const halfway = (head: string | undefined) => head !== undefined && utf8Length(head) * 2 >= room;

  let head = best(boundaries(text, lang, "sentence"));
  if (!halfway(head)) head = best(boundaries(text, lang, "word")) ?? head;
  if (!halfway(head)) head = best(boundaries(text, lang, "grapheme")) ?? head;
  return { text: `${head ?? ""}${tail}`, truncated: true };
}

/**
 * Offsets where a cut may end, ascending. For sentences: every line end as well (a list item is a
 * line with no full stop); for words: the end of each word, so the cut never drops trailing punctuation
 * in the middle of a word.
 */
function boundaries(text: string, lang: Lang, granularity: "sentence" | "word" | "grapheme"): number[] {
  const ends = new Set<number>();
  const segmenter = new Intl.Segmenter(lang, { granularity });
  for (const segment of segmenter.segment(text)) {
    if (granularity === "word" && segment.isWordLike === false) continue;
    ends.add(segment.index + segment.segment.length);
  }
  if (granularity === "sentence") {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) ends.add(i);
  }
  return [...ends].sort((a, b) => a - b);
}
