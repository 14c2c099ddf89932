/**
 * "Take it with you": the QR payload of an item page (take-away.ts), the code drawn from it
 * (qr-matrix.ts) read back with jsQR, and where a public URL comes from (site file → kiosk state).
 */
import path from "node:path";
import qrcode from "qrcode-generator";
import { describe, expect, it } from "vitest";
import { loadSettings, ROOT_DIR } from "../../controller/src/config/settings.js";
import { siteSchema } from "../../controller/src/config/site-schema.js";
import { readPack } from "../../controller/src/content/pack.js";
import type { KioskItem } from "../../controller/src/contract/kiosk.js";
import type { ContentItem, Lang } from "../../controller/src/domain/types.js";
import { buildKioskState, publicUrlOf } from "../../controller/src/kiosk/state.js";
import { qrMatrix } from "../../display-ui/src/kiosk/qr-matrix.js";
import {
  fitText,
  pageText,
  QR_MAX_BYTES,
  QR_MAX_VERSION,
  TRUNCATION_MARK,
  takeAwayPayload,
  utf8Length,
  withDialableDigits,
} from "../../display-ui/src/kiosk/take-away.js";
import { decodeModules } from "../helpers/qr-decode.js";

const GATES: [string, Lang[]][] = [
  ["thanh-thuy", ["vi", "zh-Hans", "en"]],
  ["cau-treo", ["vi", "lo", "en"]],
  ["le-thanh", ["vi", "km", "en"]],
];

function kioskItem(item: ContentItem, extra: Partial<KioskItem> = {}): KioskItem {
  const { id, kind, title, body, ledText, categories, durationS } = item;
  return { id, kind, title, body, ledText, categories, durationS, ...extra };
}

function packItems(gate: string): KioskItem[] {
  return readPack(path.join(ROOT_DIR, "content"), gate)
    .items.filter((item) => item.kind !== "led")
    .map((item) => kioskItem(item));
}

function decode(text: string) {
  const matrix = qrMatrix(text);
  return { version: matrix.version, decoded: decodeModules(matrix.size, matrix.dark) };
}

describe("the QR limit", () => {
  it("is what qrcode-generator fits in a version-25 code at error correction M, in byte mode", () => {
    const fits = (bytes: number) => {
      const code = qrcode(QR_MAX_VERSION, "M");
      code.addData("a".repeat(bytes), "Byte");
      try {
        code.make();
        return true;
      } catch {
        return false;
      }
    };
    expect(fits(QR_MAX_BYTES)).toBe(true);
    expect(fits(QR_MAX_BYTES + 1)).toBe(false);
    expect(qrMatrix("a".repeat(QR_MAX_BYTES)).version).toBe(QR_MAX_VERSION);
    expect(() => qrMatrix("a".repeat(QR_MAX_BYTES + 1))).toThrow(/version 26/);
  });
});

