import { describe, expect, it } from "vitest";
import {
  type ComposeFrame,
  composeSlides,
  SINGLE_DWELL_MS,
  showRequestOf,
  stackFrames,
} from "../../controller/src/signs/driver/compose.js";
import type { Bitmap } from "../../controller/src/signs/protocols/types.js";

const panel = { width: 96, height: 16 };
const alpha = {
  panel,
  limits: { maxBitmapWidth: 255, maxBitmapHeight: 255 },
  modes: ["hold", "rotate", "scroll"],
};

function bitmap(width: number, height: number, value = 1): Bitmap {
  return { width, height, pixels: new Uint8Array(width * height).fill(value) };
}
function frame(language: string, width = 96, scroll = width > 96, itemId = "welcome"): ComposeFrame {
  return { itemId, language, bitmap: bitmap(width, 16, language.length % 3 || 3), scroll };
}

describe("composeSlides", () => {
  it("shows a dark panel when there is nothing to show", () => {
    const { slides, problems } = composeSlides([], alpha);
    expect(slides).toHaveLength(1);
    expect(slides[0]).toMatchObject({ layout: "blank", effect: "hold", frames: [] });
    expect(slides[0]?.bitmap.pixels.every((p) => p === 0)).toBe(true);
    expect(problems).toEqual([]);
  });

  it("holds a lone frame that fits", () => {
    const { slides } = composeSlides([frame("vi", 80)], alpha);
    expect(slides).toHaveLength(1);
    expect(slides[0]).toMatchObject({ layout: "single", effect: "hold", dwellMs: SINGLE_DWELL_MS });
    expect(slides[0]?.bitmap).toMatchObject({ width: 96, height: 16 });
  });

  it("stacks frames that fit, a page each, scrolling up", () => {
    const frames = [frame("vi"), frame("lo"), frame("en")];
    const { slides } = composeSlides(frames, alpha);
    expect(slides).toHaveLength(1);
    const s = slides[0];
    expect(s).toMatchObject({ layout: "stack", effect: "scrollUp" });
    expect(s?.bitmap).toMatchObject({ width: 96, height: 48 });
    // Page 2 (rows 16–31) is the lo frame's colour.
    expect(s?.bitmap.pixels[17 * 96]).toBe(frames[1]?.bitmap.pixels[0]);
    expect(showRequestOf(s as NonNullable<typeof s>)).toMatchObject({ effect: "scrollUp", holdSeconds: 4 });
  });

  it("puts frames that scroll side by side in a ticker, short ones padded to the panel", () => {
    const { slides } = composeSlides([frame("vi", 150), frame("en", 60)], alpha);
    expect(slides).toHaveLength(1);
    expect(slides[0]).toMatchObject({ layout: "ticker", effect: "scrollLeft" });
    expect(slides[0]?.bitmap.width).toBe(150 + 96);
  });

  it("never makes a picture larger than the protocol takes: the rest goes to the next slide", () => {
    const { slides, problems } = composeSlides([frame("vi", 200), frame("lo", 200), frame("en", 200)], alpha);
    expect(problems).toEqual([]);
    expect(slides.map((s) => s.bitmap.width)).toEqual([200, 200, 200]);
    expect(slides.every((s) => s.bitmap.width <= 255)).toBe(true);
    const many = Array.from({ length: 20 }, (_, i) => frame(`l${i}`));
    const stacked = composeSlides(many, alpha);
    expect(stacked.slides.map((s) => s.bitmap.height)).toEqual([240, 80]);
  });

  it("shows one page per slide on a sign without a scroll mode", () => {
    const { slides } = composeSlides([frame("vi"), frame("en")], { ...alpha, modes: ["hold"] });
    expect(slides.map((s) => s.layout)).toEqual(["single", "single"]);
  });

  it("leaves out, with a reason, a frame larger than any picture the sign takes", () => {
    const { slides, problems } = composeSlides([frame("vi", 300), frame("en")], alpha);
    expect(problems).toEqual(["welcome/vi left out: its 300×16 picture is larger than the sign takes"]);
    expect(slides.flatMap((s) => s.frames.map((f) => f.language))).toEqual(["en"]);
  });

  it("stacks bitmaps of several widths for a preview", () => {
    const b = stackFrames([bitmap(10, 16), bitmap(20, 16, 2)], panel);
    expect(b).toMatchObject({ width: 20, height: 32 });
    expect(b.pixels[15]).toBe(0);
    expect(b.pixels[16 * 20 + 15]).toBe(2);
  });
});
