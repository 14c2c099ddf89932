/**
 * The default content packs under content/packs/<gate>/ must import cleanly: every file passes the
 * same zod schemas the importer and the API use, references resolve, and every text a traveler
 * reads is present in each of the gate's languages, NFC-normalized, plain text and sign-sized.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadSettings } from "../../controller/src/config/settings.js";
import {
  itemSchema,
  langSchema,
  playlistSchema,
  scheduleSchema,
} from "../../controller/src/domain/schemas.js";
import type { ContentItem, Localized, Playlist, Schedule } from "../../controller/src/domain/types.js";
import { channelsOf } from "../../controller/src/playout/scheduler.js";
import { DUAL_CLOCK_ID } from "../../controller/src/signs/led-text.js";

const PACKS_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../content/packs");

const GATES = {
  "thanh-thuy": ["vi", "zh-Hans", "en"],
  "cau-treo": ["vi", "lo", "en"],
  "le-thanh": ["vi", "km", "en"],
} as const;

/** Rule ids the holiday calendar knows (DESIGN.md, "Calendars and holidays"). */
const HOLIDAY_IDS = new Set([
  "new-year",
  "tet",
  "tet-holiday",
  "reunification-day",
  "labour-day",
  "national-day",
  "chinese-new-year",
  "china-national-day",
  "lao-new-year",
  "lao-national-day",
  "khmer-new-year",
  "cambodia-independence-day",
  "vn-china-relations",
  "vn-laos-relations",
  "vn-cambodia-relations",
  "mid-autumn-vn",
]);

/** Channels every site has: the kiosk group and the LED sign. */
/** The channels a gate's site file declares (kiosk groups, signs, screens), and `*`. */
function channelsOfGate(gate: string): Set<string> {
  return new Set(["*", ...channelsOf(loadSettings({ GATE: gate }).site).map((c) => c.id)]);
}

/** Items every pack must carry. */
const REQUIRED_ITEMS = [
  "welcome",
  "opening-hours",
  "crossing-procedures",
  "customs-allowances",
  "emergency-numbers",
  "investment",
  "gate-notice-led",
  "greet-new-year",
  "greet-tet",
  "greet-reunification",
  "greet-national-day",
];

const LED_MAX = 60;

/**
 * Characters a reader never needs in these texts: format characters (zero-width space and joiners,
 * BOM, bidi controls, soft hyphen) and control characters other than the line feed.
 */
const INVISIBLE = /\p{Cf}|[^\P{Cc}\n]/u;

/** What each language's text must contain at least once, so a copy of the English is caught. */
const SCRIPT: Record<string, RegExp> = {
  vi: /[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]/iu,
  "zh-Hans": /\p{Script=Han}/u,
  lo: /\p{Script=Lao}/u,
  km: /\p{Script=Khmer}/u,
  en: /[A-Za-z]/,
};

interface Pack {
  version: number;
  gate: string;
  packVersion?: number;
  languages: string[];
  playlists: unknown[];
  schedules: unknown[];
}

function readYaml(path: string): unknown {
  return parse(readFileSync(path, "utf8"));
}

/** Every string in a parsed YAML value (keys included), with a path for messages. */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === "string") {
    yield [path, value];
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      yield [`${path} (key)`, k];
      yield* strings(v, `${path}.${k}`);
    }
  }
}

/** The localized fields an item uses: the non-empty ones. */
function usedFields(item: ContentItem): Array<[string, Localized]> {
  const fields: Array<[string, Localized]> = [
    ["title", item.title],
    ["body", item.body],
    ["ledText", item.ledText],
  ];
  return fields.filter(([, v]) => Object.keys(v).length > 0);
}

/** Khmer: a coeng (U+17D2) joins the next consonant, and no vowel sign may come before a coeng. */
function khmerProblems(text: string): string[] {
  const problems: string[] = [];
  if (/\u17D2(?![\u1780-\u17A2])/u.test(text)) problems.push("coeng not followed by a consonant");
  if (/[\u17B6-\u17C5]\u17D2/u.test(text)) problems.push("vowel sign before a coeng (wrong order)");
  if (/[\u17C6-\u17C8\u17CB-\u17D1\u17D3\u17DD][\u17B6-\u17C5]/u.test(text))
    problems.push("sign before a vowel (wrong order)");
  return problems;
}

/** Lao: a tone mark comes after the vowel sign above or below, never before it. */
function laoProblems(text: string): string[] {
  const problems: string[] = [];
  if (/[\u0EC8-\u0ECB][\u0EB1\u0EB4-\u0EB9\u0EBB\u0EBC]/u.test(text))
    problems.push("tone mark before a vowel sign");
  if (/\u0ECD\u0EB2/u.test(text)) problems.push("NIGGAHITA + AA instead of AM (U+0EB3)");
  return problems;
}