describe("the payload of a page", () => {
  it.each(GATES)(
    "fits and reads back, in UTF-8, for every page of %s in each language",
    (gate, languages) => {
      for (const item of packItems(gate)) {
        for (const lang of languages) {
          const payload = takeAwayPayload(item, lang, languages);
          expect(payload.kind).toBe("text");
          expect(payload.lang).toBe(lang);
          expect(payload.bytes).toBe(utf8Length(payload.text));
          expect(payload.bytes).toBeLessThanOrEqual(QR_MAX_BYTES);
          const full = pageText(item.title[lang] ?? "", item.body[lang] ?? "");
          if (payload.truncated) {
            expect(payload.text.endsWith(`\n${TRUNCATION_MARK}`)).toBe(true);
            expect(full.startsWith(payload.text.slice(0, -2))).toBe(true);
          } else {
            expect(payload.text).toBe(full);
          }
          const { version, decoded } = decode(payload.text);
          expect(version).toBeLessThanOrEqual(QR_MAX_VERSION);
          expect(decoded?.text, `${gate} ${item.id} ${lang}`).toBe(payload.text);
          expect(decoded?.bytes).toEqual([...new TextEncoder().encode(payload.text)]);
        }
      }
    },
    // Each gate is ~50 codes drawn and decoded: seconds alone, more on a busy machine.
    180_000,
  );

  it("carries the title and body as the kiosk shows them, emergency numbers as written", () => {
    const item = packItems("cau-treo").find((i) => i.id === "emergency-numbers");
    expect(item).toBeDefined();
    if (!item) return;
    const vi = takeAwayPayload(item, "vi", ["vi", "lo", "en"]);
    expect(vi.truncated).toBe(false);
    expect(
      vi.text.startsWith("Số điện thoại khẩn cấp\n\nTại Việt Nam (gọi miễn phí):\n• 113 – Công an\n"),
    ).toBe(true);
    expect(vi.text).toContain("• 1195 – Cấp cứu y tế");
    const hours = packItems("cau-treo").find((i) => i.id === "opening-hours");
    expect(hours && takeAwayPayload(hours, "lo").text).toContain("07:00 – 18:00");
  });

  it("puts the digits a phone dials beside a number written in Khmer or Lao digits", () => {
    expect(withDialableDigits("• ១១៧ – នគរបាល")).toBe("• ១១៧ (117) – នគរបាល");
    expect(withDialableDigits("• ໑໑໙໑ – ຕຳຫຼວດ")).toBe("• ໑໑໙໑ (1191) – ຕຳຫຼວດ");
    // Amounts, times and numbers already in Western digits stay as written.
    expect(withDialableDigits("១០.០០០.០០០ ដុង, ០៧:០០, 113")).toBe("១០.០០០.០០០ ដុង, ០៧:០០, 113");
    const item = packItems("le-thanh").find((i) => i.id === "emergency-numbers");
    expect(item && takeAwayPayload(item, "km").text).toContain("១១៧ (117)");
  });

  it("falls back to the gate's next language like the page does, and says which", () => {
    const item = kioskItem(packItems("thanh-thuy")[0] as unknown as ContentItem);
    const only = { ...item, title: { en: "Only English" }, body: { en: "Text." } };
    const payload = takeAwayPayload(only, "zh-Hans", ["vi", "zh-Hans", "en"]);
    expect(payload).toMatchObject({ text: "Only English\n\nText.", lang: "en", truncated: false });
  });
});

describe("cutting a long page", () => {
  it("cuts the customs page at a line or a sentence, in every script, and marks the cut", () => {
    for (const [gate, languages] of GATES) {
      const item = packItems(gate).find((i) => i.id === "customs-allowances");
      expect(item).toBeDefined();
      if (!item) continue;
      for (const lang of languages) {
        const payload = takeAwayPayload(item, lang);
        const full = pageText(item.title[lang] ?? "", item.body[lang] ?? "");
        if (utf8Length(full) <= QR_MAX_BYTES) continue;
        expect(payload.truncated, `${gate} ${lang}`).toBe(true);
        const head = payload.text.slice(0, -2);
        // Most of the room is used, and the cut ends a line or a sentence.
        expect(utf8Length(head)).toBeGreaterThan(QR_MAX_BYTES / 2);
        const next = full.slice(head.length);
        expect(/^\s/.test(next) || /[.。។!?！？:;]$/.test(head), `${gate} ${lang}: …${head.slice(-20)}`).toBe(
          true,
        );
      }
    }
    // Lao and Khmer take three bytes a letter: their customs pages are always cut.
    const lao = packItems("cau-treo").find((i) => i.id === "customs-allowances");
    expect(lao && takeAwayPayload(lao, "lo").truncated).toBe(true);
  });

  it("cuts one long unpunctuated paragraph at a word, never inside a cluster", () => {
    // Khmer writes no spaces between words; a subscript (្ + consonant) must stay with its base.
    const khmer = "ប្រជាជនកម្ពុជាស្វាគមន៍ភ្ញៀវទេសចរណ៍".repeat(40);
    const { text, truncated } = fitText(khmer, 400, "km");
    expect(truncated).toBe(true);
    const head = text.slice(0, -2);
    expect(utf8Length(text)).toBeLessThanOrEqual(400);
    expect(utf8Length(head)).toBeGreaterThan(200);
    expect(khmer.startsWith(head)).toBe(true);
    expect(head.endsWith("្")).toBe(false);
    expect(/^[\u17b6-\u17d3]/.test(khmer.slice(head.length))).toBe(false);
  });

  it("leaves a page that fits alone", () => {
    expect(fitText("Ngắn.", 100, "vi")).toEqual({ text: "Ngắn.", truncated: false });
  });
});

