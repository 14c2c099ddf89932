/**
 * Checks on translated text that a reviewer cannot do by eye: pure functions over a text per language,
 * used by test/unit/content-text.test.ts on every content pack and UI catalogue, and tested there on
 * deliberately broken samples.
 *
 * Invisible characters: none is allowed, zero-width space (U+200B) included. Lao and Khmer are
 * written without spaces between words, and a ZWSP would mark a line-break opportunity; but the
 * kiosk and screen break lines with Chromium's dictionary-based breaker (ICU has Lao and Khmer
 * dictionaries), and an LED text is one scrolling line, so nothing needs the hint, while a ZWSP left
 * in a text breaks search, copying and the sign's character count. content/README.md says so.
 */

/** One problem: where (`item.field.lang`) and what. */
export interface TextProblem {
  at: string;
  problem: string;
}

/** Format characters (ZWSP, ZWJ/ZWNJ, BOM, bidi controls, soft hyphen) and controls other than \n. */
const INVISIBLE = /\p{Cf}|[^\P{Cc}\n]/u;
/** The Thai block: Thai letters look like Lao to a non-reader, and fonts fall back silently. */
const THAI = /[\u0E00-\u0E7F]/u;
/** A Khmer coeng (subscript sign) must be followed by a consonant (U+1780–U+17A2). */
const BAD_COENG = /\u17D2(?![\u1780-\u17A2])/u;

const LAO_ZERO = 0x0ed0;
const KHMER_ZERO = 0x17e0;
const CHINESE_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** `二十三` → 23, `十` → 10, `一九五〇` → 1950 (digit by digit when there is no 十/百/千). */
export function chineseNumeral(text: string): number | undefined {
  if (!/^[〇零一二两三四五六七八九十百千]+$/u.test(text)) return undefined;
  if (!/[十百千]/u.test(text)) {
    return Number([...text].map((c) => CHINESE_DIGITS[c]).join(""));
  }
  let total = 0;
  let digit = 0;
  for (const c of text) {
    const unit = c === "十" ? 10 : c === "百" ? 100 : c === "千" ? 1000 : 0;
    if (unit === 0) digit = CHINESE_DIGITS[c] ?? 0;
    else {
      total += (digit === 0 ? 1 : digit) * unit;
      digit = 0;
    }
  }
  return total + digit;
}

