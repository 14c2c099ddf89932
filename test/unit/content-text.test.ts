/**
 * Every text a traveler or an operator reads, checked across its languages: the default content packs,
 * the holiday calendar's names, the site files' names, the kiosk's and the big screen's words
 * (display-ui/src/shared/i18n.ts) and the console's (display-ui/src/console/i18n.ts). Each has every
 * language it must have, the same numbers in each (phone numbers, amounts, dates, times), NFC text with
 * no invisible or bidi control characters, no Thai letters in Lao and every Khmer subscript followed
 * by its consonant. The checker itself is tested on broken samples first.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadSettings } from "../../controller/src/config/settings.js";
import { readPack } from "../../controller/src/content/pack.js";
import { HOLIDAY_RULES } from "../../controller/src/domain/calendar/holidays.js";
import { LANGUAGES } from "../../controller/src/domain/types.js";
import { CONSOLE_LANGS, MESSAGES as CONSOLE_MESSAGES } from "../../display-ui/src/console/i18n.js";
import { CATEGORY_NAMES, MESSAGES as KIOSK_MESSAGES } from "../../display-ui/src/shared/i18n.js";
import { fieldProblems, numbersIn, type TextProblem, textProblems } from "../helpers/text-checks.js";

const CONTENT_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../content");
const GATES = ["thanh-thuy", "cau-treo", "le-thanh"] as const;

/**
 * Fields that state different numbers in different languages on purpose, with the reason. Anything
 * else with unequal numbers is a translation error.
 */
const NUMBERS_DIFFER: Record<string, string> = {
  "thanh-thuy/opening-hours.ledText":
    "the Chinese sign line gives Beijing time (UTC+8), the others Viet Nam time",
  "thanh-thuy/dual-clock.ledText": "a marker the sign driver replaces, not text",
};

/** Console messages that say a number in words in one language ("under a minute", "first half", "six-monthly"). */
const CONSOLE_NUMBERS_DIFFER = new Set([
  "lunarHint",
  "downloadLessThanMinute",
  "periodH1",
  "periodH2",
  "reportFilesNext",
  "navReportsReady",
  "reportFilesMakeNow",
]);

const show = (problems: TextProblem[]) => problems.map((p) => `${p.at}: ${p.problem}`);

describe("the text checker", () => {
  it("reads numbers in any script, whatever the separators", () => {
    expect(numbersIn("10.000.000 đồng, 1,5 lít, 07:00")).toEqual(
      numbersIn("VND 10,000,000, 1.5 litres, 7:00"),
    );
    expect(numbersIn("ໂທ ໑໑໓")).toEqual(["113"]);
    expect(numbersIn("ហៅ ១១៥")).toEqual(["115"]);
    expect(numbersIn("1950年十月一日，第二")).toEqual(["1", "10", "1950", "2"]);
    expect(numbersIn("最雄伟的山口之一")).toEqual([]);
  });

  it("finds a missing language, a foreign one and an empty text", () => {
    const problems = show(fieldProblems("x.title", { vi: "Xin chào", en: " ", fr: "Bonjour" }, ["vi", "en"]));
    expect(problems).toContain("x.title.en: missing");
    expect(problems).toContain("x.title.fr: a language the gate does not have");
  });

  it("finds unequal numbers: a digit dropped, a Khmer digit wrong", () => {
    expect(show(fieldProblems("n", { vi: "Gọi 113", en: "Call 13" }, ["vi", "en"]))).toEqual([
      "n.en: numbers differ from vi: [13] vs [113]",
    ]);
    expect(fieldProblems("n", { vi: "Gọi 115", km: "ហៅ ១១៤" }, ["vi", "km"])).toHaveLength(1);
    expect(fieldProblems("n", { vi: "Gọi 115", km: "ហៅ ១១៥" }, ["vi", "km"])).toEqual([]);
    expect(
      fieldProblems("n", { vi: "08:00", "zh-Hans": "09:00" }, ["vi", "zh-Hans"], { sameNumbers: false }),
    ).toEqual([]);
  });

  it("finds decomposed text, invisible and bidi characters", () => {
    expect(textProblems("Vie\u0323t Nam", "vi")).toContain("not NFC");
    expect(textProblems("ສະບາຍ\u200Bດີ", "lo")).toContain("invisible or control character U+200B");
    expect(textProblems("abc\u202Edef", "en")).toContain("invisible or control character U+202E");
    expect(textProblems("a\u00ADb", "en")).toContain("invisible or control character U+00AD");
    expect(textProblems("dòng 1\ndòng 2", "vi")).toEqual([]);
  });

  it("finds Thai letters in Lao and a Khmer coeng without its consonant", () => {
    // สวัสดี is Thai, not Lao: it looks alike to someone who reads neither.
    expect(textProblems("ສະບາຍດີ สวัสดี", "lo")).toContain("Thai letters in Lao text");
    expect(textProblems("ສະບາຍດີ", "lo")).toEqual([]);
    expect(textProblems("ខ្\u17B6ម", "km")).toContain("Khmer coeng not followed by a consonant");
    expect(textProblems("ខ្មែរ", "km")).toEqual([]);
  });
});

