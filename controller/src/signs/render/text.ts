/**
 * Text preparation and line-break opportunities, per language. Pure string work: no fonts, no canvas.
 */
import type { Lang } from "../../domain/types.js";

export const ZWSP = "\u200b";

/**
 * NFC (so Vietnamese letters are the precomposed ones the fonts map directly, e.g. "Ệ" = U+1EC6, never E +
 * two combining marks split across faces), CRLF to LF, other spaces collapsed, lines trimmed.
 * A LF is kept: it is a forced line break where the panel has room for two lines.
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .replace(/[\t\v\f\u0020\u1680\u2000-\u200a\u202f\u205f\u3000]+/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join("\n");
}

/** The line as drawn: no ZWSP (it only marks a break), no LF. */
export function drawable(line: string): string {
  return line.replaceAll(ZWSP, "").replaceAll("\n", " ").trim();
}

export type BreakRule = "spaces" | "cjk" | "zwsp";

/** vi/en wrap at spaces; Chinese between characters; Lao and Khmer (no spaces between words) at ZWSP or spaces. */
export const BREAK_RULE: Readonly<Record<Lang, BreakRule>> = {
  vi: "spaces",
  en: "spaces",
  "zh-Hans": "cjk",
  lo: "zwsp",
  km: "zwsp",
};

/** A place the text may be split: line 1 is `text.slice(0, at)`, line 2 starts at `at + skip`. */
export interface BreakOpportunity {
  readonly at: number;
  readonly skip: number;
  /** True between two characters of one word (Chinese: allowed, but a word boundary reads better). */
  readonly inWord: boolean;
}

// Kinsoku: no line may start with closing punctuation, none may end with opening punctuation.
const NO_LINE_START = new Set([..."，。、．,.!?！？；;：:）)」』】〉》〕”’%％·・…—～"]);
const NO_LINE_END = new Set([..."（(「『【〈《〔“‘"]);

function isIdeographicContext(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return (cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xffef);
}

const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });
// ICU's dictionary word segmentation for Chinese, to prefer 越南|边防 over 越|南边防.
const chineseWords = new Intl.Segmenter("zh", { granularity: "word" });

export function breakOpportunities(text: string, rule: BreakRule): BreakOpportunity[] {
  const out: BreakOpportunity[] = [];
  for (let i = 1; i < text.length - 1; i++) {
    const ch = text[i];
    if (ch === " " || ch === ZWSP) out.push({ at: i, skip: 1, inWord: false });
  }
  if (rule !== "cjk") return out;
  const wordStarts = new Set([...chineseWords.segment(text)].map((s) => s.index));
  // Between two grapheme clusters when at least one is ideographic, subject to kinsoku.
  const clusters = [...graphemes.segment(text)];
  for (let k = 1; k < clusters.length; k++) {
    const prev = clusters[k - 1]?.segment ?? "";
    const next = clusters[k]?.segment ?? "";
    if (prev === " " || next === " " || prev === ZWSP || next === ZWSP) continue;
    if (!isIdeographicContext(prev) && !isIdeographicContext(next)) continue;
    if (NO_LINE_START.has(next) || NO_LINE_END.has(prev)) continue;
    const at = clusters[k]?.index ?? 0;
    out.push({ at, skip: 0, inWord: !wordStarts.has(at) });
  }
  return out.sort((a, b) => a.at - b.at);
}

export function splitAt(text: string, op: BreakOpportunity): [string, string] {
  return [drawable(text.slice(0, op.at)), drawable(text.slice(op.at + op.skip))];
}

/** True when every character is printable ASCII (0x20–0x7E): a driver may send it as the sign's native text. */
export function isAsciiOnly(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}
