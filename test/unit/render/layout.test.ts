import { describe, expect, it } from "vitest";
import type { Lang } from "../../../controller/src/domain/types.js";
import {
  inkHeight,
  inkWidth,
  measureInk,
  type RenderedFrame,
  type RenderProfile,
  renderMessage,
  SCRIPT_STYLES,
  selectFonts,
} from "../../../controller/src/signs/render/index.js";
import { bitmapInk, drawnInk, shippedProfile } from "./helpers.js";

const alpha = shippedProfile("alpha-96x16");
const bx5 = shippedProfile("bx5-128x32");
const noScroll: RenderProfile = { ...bx5, modes: ["hold", "flash"] };

function rendered(text: string, profile: RenderProfile, language: Lang): RenderedFrame {
  const r = renderMessage(text, profile, { language });
  if (!r.ok) throw new Error(r.reason);
  return r;
}

/**
 * Nothing clipped: each line drawn alone on a large canvas at the frame's size and threshold lights exactly
 * as many pixels as the frame holds (lines sit at integer pen positions in both, so rasterisation matches).
 */
function expectNothingClipped(frame: RenderedFrame): void {
  const unclipped = frame.lineTexts.reduce(
    (sum, line) => sum + drawnInk(line, frame.language, frame.fontSize).lit,
    0,
  );
  expect(bitmapInk(frame.bitmap).lit).toBe(unclipped);
}

describe("16-row panel", () => {
  it.each(["Ệ Ở Ữ Ặ", "CỬA KHẨU QUỐC TẾ", "BIÊN PHÒNG"])(
    "Vietnamese capitals with stacked marks: %s keeps its top and bottom rows",
    (text) => {
      const frame = rendered(text, alpha, "vi");
      expect(frame.lines).toBe(1);
      expect(frame.scroll).toBe(false);
      expect(frame.bitmap.height).toBe(16);
      expect(frame.bitmap.width).toBe(96);
      // measureText's ink box for the rendered string, at the chosen size, fits the 16 rows…
      const fonts = selectFonts(text, "vi");
      if (!fonts.ok) throw new Error(fonts.reason);
      const ink = measureInk(text, frame.fontSize, fonts, "vi");
      expect(inkHeight(ink)).toBeLessThanOrEqual(16);
      expect(inkWidth(ink)).toBeLessThanOrEqual(96);
      // …the size is the largest that does (one more pixel would not fit the rows or the width)…
      const bigger = measureInk(text, frame.fontSize + 1, fonts, "vi");
      expect(inkHeight(bigger) > 16 || inkWidth(bigger) > 96).toBe(true);
      // …and the pixels prove it: the marks' top row and the dot below are all there.
      expectNothingClipped(frame);
      const box = bitmapInk(frame.bitmap);
      expect(box.top).toBeGreaterThanOrEqual(0);
      expect(box.bottom).toBeLessThanOrEqual(15);
    },
  );

  it("about 11 px or more for a short capital line, as the design expects", () => {
    expect(rendered("Ệ Ở Ữ Ặ", alpha, "vi").fontSize).toBeGreaterThanOrEqual(11);
  });

  it.each<[Lang, string]>([
    ["km", "សូមស្វាគមន៍"],
    ["km", "សួស្តី"],
    ["lo", "ສະບາຍດີ"],
    ["lo", "ຍິນດີຕ້ອນຮັບ"],
    ["zh-Hans", "欢迎来到越南"],
    ["en", "Welcome"],
  ])("%s %s fits one line with nothing clipped", (language, text) => {
    const frame = rendered(text, alpha, language);
    expect(frame.lines).toBe(1);
    expectNothingClipped(frame);
  });

  it("Khmer lands in the 10–12 px range on 16 rows", () => {
    const size = rendered("សូមស្វាគមន៍", alpha, "km").fontSize;
    expect(size).toBeGreaterThanOrEqual(10);
    expect(size).toBeLessThanOrEqual(13);
  });

  it("never uses two lines on a 16-row panel", () => {
    const frame = rendered("Chào mừng quý khách đến cửa khẩu", alpha, "vi");
    expect(frame.lines).toBe(1);
  });
});

