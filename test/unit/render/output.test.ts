import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import type { Lang, Localized } from "../../../controller/src/domain/types.js";
import {
  bitmapToPng,
  bitmapToRows,
  dualClockTimes,
  isAsciiOnly,
  type RenderProfile,
  renderDualClock,
  renderMessage,
  renderMessageFrames,
  rowsToBitmap,
} from "../../../controller/src/signs/render/index.js";
import { bitmapInk, shippedProfile } from "./helpers.js";

const alpha = shippedProfile("alpha-96x16");
const bx5 = shippedProfile("bx5-128x32");
const mono: RenderProfile = { ...alpha, colors: 1 };

const MESSAGE: Localized = {
  vi: "Chào mừng đến Cửa khẩu Cầu Treo",
  en: "Welcome to Cau Treo",
  "zh-Hans": "欢迎来到越南",
  lo: "ຍິນດີຕ້ອນຮັບ\u200bສູ່\u200bດ່ານ\u200bສາກົນ",
  km: "សូមស្វាគមន៍\u200bមកកាន់\u200bច្រកទ្វារ",
};
const ORDER: Lang[] = ["vi", "lo", "en", "zh-Hans", "km"];

describe("frames", () => {
  it("one frame per language, in the gate's order", () => {
    const r = renderMessageFrames(MESSAGE, ORDER, bx5);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frames.map((f) => f.language)).toEqual(ORDER);
    for (const f of r.frames) {
      expect(f.bitmap.height).toBe(32);
      expect(f.bitmap.pixels.length).toBe(f.bitmap.width * f.bitmap.height);
      expect(bitmapInk(f.bitmap).lit).toBeGreaterThan(20);
      if (!f.scroll) expect(f.bitmap.width).toBe(128);
    }
  });

  it("is deterministic: rendering twice gives identical bitmaps", () => {
    for (const profile of [alpha, bx5]) {
      const a = renderMessageFrames(MESSAGE, ORDER, profile);
      const b = renderMessageFrames(MESSAGE, ORDER, profile);
      expect(a.ok && b.ok).toBe(true);
      if (!a.ok || !b.ok) return;
      a.frames.forEach((frame, i) => {
        const other = b.frames[i];
        expect(other?.bitmap.width).toBe(frame.bitmap.width);
        expect(Buffer.from(frame.bitmap.pixels).equals(Buffer.from(other?.bitmap.pixels ?? []))).toBe(true);
      });
    }
  });

  it("every pixel is off or the requested colour, within the sign's colour set", () => {
    const cases: [RenderProfile, "red" | "green" | "amber" | undefined, number][] = [
      [bx5, undefined, 1],
      [bx5, "green", 2],
      [alpha, "amber", 3],
      [mono, "green", 1], // a single-colour panel has one colour: index 1
      [mono, undefined, 1],
    ];
    for (const [profile, colour, index] of cases) {
      const r = renderMessageFrames(MESSAGE, ORDER, profile, colour ? { colour } : {});
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      for (const f of r.frames) {
        const values = new Set(f.bitmap.pixels);
        expect([...values].sort()).toEqual([0, index]);
        const allowed = profile.colors === 1 ? [0, 1] : [0, 1, 2, 3];
        for (const v of values) expect(allowed).toContain(v);
      }
    }
  });

  it("a lower threshold lights more pixels (Khmer's default is lower than Latin's)", () => {
    const at = (threshold: number) => {
      const r = renderMessage("សួស្តី", alpha, { language: "km", threshold });
      return r.ok ? bitmapInk(r.bitmap).lit : 0;
    };
    expect(at(0.3)).toBeGreaterThan(at(0.6));
  });
});

describe("ASCII fast path", () => {
  it("isAsciiOnly is true for printable ASCII only", () => {
    expect(isAsciiOnly("OPEN 24H - Exit ->")).toBe(true);
    expect(isAsciiOnly("")).toBe(true);
    expect(isAsciiOnly("Việt Nam")).toBe(false);
    expect(isAsciiOnly("Cafe\u0301")).toBe(false);
    expect(isAsciiOnly("line\nbreak")).toBe(false);
    expect(isAsciiOnly("tab\t")).toBe(false);
    expect(isAsciiOnly("\u007f")).toBe(false);
  });
});

