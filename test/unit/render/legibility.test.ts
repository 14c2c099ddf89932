/**
 * LED legibility per script (`script-rules.ts`): measured on the pixels of the 96×16 Alpha profile.
 *
 * Base letters and subscripts are found in the frame itself: the baseline row comes from the frame's top
 * lit row and the text's own lit extent drawn on a large canvas (same fonts, size, threshold, whole-pixel
 * pen); a cluster's columns from the shaped advances of the text before it and through it. A base letter's
 * height is then its lit rows above the baseline, a subscript's its lit rows from the baseline down.
 *
 * What 16 rows allow: a Khmer cluster with a mark above (៍) and a subscript (្វ) below is about twice as
 * tall as its base letter in Noto Sans Khmer, so at the full panel height (13 px em) the base letters are
 * 8 rows, the subscripts 3, the mark above 4, with one blank row between mark and base. The previous
 * ink-box sizing gave 12 px: 7-row bases and two dark rows. 11-row bases would need a 22-row panel.
 */
import { describe, expect, it } from "vitest";
import type { Lang } from "../../../controller/src/domain/types.js";
import { LANGUAGES } from "../../../controller/src/domain/types.js";
import type { Bitmap } from "../../../controller/src/signs/protocols/types.js";
import {
  measureInk,
  type RenderedFrame,
  type RenderProfile,
  renderMessage,
  SCRIPT_RULES,
  scriptRuleFor,
  selectFonts,
} from "../../../controller/src/signs/render/index.js";
import { bitmapInk, drawnInk, shippedProfile } from "./helpers.js";

const alpha = shippedProfile("alpha-96x16");

function rendered(text: string, language: Lang, profile: RenderProfile = alpha): RenderedFrame {
  const r = renderMessage(text, profile, { language });
  if (!r.ok) throw new Error(r.reason);
  return r;
}

/** Lit rows of `bitmap` within columns [x0, x1], as [first, last] (undefined when none). */
function litRowsIn(bitmap: Bitmap, x0: number, x1: number, y0 = 0, y1 = bitmap.height - 1) {
  let first: number | undefined;
  let last: number | undefined;
  for (let y = Math.max(0, y0); y <= Math.min(bitmap.height - 1, y1); y++) {
    for (let x = Math.max(0, x0); x <= Math.min(bitmap.width - 1, x1); x++) {
      if ((bitmap.pixels[y * bitmap.width + x] ?? 0) !== 0) {
        first ??= y;
        last = y;
        break;
      }
    }
  }
  return first === undefined || last === undefined ? undefined : { first, last, rows: last - first + 1 };
}

/**
 * Where a frame's single line sits: its baseline row and pen column, from its pixels and the same text's
 * lit extent drawn unclipped. Also checks that nothing was clipped (same number of lit pixels).
 */
function anatomy(frame: RenderedFrame) {
  const text = frame.lineTexts[0] ?? "";
  const free = drawnInk(text, frame.language, frame.fontSize);
  const box = bitmapInk(frame.bitmap);
  expect(box.lit, "every pixel of the unclipped drawing is on the panel").toBe(free.lit);
  const baseline = box.top - free.top;
  expect(box.bottom - baseline).toBe(free.bottom);
  const penX = box.left - free.left;
  const fonts = selectFonts(text, frame.language);
  if (!fonts.ok) throw new Error(fonts.reason);
  const advance = (s: string) => measureInk(s, frame.fontSize, fonts, frame.language).advance;
  /** Columns of `cluster`, which follows `before` in the text, less a column each side (no neighbour's overhang). */
  const columns = (before: string, cluster: string): [number, number] => [
    Math.ceil(penX + advance(before)) + 1,
    Math.floor(penX + advance(before + cluster)) - 2,
  ];
  return { baseline, columns, box };
}

describe("script rules table", () => {
  it("has a rule for every language at every panel height a profile may have", () => {
    for (const language of LANGUAGES) {
      for (let rows = 7; rows <= 256; rows++) {
        const found = SCRIPT_RULES.find(
          (r) => r.languages.includes(language) && rows >= r.rows.min && rows <= r.rows.max,
        );
        expect(found, `${language} at ${rows} rows`).toBeDefined();
      }
    }
  });

  it("Khmer and Lao on 16 rows: one full-height line that scrolls, never two lines", () => {
    for (const language of ["km", "lo"] as const) {
      for (const rows of [8, 12, 16, 24]) {
        expect(scriptRuleFor(language, rows)).toMatchObject({ lines: 1, size: "fill-height" });
      }
    }
    expect(scriptRuleFor("km", 16).id).toBe("khmer-16");
    expect(scriptRuleFor("lo", 16).id).toBe("lao-16");
    expect(scriptRuleFor("zh-Hans", 16)).toMatchObject({ id: "chinese-16", maxSize: 16, holdMinSize: 14 });
    expect(scriptRuleFor("vi", 16)).toMatchObject({ id: "latin-16", size: "fit-panel" });
    expect(scriptRuleFor("km", 32)).toMatchObject({ id: "khmer-32", lines: 2 });
  });

  it("a sign profile may override a language's rule", () => {
    expect(scriptRuleFor("km", 16, { size: "fit-panel" })).toMatchObject({
      id: "khmer-16+profile",
      size: "fit-panel",
      lines: 1,
    });
    const fitted = rendered("សូមស្វាគមន៍", "km", { ...alpha, layout: { km: { size: "fit-panel" } } });
    expect(fitted.layout).toMatchObject({ rule: "khmer-16+profile", size: "fit-panel" });
    expect(fitted.fontSize).toBe(12); // the ink-box fit of before
  });
});

