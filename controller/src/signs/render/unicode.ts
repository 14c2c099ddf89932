/**
 * What the renderer knows about code points without drawing anything: which scripts a sign may show
 * (the policy), and how to name a code point in a refusal so an operator can find it in the text.
 *
 * Node has no Unicode character-name table, and shipping one (≈ 2 MB) for error messages is not worth
 * it, so a refusal names the code point, shows it when it is visible, and gives its Unicode block;
 * Hangul syllables and CJK ideographs get their full names because those are algorithmic.
 */

/** A script family the signs can show. `common` is punctuation, digits, spaces and symbols. */
export type SignScript = "latin" | "han" | "lao" | "khmer" | "common";

/**
 * The policy: code points a sign may show, by script. A code point outside these ranges is refused even
 * when some font on disk happens to have it (Noto Sans ships Devanagari and Cyrillic, for example): the
 * gates show Vietnamese, English, Chinese, Lao and Khmer and nothing else has been checked on a panel.
 * A code point inside them still needs a font that has it (see `fonts.ts`).
 */
const SUPPORTED: readonly (readonly [from: number, to: number, script: SignScript])[] = [
  [0x0020, 0x0040, "common"],
  [0x0041, 0x005a, "latin"],
  [0x005b, 0x0060, "common"],
  [0x0061, 0x007a, "latin"],
  [0x007b, 0x007e, "common"],
  [0x00a0, 0x00bf, "common"],
  [0x00c0, 0x024f, "latin"], // Latin-1 letters, Latin Extended-A and -B (Ơ ơ Ư ư Đ đ)
  [0x0300, 0x036f, "latin"], // combining marks (decomposed Vietnamese; NFC usually folds them away)
  [0x0e80, 0x0eff, "lao"],
  [0x1780, 0x17ff, "khmer"],
  [0x19e0, 0x19ff, "khmer"], // Khmer symbols (lunar dates)
  [0x1e00, 0x1eff, "latin"], // Latin Extended Additional: Ạ … ỹ
  [0x2000, 0x206f, "common"], // general punctuation, ZWSP/ZWNJ/ZWJ
  [0x20a0, 0x20cf, "common"], // currency: ₫ €
  [0x2100, 0x214f, "common"], // letterlike: № ™ ℃
  [0x2190, 0x21ff, "common"], // arrows
  [0x3000, 0x303f, "han"], // CJK symbols and punctuation
  [0x3400, 0x4dbf, "han"],
  [0x4e00, 0x9fff, "han"],
  [0xf900, 0xfaff, "han"],
  [0xfe30, 0xfe4f, "han"], // CJK compatibility forms
  [0xff00, 0xffef, "han"], // fullwidth forms
];

/** The script of a code point if the signs may show it, else `undefined`. */
export function signScriptOf(cp: number): SignScript | undefined {
  let lo = 0;
  let hi = SUPPORTED.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = SUPPORTED[mid];
    if (range === undefined) break;
    if (cp < range[0]) hi = mid - 1;
    else if (cp > range[1]) lo = mid + 1;
    else return range[2];
  }
  return undefined;
}