describe.each(GATES)("pack %s", (gate) => {
  const pack = readPack(CONTENT_DIR, gate);
  const languages = pack.languages;

  it("has every used field in every language, clean, with the same numbers", () => {
    const problems: TextProblem[] = [];
    for (const item of pack.items) {
      for (const field of ["title", "body", "ledText"] as const) {
        const texts = item[field];
        if (Object.keys(texts).length === 0) continue;
        const key = `${gate}/${item.id}.${field}`;
        problems.push(...fieldProblems(key, texts, languages, { sameNumbers: !(key in NUMBERS_DIFFER) }));
      }
    }
    expect(show(problems)).toEqual([]);
  });

  it("names a source and a review date on every factual item", () => {
    const factual = pack.items.filter((i) =>
      i.categories.some((c) => c === "customs" || c === "hours" || c === "procedures" || c === "emergency"),
    );
    expect(factual.length).toBeGreaterThanOrEqual(4);
    for (const item of factual) {
      expect(item.facts?.source.length ?? 0, `${item.id}: facts.source`).toBeGreaterThan(10);
      expect(item.facts?.reviewBy, `${item.id}: facts.reviewBy`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(textProblems(item.facts?.source ?? "", "vi"), item.id).toEqual([]);
    }
  });

  it("matches its site file: the gate's names in every language", () => {
    const site = loadSettings({ GATE: gate }).site;
    expect(site.languages).toEqual(languages);
    const problems = [
      ...fieldProblems(`${gate}/site.name`, site.name, languages),
      ...fieldProblems(`${gate}/site.province`, site.province ?? {}, languages),
    ];
    expect(show(problems)).toEqual([]);
  });
});

describe("catalogues", () => {
  it("the holiday calendar names each holiday in every language, with the same numbers", () => {
    const problems = HOLIDAY_RULES.flatMap((rule) =>
      fieldProblems(`holiday ${rule.id}`, rule.name, LANGUAGES),
    );
    expect(show(problems)).toEqual([]);
  });

  it("the kiosk's and the big screen's words are in every language", () => {
    const problems = [
      ...Object.entries(KIOSK_MESSAGES).flatMap(([key, texts]) =>
        fieldProblems(`kiosk ${key}`, texts, LANGUAGES),
      ),
      ...Object.entries(CATEGORY_NAMES).flatMap(([key, texts]) =>
        fieldProblems(`kiosk category ${key}`, texts, LANGUAGES),
      ),
    ];
    expect(show(problems)).toEqual([]);
  });

  it("the console's words are in Vietnamese and English, with the same numbers", () => {
    const problems = Object.entries(CONSOLE_MESSAGES).flatMap(([key, texts]) =>
      fieldProblems(`console ${key}`, texts, CONSOLE_LANGS, {
        sameNumbers: !CONSOLE_NUMBERS_DIFFER.has(key),
      }),
    );
    expect(show(problems)).toEqual([]);
  });
});