describe("previews", () => {
  it("rows are the exact pixels, one colour code per character, and round-trip", () => {
    const r = renderMessage("Xin chào", alpha, { language: "vi", colour: "green" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const rows = bitmapToRows(r.bitmap);
    expect(rows).toHaveLength(16);
    for (const row of rows) expect(row).toMatch(/^[02]{96}$/);
    const back = rowsToBitmap(rows);
    expect(Buffer.from(back.pixels).equals(Buffer.from(r.bitmap.pixels))).toBe(true);
    expect(() => rowsToBitmap(["01", "0"])).toThrow(RangeError);
    expect(() => rowsToBitmap(["04"])).toThrow(RangeError);
  });

  it("the PNG shows each LED as a dot: lit ones in their colour, unlit ones dim, on a dark board", async () => {
    const bitmap = rowsToBitmap(["0123", "1000"]);
    const png = bitmapToPng(bitmap, { scale: 10 });
    const image = await loadImage(png);
    expect(image.width).toBe(40);
    expect(image.height).toBe(20);
    const { createCanvas } = await import("@napi-rs/canvas");
    const canvas = createCanvas(40, 20);
    const ctx = canvas.getContext("2d");
    ctx.drawImage(image, 0, 0);
    const centre = (x: number, y: number) => [
      ...ctx.getImageData(x * 10 + 5, y * 10 + 5, 1, 1).data.subarray(0, 3),
    ];
    const [r1, g1] = centre(1, 0);
    expect(r1).toBeGreaterThan(200); // red
    expect(g1).toBeLessThan(100);
    const [r2, g2] = centre(2, 0);
    expect(g2).toBeGreaterThan(200); // green
    expect(r2).toBeLessThan(100);
    const [r3, g3] = centre(3, 0);
    expect(r3).toBeGreaterThan(200); // amber
    expect(g3).toBeGreaterThan(120);
    expect(Math.max(...centre(0, 0))).toBeLessThan(60); // unlit
    const corner = [...ctx.getImageData(0, 0, 1, 1).data.subarray(0, 3)];
    expect(Math.max(...corner)).toBeLessThan(20); // the board between dots
  });

  // `RENDER_PREVIEW=/tmp npx vitest run test/unit/render` writes render-<profile>-<lang>.png to look at.
  it.runIf(process.env.RENDER_PREVIEW)("writes LED previews of every language on both profiles", () => {
    const dir = process.env.RENDER_PREVIEW ?? "/tmp";
    for (const [id, profile] of [
      ["alpha-96x16", alpha],
      ["bx5-128x32", bx5],
    ] as const) {
      const r = renderMessageFrames(MESSAGE, ORDER, profile, { colour: "amber" });
      if (!r.ok) throw new Error(r.reason);
      for (const f of r.frames)
        writeFileSync(path.join(dir, `render-${id}-${f.language}.png`), bitmapToPng(f.bitmap));
      const clock = renderDualClock(Date.UTC(2025, 0, 28, 1, 5), profile);
      if (!clock.ok) throw new Error(clock.reason);
      writeFileSync(path.join(dir, `render-${id}-clock.png`), bitmapToPng(clock.bitmap));
    }
  });
});

describe("dual clock", () => {
  it("gate time is UTC+7 and Beijing UTC+8, whatever the process's TZ", () => {
    expect(dualClockTimes(Date.UTC(2025, 0, 1, 1, 5))).toEqual({ vietnam: "08:05", beijing: "09:05" });
    expect(dualClockTimes(Date.parse("2025-01-01T16:30:00Z"))).toEqual({
      vietnam: "23:30",
      beijing: "00:30",
    });
    expect(dualClockTimes(Date.parse("2024-12-31T17:00:00Z"))).toEqual({
      vietnam: "00:00",
      beijing: "01:00",
    });
  });

  it("fits a 96×16 panel on one line without scrolling", () => {
    const r = renderDualClock(Date.UTC(2025, 0, 1, 1, 5), alpha);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scroll).toBe(false);
    expect(r.lines).toBe(1);
    expect(r.bitmap.width).toBe(96);
    expect(r.bitmap.height).toBe(16);
    expect(r.lineTexts[0]).toMatch(/^VN ?08:05 .*北京 ?09:05$/);
  });

  it("stacks the two clocks on a 128×32 panel", () => {
    const r = renderDualClock(Date.UTC(2025, 0, 1, 16, 30), bx5, { colour: "green" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.lineTexts).toEqual(["VN 23:30", "北京 00:30"]);
    expect(new Set(r.bitmap.pixels)).toEqual(new Set([0, 2]));
  });

  it("is refused on a panel too small for any wording", () => {
    const tiny: RenderProfile = { panel: { width: 40, height: 16 }, colors: 1, modes: ["hold", "scroll"] };
    const r = renderDualClock(0, tiny);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.reason).toMatch(
        /^the dual clock does not fit: needs \d+ px at minimum size, the panel is 40 px wide$/,
      );
  });
});