/** `U+0915`, `U+1F600`. */
export function formatCodePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Unicode blocks, enough to say where a stray character comes from (the scripts travellers and operators
 * may paste: neighbours' scripts, Korean, Japanese, Cyrillic, emoji …).
 */
const BLOCKS: readonly (readonly [from: number, to: number, name: string])[] = [
  [0x0000, 0x007f, "Basic Latin"],
  [0x0080, 0x00ff, "Latin-1 Supplement"],
  [0x0100, 0x017f, "Latin Extended-A"],
  [0x0180, 0x024f, "Latin Extended-B"],
  [0x0250, 0x02af, "IPA Extensions"],
  [0x02b0, 0x02ff, "Spacing Modifier Letters"],
  [0x0300, 0x036f, "Combining Diacritical Marks"],
  [0x0370, 0x03ff, "Greek and Coptic"],
  [0x0400, 0x04ff, "Cyrillic"],
  [0x0500, 0x052f, "Cyrillic Supplement"],
  [0x0530, 0x058f, "Armenian"],
  [0x0590, 0x05ff, "Hebrew"],
  [0x0600, 0x06ff, "Arabic"],
  [0x0700, 0x074f, "Syriac"],
  [0x0780, 0x07bf, "Thaana"],
  [0x0900, 0x097f, "Devanagari"],
  [0x0980, 0x09ff, "Bengali"],
  [0x0a00, 0x0a7f, "Gurmukhi"],
  [0x0a80, 0x0aff, "Gujarati"],
  [0x0b00, 0x0b7f, "Oriya"],
  [0x0b80, 0x0bff, "Tamil"],
  [0x0c00, 0x0c7f, "Telugu"],
  [0x0c80, 0x0cff, "Kannada"],
  [0x0d00, 0x0d7f, "Malayalam"],
  [0x0d80, 0x0dff, "Sinhala"],
  [0x0e00, 0x0e7f, "Thai"],
  [0x0e80, 0x0eff, "Lao"],
  [0x0f00, 0x0fff, "Tibetan"],
  [0x1000, 0x109f, "Myanmar"],
  [0x10a0, 0x10ff, "Georgian"],
  [0x1100, 0x11ff, "Hangul Jamo"],
  [0x1200, 0x139f, "Ethiopic"],
  [0x13a0, 0x13ff, "Cherokee"],
  [0x1780, 0x17ff, "Khmer"],
  [0x1800, 0x18af, "Mongolian"],
  [0x1950, 0x197f, "Tai Le"],
  [0x1980, 0x19df, "New Tai Lue"],
  [0x19e0, 0x19ff, "Khmer Symbols"],
  [0x1a20, 0x1aaf, "Tai Tham"],
  [0x1ab0, 0x1aff, "Combining Diacritical Marks Extended"],
  [0x1d00, 0x1dbf, "Phonetic Extensions"],
  [0x1dc0, 0x1dff, "Combining Diacritical Marks Supplement"],
  [0x1e00, 0x1eff, "Latin Extended Additional"],
  [0x1f00, 0x1fff, "Greek Extended"],
  [0x2000, 0x206f, "General Punctuation"],
  [0x2070, 0x209f, "Superscripts and Subscripts"],
  [0x20a0, 0x20cf, "Currency Symbols"],
  [0x20d0, 0x20ff, "Combining Diacritical Marks for Symbols"],
  [0x2100, 0x214f, "Letterlike Symbols"],
  [0x2150, 0x218f, "Number Forms"],
  [0x2190, 0x21ff, "Arrows"],
  [0x2200, 0x22ff, "Mathematical Operators"],
  [0x2300, 0x23ff, "Miscellaneous Technical"],
  [0x2460, 0x24ff, "Enclosed Alphanumerics"],
  [0x2500, 0x257f, "Box Drawing"],
  [0x2580, 0x259f, "Block Elements"],
  [0x25a0, 0x25ff, "Geometric Shapes"],
  [0x2600, 0x26ff, "Miscellaneous Symbols"],
  [0x2700, 0x27bf, "Dingbats"],
  [0x2e80, 0x2eff, "CJK Radicals Supplement"],
  [0x2f00, 0x2fdf, "Kangxi Radicals"],
  [0x3000, 0x303f, "CJK Symbols and Punctuation"],
  [0x3040, 0x309f, "Hiragana"],
  [0x30a0, 0x30ff, "Katakana"],
  [0x3100, 0x312f, "Bopomofo"],
  [0x3130, 0x318f, "Hangul Compatibility Jamo"],
  [0x3200, 0x32ff, "Enclosed CJK Letters and Months"],
  [0x3300, 0x33ff, "CJK Compatibility"],
  [0x3400, 0x4dbf, "CJK Unified Ideographs Extension A"],
  [0x4e00, 0x9fff, "CJK Unified Ideographs"],
  [0xa000, 0xa4cf, "Yi"],
  [0xa960, 0xa97f, "Hangul Jamo Extended-A"],
  [0xac00, 0xd7af, "Hangul Syllables"],
  [0xd7b0, 0xd7ff, "Hangul Jamo Extended-B"],
  [0xd800, 0xdfff, "Surrogates"],
  [0xe000, 0xf8ff, "Private Use Area"],
  [0xf900, 0xfaff, "CJK Compatibility Ideographs"],
  [0xfb50, 0xfdff, "Arabic Presentation Forms-A"],
  [0xfe00, 0xfe0f, "Variation Selectors"],
  [0xfe30, 0xfe4f, "CJK Compatibility Forms"],
  [0xfe70, 0xfeff, "Arabic Presentation Forms-B"],
  [0xff00, 0xffef, "Halfwidth and Fullwidth Forms"],
  [0xfff0, 0xffff, "Specials"],
  [0x1f000, 0x1f02f, "Mahjong Tiles"],
  [0x1f100, 0x1f1ff, "Enclosed Alphanumeric Supplement"],
  [0x1f300, 0x1f5ff, "Miscellaneous Symbols and Pictographs (emoji)"],
  [0x1f600, 0x1f64f, "Emoticons (emoji)"],
  [0x1f680, 0x1f6ff, "Transport and Map Symbols (emoji)"],
  [0x1f900, 0x1f9ff, "Supplemental Symbols and Pictographs (emoji)"],
  [0x20000, 0x2a6df, "CJK Unified Ideographs Extension B"],
  [0x2a700, 0x2ebef, "CJK Unified Ideographs Extensions C–F"],
  [0x30000, 0x3134f, "CJK Unified Ideographs Extension G"],
  [0xe0000, 0xe007f, "Tags"],
  [0xe0100, 0xe01ef, "Variation Selectors Supplement"],
];

export function blockOf(cp: number): string | undefined {
  for (const [from, to, name] of BLOCKS) if (cp >= from && cp <= to) return name;
  return undefined;
}

// Jamo short names from the Unicode Standard (chapter 3.12), for the algorithmic Hangul syllable names.
const JAMO_L = [
  "G",
  "GG",
  "N",
  "D",
  "DD",
  "R",
  "M",
  "B",
  "BB",
  "S",
  "SS",
  "",
  "J",
  "JJ",
  "C",
  "K",
  "T",
  "P",
  "H",
];
const JAMO_V = [
  "A",
  "AE",
  "YA",
  "YAE",
  "EO",
  "E",
  "YEO",
  "YE",
  "O",
  "WA",
  "WAE",
  "OE",
  "YO",
  "U",
  "WEO",
  "WE",
  "WI",
  "YU",
  "EU",
  "YI",
  "I",
];
const JAMO_T = [
  "",
  "G",
  "GG",
  "GS",
  "N",
  "NJ",
  "NH",
  "D",
  "L",
  "LG",
  "LM",
  "LB",
  "LS",
  "LT",
  "LP",
  "LH",
  "M",
  "B",
  "BS",
  "S",
  "SS",
  "NG",
  "J",
  "C",
  "K",
  "T",
  "P",
  "H",
];

/** The character name where Unicode defines it by rule (Hangul syllables, CJK ideographs), else undefined. */
export function algorithmicName(cp: number): string | undefined {
  if (cp >= 0xac00 && cp <= 0xd7a3) {
    const s = cp - 0xac00;
    const l = Math.floor(s / (21 * 28));
    const v = Math.floor((s % (21 * 28)) / 28);
    const t = s % 28;
    return `HANGUL SYLLABLE ${JAMO_L[l] ?? ""}${JAMO_V[v] ?? ""}${JAMO_T[t] ?? ""}`;
  }
  const block = blockOf(cp);
  if (block?.startsWith("CJK Unified Ideographs"))
    return `CJK UNIFIED IDEOGRAPH-${cp.toString(16).toUpperCase()}`;
  return undefined;
}

/** Code points that would print as nothing or mangle a log line. */
function isInvisible(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp < 0xa0) ||
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x2000 && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202f) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp >= 0xe0000
  );
}

/**
 * How a refusal names a code point: `U+D55C HANGUL SYLLABLE HAN "한"`, `U+0915 "क" (Devanagari block)`,
 * `U+0007 (Basic Latin block)` for a control character.
 */
export function describeCodePoint(cp: number): string {
  const parts = [formatCodePoint(cp)];
  const name = algorithmicName(cp);
  if (name !== undefined) parts.push(name);
  if (!isInvisible(cp)) parts.push(`"${String.fromCodePoint(cp)}"`);
  if (name === undefined) parts.push(`(${blockOf(cp) ?? "unknown"} block)`);
  return parts.join(" ");
}