/** Month names count as their numbers: `9 November`, `៩ វិច្ឆិកា` and `2 ກັນຍາ` say 9/11 and 2/9. */
const MONTHS: ReadonlyArray<readonly string[]> = [
  [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
  ["ມັງກອນ", "ກຸມພາ", "ມີນາ", "ເມສາ", "ພຶດສະພາ", "ມິຖຸນາ", "ກໍລະກົດ", "ສິງຫາ", "ກັນຍາ", "ຕຸລາ", "ພະຈິກ", "ທັນວາ"],
  ["មករា", "កុម្ភៈ", "មីនា", "មេសា", "ឧសភា", "មិថុនា", "កក្កដា", "សីហា", "កញ្ញា", "តុលា", "វិច្ឆិកា", "ធ្នូ"],
];
const MONTH_NUMBER = new Map(MONTHS.flatMap((names) => names.map((name, i) => [name, i + 1] as const)));
const MONTH_NAME = new RegExp(`(?<![A-Za-z])(${[...MONTH_NUMBER.keys()].join("|")})(?![a-z])`, "gu");

/** Words that multiply the number before them: Chinese 万, Khmer លាន and English million. */
const MULTIPLIERS: Record<string, number> = {
  万: 10_000,
  億: 100_000_000,
  亿: 100_000_000,
  លាន: 1_000_000,
  million: 1_000_000,
};

/**
 * The numbers a text states, sorted, as strings: phone numbers, amounts, dates and times. Lao and
 * Khmer digits count as their values, month names as their numbers, and `10.000.000`, `10,000,000`,
 * `1000万` and `១០ លាន` are all ten million (a `.` or `,` before exactly three digits groups
 * thousands; before fewer it is a decimal mark, and `1,5`/`1.5` give 1 and 5 in every language).
 * Chinese numerals count where they state a date, an ordinal or a count (`十月一日`, `第二`), not
 * inside a word (统一日, 之一).
 */
export function numbersIn(text: string): string[] {
  const western = text
    .replace(/[\u0ED0-\u0ED9\u17E0-\u17E9]/gu, (d) => {
      const code = d.codePointAt(0) ?? 0;
      return String(code - (code >= KHMER_ZERO ? KHMER_ZERO : LAO_ZERO));
    })
    .replace(MONTH_NAME, (name) => ` ${MONTH_NUMBER.get(name)} `);
  const found: string[] = [];
  const multiplier = Object.keys(MULTIPLIERS).join("|");
  for (const m of western.matchAll(
    new RegExp(`(\\d{1,3}(?:[.,]\\d{3})+(?!\\d)|\\d+)\\s*(${multiplier})?`, "gu"),
  )) {
    const value = Number((m[1] ?? "").replace(/[.,]/g, "")) * (m[2] ? (MULTIPLIERS[m[2]] ?? 1) : 1);
    found.push(String(value));
  }
  const numeral = "[〇零一二两三四五六七八九十百千]+";
  const chinese = new RegExp(
    `第(${numeral})|(?<=^|[^\\p{Script=Han}]|[年月])(${numeral})(?=[年月日号])`,
    "gu",
  );
  for (const m of western.matchAll(chinese)) {
    const value = chineseNumeral(m[1] ?? m[2] ?? "");
    if (value !== undefined) found.push(String(value));
  }
  return found.sort();
}

/** Problems of one text in one language: encoding and script, whatever the other languages say. */
export function textProblems(text: string, lang: string): string[] {
  const problems: string[] = [];
  if (text !== text.normalize("NFC")) problems.push("not NFC");
  const invisible = INVISIBLE.exec(text);
  if (invisible) {
    const code = invisible[0].codePointAt(0) ?? 0;
    problems.push(`invisible or control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  if (lang === "lo" && THAI.test(text)) problems.push("Thai letters in Lao text");
  if (lang === "km" && BAD_COENG.test(text)) problems.push("Khmer coeng not followed by a consonant");
  return problems;
}

/**
 * Every problem of one field's texts: each of `languages` present and non-empty, no other language,
 * each text clean, and the same numbers in every language (`sameNumbers: false` where a field states
 * different numbers on purpose, e.g. Beijing time in Chinese).
 */
export function fieldProblems(
  at: string,
  texts: Readonly<Record<string, string | undefined>>,
  languages: readonly string[],
  options: { sameNumbers?: boolean } = {},
): TextProblem[] {
  const problems: TextProblem[] = [];
  for (const lang of languages) {
    if (!texts[lang]?.trim()) problems.push({ at: `${at}.${lang}`, problem: "missing" });
  }
  for (const [lang, text] of Object.entries(texts)) {
    if (!languages.includes(lang))
      problems.push({ at: `${at}.${lang}`, problem: "a language the gate does not have" });
    for (const problem of textProblems(text ?? "", lang)) problems.push({ at: `${at}.${lang}`, problem });
  }
  if (options.sameNumbers ?? true) {
    const present = languages.filter((lang) => texts[lang]?.trim());
    const [first, ...rest] = present;
    if (first !== undefined) {
      const expected = numbersIn(texts[first] ?? "").join(" ");
      for (const lang of rest) {
        const actual = numbersIn(texts[lang] ?? "").join(" ");
        if (actual !== expected) {
          problems.push({
            at: `${at}.${lang}`,
            problem: `numbers differ from ${first}: [${actual}] vs [${expected}]`,
          });
        }
      }
    }
  }
  return problems;
}