describe.each(Object.entries(GATES))("content pack %s", (gate, expectedLanguages) => {
  const dir = join(PACKS_DIR, gate);
  const pack = readYaml(join(dir, "pack.yaml")) as Pack;
  const itemFiles = readdirSync(join(dir, "items"))
    .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
    .sort();
  const rawItems = new Map(itemFiles.map((f) => [f, readYaml(join(dir, "items", f))]));
  const languages = pack.languages;

  const items = new Map<string, ContentItem>();
  for (const raw of rawItems.values()) {
    const parsed = itemSchema.safeParse(raw);
    if (parsed.success) items.set(parsed.data.id, parsed.data);
  }
  const playlists = new Map<string, Playlist>();
  for (const raw of pack.playlists ?? []) {
    const parsed = playlistSchema.safeParse(raw);
    if (parsed.success) playlists.set(parsed.data.id, parsed.data);
  }
  const schedules: Schedule[] = [];
  for (const raw of pack.schedules ?? []) {
    const parsed = scheduleSchema.safeParse(raw);
    if (parsed.success) schedules.push(parsed.data);
  }

  it("has a well-formed pack.yaml for this gate", () => {
    expect(Object.keys(pack).sort()).toEqual([
      "gate",
      "languages",
      "packVersion",
      "playlists",
      "schedules",
      "version",
    ]);
    expect(pack.version).toBe(1);
    expect(pack.gate).toBe(gate);
    expect(Number.isInteger(pack.packVersion) && (pack.packVersion ?? 0) >= 1).toBe(true);
    expect(languages).toEqual([...expectedLanguages]);
    for (const lang of languages) expect(langSchema.safeParse(lang).success, lang).toBe(true);
  });

  it("has items that each pass itemSchema, one per file named after its id", () => {
    expect(itemFiles.length).toBeGreaterThan(0);
    for (const [file, raw] of rawItems) {
      const parsed = itemSchema.safeParse(raw);
      expect(parsed.success, `${file}: ${parsed.error?.message}`).toBe(true);
      expect(`${parsed.data?.id}.yaml`, file).toBe(file);
    }
    expect(items.size).toBe(itemFiles.length);
  });

  it("carries the required items", () => {
    for (const id of REQUIRED_ITEMS) expect(items.has(id), id).toBe(true);
    const tourism = [...items.values()].filter((i) => i.categories.includes("tourism"));
    expect(tourism.length).toBeGreaterThanOrEqual(2);
    expect(items.get("gate-notice-led")?.kind).toBe("led");
  });

  it("has playlists that pass playlistSchema, with unique ids and existing items", () => {
    for (const raw of pack.playlists) {
      const parsed = playlistSchema.safeParse(raw);
      expect(parsed.success, `${JSON.stringify(raw)}: ${parsed.error?.message}`).toBe(true);
    }
    expect(playlists.size).toBe(pack.playlists.length);
    for (const playlist of playlists.values()) {
      expect(playlist.itemIds.length, playlist.id).toBeGreaterThan(0);
      for (const itemId of playlist.itemIds) {
        expect(items.has(itemId), `playlist ${playlist.id} → item ${itemId}`).toBe(true);
      }
    }
    expect(playlists.has("attract")).toBe(true);
    expect(playlists.has("led-default")).toBe(true);
  });

  it("puts only items with LED text on the sign-only playlist", () => {
    for (const itemId of playlists.get("led-default")?.itemIds ?? []) {
      expect(Object.keys(items.get(itemId)?.ledText ?? {}).length, itemId).toBeGreaterThan(0);
    }
  });

  it("has schedules that pass scheduleSchema, with unique ids and existing targets", () => {
    for (const raw of pack.schedules) {
      const parsed = scheduleSchema.safeParse(raw);
      expect(parsed.success, `${JSON.stringify(raw)}: ${parsed.error?.message}`).toBe(true);
    }
    expect(schedules.length).toBe(pack.schedules.length);
    expect(new Set(schedules.map((s) => s.id)).size).toBe(schedules.length);
    for (const s of schedules) {
      if ("playlistId" in s.target) {
        expect(playlists.has(s.target.playlistId), `${s.id} → playlist ${s.target.playlistId}`).toBe(true);
      } else {
        expect(items.has(s.target.itemId), `${s.id} → item ${s.target.itemId}`).toBe(true);
      }
      for (const channel of s.channels)
        expect(channelsOfGate(gate).has(channel), `${s.id}: channel ${channel}`).toBe(true);
    }
  });

  it("has the default loop, the default LED playlist and holiday programs on known rules", () => {
    const byId = new Map(schedules.map((s) => [s.id, s]));
    const loop = byId.get("default-loop");
    expect(loop).toMatchObject({ kind: "default", target: { playlistId: "attract" }, priority: 0 });
    expect(loop?.recurrence).toEqual({ type: "daily" });
    const led = byId.get("default-led");
    expect(led).toMatchObject({
      kind: "default",
      target: { playlistId: "led-default" },
      channels: ["gate-sign"],
    });

    const holidays = schedules.filter((s) => s.kind === "holiday");
    expect(holidays.length).toBeGreaterThanOrEqual(7);
    for (const s of holidays) {
      expect(s.recurrence.type, s.id).toBe("holiday");
      if (s.recurrence.type === "holiday") {
        expect(HOLIDAY_IDS.has(s.recurrence.holidayId), `${s.id}: ${s.recurrence.holidayId}`).toBe(true);
      }
      // A greeting timed from a holiday's moment ranks just above its day's program, so it shows alone.
      const timed = s.recurrence.type === "holiday" && s.recurrence.fromMoment !== undefined;
      expect(s.priority, s.id).toBe(timed ? 70 : 60);
    }
    for (const s of schedules) {
      if (s.recurrence.type === "holiday") expect(s.kind, s.id).toBe("holiday");
    }
    const rules = holidays.map((s) => (s.recurrence.type === "holiday" ? s.recurrence.holidayId : ""));
    for (const rule of ["new-year", "tet-holiday", "reunification-day", "national-day"]) {
      expect(rules, rule).toContain(rule);
    }
  });

  it("has every used field in every language of the gate, and no other language", () => {
    for (const item of items.values()) {
      const fields = usedFields(item);
      expect(fields.length, item.id).toBeGreaterThan(0);
      if (item.kind === "led")
        expect(
          fields.map(([f]) => f),
          item.id,
        ).toEqual(["ledText"]);
      else
        expect(
          fields.map(([f]) => f),
          item.id,
        ).toContain("title");
      for (const [field, text] of fields) {
        expect(Object.keys(text).sort(), `${item.id}.${field}`).toEqual([...languages].sort());
        for (const lang of languages) {
          const value = text[lang as keyof Localized] ?? "";
          expect(value.trim().length, `${item.id}.${field}.${lang} is empty`).toBeGreaterThan(0);
          // The dual-clock marker is drawn by the sign driver, not shown as text.
          if (value === DUAL_CLOCK_ID) continue;
          expect(SCRIPT[lang]?.test(value), `${item.id}.${field}.${lang} is not in its script`).toBe(true);
        }
      }
    }
  });

  it("keeps LED texts short enough for a sign", () => {
    for (const item of items.values()) {
      for (const [lang, text] of Object.entries(item.ledText)) {
        expect([...(text ?? "")].length, `${item.id}.ledText.${lang}: ${text}`).toBeLessThanOrEqual(LED_MAX);
        expect(text, `${item.id}.ledText.${lang} has a line break`).not.toMatch(/\n/);
      }
    }
  });

  it("has only NFC-normalized, plain, visible text", () => {
    const sources: Array<[string, unknown]> = [["pack.yaml", pack], ...rawItems];
    for (const [file, raw] of sources) {
      for (const [path, s] of strings(raw, file)) {
        expect(s === s.normalize("NFC"), `${path} is not NFC`).toBe(true);
        expect(s, `${path} has an HTML tag`).not.toMatch(/<[A-Za-z!/]/);
        expect(INVISIBLE.test(s), `${path} has an invisible or control character`).toBe(false);
        expect(s, `${path} has trailing spaces`).not.toMatch(/[ \t]+$/m);
      }
    }
  });

  it("is read whole by the importer (readPack)", async () => {
    // Imported lazily: the importer is its own module, and a problem there should fail this test only.
    const { readPack } = await import("../../controller/src/content/pack.js");
    const read = readPack(join(PACKS_DIR, ".."), gate);
    expect(read.languages).toEqual([...expectedLanguages]);
    expect(read.items.length).toBe(items.size);
    expect(read.playlists.length).toBe(playlists.size);
    expect(read.schedules.length).toBe(schedules.length);
  });

  it("spells Khmer and Lao in canonical order", () => {
    for (const item of items.values()) {
      for (const [field, text] of usedFields(item)) {
        for (const [lang, value] of Object.entries(text)) {
          const problems =
            lang === "km" ? khmerProblems(value ?? "") : lang === "lo" ? laoProblems(value ?? "") : [];
          expect(problems, `${item.id}.${field}.${lang}`).toEqual([]);
        }
      }
    }
  });
});

describe("content packs directory", () => {
  it("holds exactly the three gates' packs", () => {
    const dirs = readdirSync(PACKS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(dirs).toEqual(Object.keys(GATES).sort());
  });
});