describe("Khmer on 96×16", () => {
  const frame = rendered("សូមស្វាគមន៍", "km");

  it("is one line over the full height, reported as the khmer-16 rule", () => {
    expect(frame.lines).toBe(1);
    expect(frame.layout).toMatchObject({ rule: "khmer-16", size: "fill-height", lines: 1, glyphPx: 13 });
    const box = bitmapInk(frame.bitmap);
    expect([box.top, box.bottom]).toEqual([0, 15]);
    expect(frame.layout.inkRows).toBe(16);
  });

  it("base letters 8 rows tall, subscripts 3, nothing clipped", () => {
    const { baseline, columns } = anatomy(frame);
    // ម (third code point) stands alone: a base letter with nothing above or below.
    const [m0, m1] = columns("សូ", "ម");
    const base = litRowsIn(frame.bitmap, m0, m1, 0, baseline - 1);
    expect(base?.rows).toBeGreaterThanOrEqual(8);
    expect(base?.last).toBe(baseline - 1);
    // គ, further on, likewise.
    const [g0, g1] = columns("សូមស្វា", "គ");
    expect(litRowsIn(frame.bitmap, g0, g1, 0, baseline - 1)?.rows).toBeGreaterThanOrEqual(8);
    // ស្វ: the subscript វ under ស, from the baseline down.
    const [s0, s1] = columns("សូម", "ស្វ");
    const subscript = litRowsIn(frame.bitmap, s0, s1, baseline, 15);
    expect(subscript?.rows).toBeGreaterThanOrEqual(3);
    expect(subscript?.last).toBe(15);
  });

  it("is larger than the previous ink-box sizing, which left rows dark", () => {
    const before = rendered("សូមស្វាគមន៍", "km", { ...alpha, layout: { km: { size: "fit-panel" } } });
    expect(frame.fontSize).toBeGreaterThan(before.fontSize);
    const { baseline, columns } = anatomy(before);
    const [m0, m1] = columns("សូ", "ម");
    const was = litRowsIn(before.bitmap, m0, m1, 0, baseline - 1)?.rows ?? 0;
    const now = (() => {
      const a = anatomy(frame);
      const [x0, x1] = a.columns("សូ", "ម");
      return litRowsIn(frame.bitmap, x0, x1, 0, a.baseline - 1)?.rows ?? 0;
    })();
    expect(now).toBeGreaterThan(was);
    expect(before.layout.inkRows).toBeLessThan(16);
  });

  it("a sentence too wide for the panel scrolls at the full height instead of shrinking", () => {
    const long = rendered("សូមស្វាគមន៍\u200bមកកាន់\u200bច្រកទ្វារ", "km");
    expect(long).toMatchObject({ scroll: true, lines: 1 });
    expect(long.fontSize).toBeGreaterThanOrEqual(13);
    expect(long.bitmap.width).toBeLessThanOrEqual(255);
    const { box } = anatomy(long);
    expect([box.top, box.bottom]).toEqual([0, 15]);
  });
});

describe("Lao on 96×16", () => {
  it("ສະບາຍດີ: base letters 10 rows, the vowel above kept", () => {
    const frame = rendered("ສະບາຍດີ", "lo");
    expect(frame.layout).toMatchObject({ rule: "lao-16", lines: 1 });
    const { baseline, columns } = anatomy(frame);
    const [b0, b1] = columns("ສະ", "ບ");
    expect(litRowsIn(frame.bitmap, b0, b1, 0, baseline - 1)?.rows).toBeGreaterThanOrEqual(10);
  });

  it("a sentence with a vowel below and tone marks scrolls at 14 px using all 16 rows (was 10 px, held)", () => {
    const frame = rendered("ຍິນດີຕ້ອນຮັບ\u200bສູ່\u200bດ່ານ\u200bສາກົນ", "lo");
    expect(frame).toMatchObject({ scroll: true, lines: 1 });
    expect(frame.fontSize).toBeGreaterThanOrEqual(14);
    const { baseline, columns, box } = anatomy(frame);
    expect([box.top, box.bottom]).toEqual([0, 15]);
    const [n0, n1] = columns("ຍິ", "ນ");
    expect(litRowsIn(frame.bitmap, n0, n1, 0, baseline - 1)?.rows).toBeGreaterThanOrEqual(8);
    // ູ under ສ
    const [s0, s1] = columns("ຍິນດີຕ້ອນຮັບ\u200b", "ສູ່");
    expect(litRowsIn(frame.bitmap, s0, s1, baseline, 15)?.rows).toBeGreaterThanOrEqual(3);
  });
});

describe("Vietnamese and Chinese keep their quality", () => {
  it("Vietnamese scrolls at 13 px with its stacked marks whole", () => {
    const frame = rendered("Chào mừng quý khách đến Cửa khẩu", "vi");
    expect(frame).toMatchObject({ fontSize: 13, lines: 1, scroll: true });
    expect(frame.layout.rule).toBe("latin-16");
    anatomy(frame);
  });

  it("欢迎 at the 16 px em, held; a longer text held at 15, scrolling rather than going below 14", () => {
    const short = rendered("欢迎", "zh-Hans");
    expect(short).toMatchObject({ fontSize: 16, scroll: false });
    expect(short.layout.rule).toBe("chinese-16");
    anatomy(short);
    expect(rendered("欢迎来到越南", "zh-Hans")).toMatchObject({ fontSize: 15, scroll: false });
    const seven = rendered("欢迎来到越南边", "zh-Hans");
    expect(seven).toMatchObject({ fontSize: 16, scroll: true });
    // A sign that can't scroll still holds it, smaller.
    const still = rendered("欢迎来到越南边", "zh-Hans", { ...alpha, modes: ["hold"] });
    expect(still.scroll).toBe(false);
    expect(still.fontSize).toBeLessThan(14);
  });
});