describe("a public page", () => {
  const base = packItems("cau-treo").find((i) => i.id === "opening-hours") as KioskItem;

  it("is the URL with the language shown, when the site file gives one", () => {
    const item = { ...base, publicUrl: "https://cuakhau.example.vn/trang/opening-hours" };
    const payload = takeAwayPayload(item, "lo", ["vi", "lo", "en"]);
    expect(payload).toMatchObject({
      kind: "url",
      text: "https://cuakhau.example.vn/trang/opening-hours?lang=lo",
      truncated: false,
    });
    expect(decode(payload.text).decoded?.text).toBe(payload.text);
    const withQuery = takeAwayPayload({ ...item, publicUrl: "https://x.example.vn/p?id=7" }, "zh-Hans");
    expect(withQuery.text).toBe("https://x.example.vn/p?id=7&lang=zh-Hans");
  });

  it("is never a non-https URL: the page's text instead", () => {
    const payload = takeAwayPayload({ ...base, publicUrl: "http://x.example.vn/p" }, "vi");
    expect(payload.kind).toBe("text");
  });

  it("comes from the site file: an item's own URL, else the base and its id", () => {
    const takeAway = {
      publicBaseUrl: "https://cuakhau.example.vn/trang",
      publicUrls: { "emergency-numbers": "https://112.example.vn/khan-cap" },
    };
    expect(publicUrlOf("opening-hours", takeAway)).toBe("https://cuakhau.example.vn/trang/opening-hours");
    expect(publicUrlOf("emergency-numbers", takeAway)).toBe("https://112.example.vn/khan-cap");
    expect(publicUrlOf("opening-hours", { publicBaseUrl: "https://a.example.vn/" })).toBe(
      "https://a.example.vn/opening-hours",
    );
    expect(publicUrlOf("opening-hours", undefined)).toBeUndefined();
  });

  it("reaches the kiosk's state only when configured, so other gates' states stay as they were", () => {
    const settings = loadSettings({ GATE: "cau-treo" });
    const items = new Map(readPack(path.join(ROOT_DIR, "content"), "cau-treo").items.map((i) => [i.id, i]));
    const resolution = {
      at: Date.parse("2027-03-02T10:00:00+07:00"),
      gate: "cau-treo",
      channels: [],
      alert: null,
      nextChangeAt: null,
    } as unknown as Parameters<typeof buildKioskState>[0];
    const plain = buildKioskState(resolution, { items }, settings.site, "hall", "x");
    const configured = buildKioskState(
      resolution,
      { items },
      { ...settings.site, takeAway: { publicBaseUrl: "https://cuakhau.example.vn/trang/" } },
      "hall",
      "x",
    );
    const hours = (state: typeof plain) =>
      state?.catalogue.flatMap((c) => c.items).find((i) => i.id === "opening-hours");
    expect(hours(plain)?.publicUrl).toBeUndefined();
    expect(hours(plain)).not.toHaveProperty("publicUrl");
    expect(hours(configured)?.publicUrl).toBe("https://cuakhau.example.vn/trang/opening-hours");
    expect(configured?.version).not.toBe(plain?.version);
  });

  it("is validated in the site file: https only, no query on the base, bounded", () => {
    const site = loadSettings({ GATE: "cau-treo" }).site;
    const check = (takeAway: unknown) => siteSchema.safeParse({ ...site, takeAway }).success;
    expect(check({ publicBaseUrl: "https://cuakhau.example.vn/trang/" })).toBe(true);
    expect(check({ publicUrls: { "opening-hours": "https://a.example.vn/gio" } })).toBe(true);
    expect(check({ publicBaseUrl: "http://cuakhau.example.vn/" })).toBe(false);
    expect(check({ publicBaseUrl: "javascript:alert(1)" })).toBe(false);
    expect(check({ publicBaseUrl: "https://a.example.vn/?x=1" })).toBe(false);
    expect(check({ publicBaseUrl: `https://a.example.vn/${"x".repeat(500)}` })).toBe(false);
    expect(check({ publicUrls: { "Not An Id": "https://a.example.vn/" } })).toBe(false);
    expect(check({ publicUrls: { "opening-hours": "ftp://a.example.vn/" } })).toBe(false);
    expect(check({ other: 1 })).toBe(false);
  });
});