describe("32-row panel", () => {
  it("a medium-length Vietnamese sentence goes to two lines, split at a space, balanced", () => {
    const frame = rendered("Chào mừng quý khách đến cửa khẩu Cầu Treo", bx5, "vi");
    expect(frame.lines).toBe(2);
    expect(frame.scroll).toBe(false);
    expect(frame.lineTexts.join(" ")).toBe("Chào mừng quý khách đến cửa khẩu Cầu Treo");
    expect(frame.bitmap.width).toBe(128);
    expect(frame.bitmap.height).toBe(32);
    expectNothingClipped(frame);
    // one blank row at least between the two lines
    const rows = Array.from({ length: 32 }, (_, y) =>
      frame.bitmap.pixels.subarray(y * 128, (y + 1) * 128).some((p) => p !== 0),
    );
    expect(rows.slice(14, 18).some((lit) => !lit)).toBe(true);
  });

  it("a short text takes one large line", () => {
    const frame = rendered("Xin chào", bx5, "vi");
    expect(frame.lines).toBe(1);
    expect(frame.fontSize).toBeGreaterThan(16);
    expectNothingClipped(frame);
  });

  it("a forced line break (LF) is kept on a two-line panel and becomes a space on a one-line panel", () => {
    expect(rendered("Cửa khẩu\nCầu Treo", bx5, "vi").lineTexts).toEqual(["Cửa khẩu", "Cầu Treo"]);
    expect(rendered("Cửa khẩu\nCầu Treo", alpha, "vi").lineTexts).toEqual(["Cửa khẩu Cầu Treo"]);
  });

  const LONG =
    "Chào mừng quý khách đến cửa khẩu quốc tế Cầu Treo, vui lòng chuẩn bị hộ chiếu và tờ khai hải quan trước khi vào làm thủ tục";

  it("a long sentence scrolls on a scrolling profile: one line over the full height, a panel of lead-in", () => {
    const frame = rendered(LONG, bx5, "vi");
    expect(frame.scroll).toBe(true);
    expect(frame.lines).toBe(1);
    expect(frame.bitmap.height).toBe(32);
    expect(frame.bitmap.width).toBeGreaterThan(128 * 3);
    const box = bitmapInk(frame.bitmap);
    expect(box.left).toBeGreaterThanOrEqual(128); // enters from the right edge
    expect(frame.bitmap.width - box.right).toBeLessThanOrEqual(3);
    expectNothingClipped(frame);
  });

  it("…and is refused on a profile without scroll, with the width it needs", () => {
    const r = renderMessage(LONG, noScroll, { language: "vi" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(
      /^too long to fit without scrolling: needs \d+ px at minimum size, the panel is 128 px wide$/,
    );
    const needs = Number(/needs (\d+) px/.exec(r.reason)?.[1]);
    expect(needs).toBeGreaterThan(128);
  });

  it("allowScroll: false refuses even where the sign could scroll", () => {
    expect(renderMessage(LONG, bx5, { language: "vi", allowScroll: false }).ok).toBe(false);
  });

  it("Chinese wraps between characters, at a word boundary when one is near the middle", () => {
    const frame = rendered("欢迎来到越南边防检查站", bx5, "zh-Hans");
    expect(frame.lines).toBe(2);
    expect(frame.lineTexts.join("")).toBe("欢迎来到越南边防检查站");
    expect(frame.lineTexts[0]?.endsWith("越")).toBe(false); // 越南 stays whole
    expectNothingClipped(frame);
  });

  it("Chinese punctuation never starts a line", () => {
    const frame = rendered("出入境边防检查，请出示护照和入境卡。", bx5, "zh-Hans");
    if (frame.lines === 2) expect(frame.lineTexts[1]).not.toMatch(/^[，。]/);
  });

  it("Lao and Khmer wrap at zero-width spaces", () => {
    const lo = rendered("ຍິນດີຕ້ອນຮັບ\u200bສູ່\u200bດ່ານ\u200bສາກົນ\u200bຫຼັກ\u200bຊາວ", bx5, "lo");
    expect(lo.lines).toBe(2);
    const km = rendered("សូមស្វាគមន៍\u200bមកកាន់\u200bច្រកទ្វារ\u200bអន្តរជាតិ", bx5, "km");
    expect(km.lines).toBe(2);
    expect(km.lineTexts.join("")).toBe("សូមស្វាគមន៍មកកាន់ច្រកទ្វារអន្តរជាតិ");
    for (const frame of [lo, km]) {
      for (const line of frame.lineTexts) expect(line).not.toContain("\u200b");
      expectNothingClipped(frame);
    }
  });

  it("Khmer with no break opportunity stays one line and scrolls when too long", () => {
    const text = "សូមស្វាគមន៍មកកាន់ច្រកទ្វារអន្តរជាតិសូមស្វាគមន៍មកកាន់ច្រកទ្វារអន្តរជាតិ";
    const frame = rendered(text, bx5, "km");
    expect(frame.lines).toBe(1);
    expect(frame.scroll).toBe(true);
    const refused = renderMessage(text, noScroll, { language: "km" });
    expect(refused.ok).toBe(false);
  });
});

describe("sizes and picture limits", () => {
  it("every frame's size is within its language's range", () => {
    const cases: [Lang, string][] = [
      ["vi", "Cửa khẩu Quốc tế Lệ Thanh"],
      ["en", "Le Thanh International Border Gate"],
      ["zh-Hans", "越南青水国际口岸"],
      ["lo", "ດ່ານ\u200bສາກົນ"],
      ["km", "ច្រកទ្វារ\u200bអន្តរជាតិ"],
    ];
    for (const profile of [alpha, bx5]) {
      for (const [language, text] of cases) {
        const r = renderMessage(text, profile, { language });
        if (!r.ok) throw new Error(`${language}: ${r.reason}`);
        expect(r.fontSize).toBeGreaterThanOrEqual(SCRIPT_STYLES[language].minSize);
        expect(r.fontSize).toBeLessThanOrEqual(SCRIPT_STYLES[language].maxSize);
      }
    }
  });

  it("an Alpha picture is at most 255 columns: scrolling pictures shorten their lead-in, or are refused", () => {
    const mid = renderMessage("Chào mừng quý khách đến Cửa khẩu Cầu Treo", alpha, { language: "vi" });
    expect(mid.ok).toBe(true);
    if (mid.ok) {
      expect(mid.scroll).toBe(true);
      expect(mid.bitmap.width).toBeLessThanOrEqual(255);
    }
    const long = renderMessage("Chào mừng quý khách đến cửa khẩu quốc tế Cầu Treo, tỉnh Hà Tĩnh", alpha, {
      language: "vi",
    });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.reason).toContain("at most 255 px wide");
    // The same text scrolls on BX-5, whose pictures may be far wider.
    expect(
      renderMessage("Chào mừng quý khách đến cửa khẩu quốc tế Cầu Treo, tỉnh Hà Tĩnh", bx5, {
        language: "vi",
      }).ok,
    ).toBe(true);
  });

  it("empty or blank text is refused", () => {
    const r = renderMessage("  \u200b ", alpha, { language: "vi" });
    expect(r).toMatchObject({ ok: false, reason: "no vi text to show" });
    expect(renderMessage({ en: "Hello" }, alpha, { language: "vi" })).toMatchObject({
      ok: false,
      reason: "the message has no vi text",
    });
  });
});
