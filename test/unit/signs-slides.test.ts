/**
 * Several slides in one request: BX-5 merges them into the one picture its dynamic area holds; the sign
 * extension reports the slides a protocol's plan leaves out.
 */
import { describe, expect, it } from "vitest";
import { composeSlides, showRequestOf } from "../../controller/src/signs/driver/compose.js";
import {
  bx5Protocol,
  decodeBx5Command,
  decodeBx5Frame,
  mergeBx5Slides,
} from "../../controller/src/signs/protocols/bx5/index.js";
import { protocols, type ShowSlide, slidesOf } from "../../controller/src/signs/protocols/index.js";
import { summaryOf, summaryWithPlan } from "../../controller/src/signs/showing-summary.js";

const panel = { width: 8, height: 4 };

function bitmap(width: number, height: number, value: number) {
  return { width, height, pixels: new Uint8Array(width * height).fill(value) };
}
const slide = (
  b: ReturnType<typeof bitmap>,
  effect: ShowSlide["effect"],
  holdSeconds?: number,
): ShowSlide => ({
  content: { kind: "bitmap", bitmap: b },
  effect,
  ...(holdSeconds === undefined ? {} : { holdSeconds }),
});
const pixelsOf = (s: ShowSlide) => (s.content.kind === "bitmap" ? s.content.bitmap : undefined);

describe("a request of several slides", () => {
  it("is one slide or several, whichever form it has", () => {
    const one = slide(bitmap(8, 4, 1), "hold");
    expect(slidesOf(one)).toEqual([one]);
    expect(slidesOf({ slides: [one, one] })).toEqual([one, one]);
  });

  it("BX-5: pages go one under the other, moving up, the longest stay kept", () => {
    const merged = mergeBx5Slides(
      [
        slide(bitmap(8, 4, 1), "hold"),
        slide(bitmap(8, 8, 2), "scrollUp", 4),
        slide(bitmap(6, 4, 3), "flash"),
      ],
      panel,
    );
    expect(merged).toMatchObject({ effect: "scrollUp", holdSeconds: 4 });
    const b = pixelsOf(merged);
    expect(b).toMatchObject({ width: 8, height: 16 });
    expect([0, 4, 8, 12].map((row) => b?.pixels[row * 8])).toEqual([1, 2, 2, 3]);
    // The narrower page keeps its width, the rest of its rows stay dark.
    expect(b?.pixels[12 * 8 + 7]).toBe(0);
  });

  it("BX-5: anything sideways makes one ticker, every page padded to the panel's width", () => {
    const merged = mergeBx5Slides(
      [
        slide(bitmap(8, 8, 1), "scrollUp"),
        slide(bitmap(20, 4, 2), "scrollLeft"),
        slide(bitmap(5, 4, 3), "hold"),
      ],
      panel,
    );
    expect(merged.effect).toBe("scrollLeft");
    const b = pixelsOf(merged);
    // Two pages of the stack (8 + 8), the ticker (20), the held page padded (8).
    expect(b).toMatchObject({ width: 44, height: 4 });
    expect([0, 8, 16, 36, 41].map((x) => b?.pixels[x])).toEqual([1, 1, 2, 3, 0]);
  });

  it("BX-5: one slide is sent as it is; text or an oversized result is refused", () => {
    const one = slide(bitmap(8, 4, 1), "flash", 2);
    expect(mergeBx5Slides([one], panel)).toEqual(one);
    expect(() => mergeBx5Slides([{ content: { kind: "text", text: "HI" }, effect: "hold" }], panel)).toThrow(
      RangeError,
    );
    expect(() =>
      mergeBx5Slides(
        [slide(bitmap(40_000, 4, 1), "scrollLeft"), slide(bitmap(40_000, 4, 1), "scrollLeft")],
        panel,
      ),
    ).toThrow(RangeError);
    expect(() => mergeBx5Slides([], panel)).toThrow(RangeError);
  });

  it("BX-5: the protocol takes a request of several slides as one dynamic area; the driver rotates otherwise", () => {
    const target = { colours: 3 as const, panel };
    expect(bx5Protocol.maxSlides?.(target)).toBe(1);
    const plan = bx5Protocol.show(
      { slides: [slide(bitmap(8, 4, 1), "hold"), slide(bitmap(8, 4, 2), "hold")] },
      target,
    );
    expect(plan.exchanges).toHaveLength(1);
    const frame = decodeBx5Frame(plan.exchanges[0]?.bytes ?? new Uint8Array());
    const command = frame.ok ? decodeBx5Command(frame.value.data).command : undefined;
    expect(command?.kind === "dynamicArea" && command.area).toMatchObject({
      mode: "moveUp",
      bitmap: { width: 8, height: 8 },
    });
  });
});

describe("what the sign shows when the plan leaves slides out", () => {
  const frame = (itemId: string, language: string, width: number) => ({
    itemId,
    language,
    bitmap: bitmap(width, 16, 1),
    scroll: width > 96,
  });
  const show = composeSlides(
    [
      frame("welcome", "vi", 200),
      frame("welcome", "en", 200),
      frame("hours", "vi", 200),
      frame("hours", "en", 90),
    ],
    {
      panel: { width: 96, height: 16 },
      limits: { maxBitmapWidth: 255, maxBitmapHeight: 255 },
      modes: ["scroll"],
    },
  );

  it("marks the slides left out, names them in problems, and lists only the items on the sign", () => {
    expect(show.slides).toHaveLength(4);
    const summary = summaryWithPlan(
      show,
      summaryOf(show, ["gone: no such item"]),
      [
        { slide: 2, reason: "the sign holds 2 pictures" },
        { slide: 3, reason: "the sign holds 2 pictures" },
      ],
      "sign",
    );
    expect(summary.rotation).toBe("sign");
    expect(summary.itemIds).toEqual(["welcome"]);
    expect(summary.slides.map((s) => s.notShown)).toEqual([
      undefined,
      undefined,
      "the sign holds 2 pictures",
      "the sign holds 2 pictures",
    ]);
    expect(summary.problems).toEqual([
      "gone: no such item",
      "slide 3 of 4 (hours/vi) not shown: the sign holds 2 pictures",
      "slide 4 of 4 (hours/en) not shown: the sign holds 2 pictures",
    ]);
    expect(summaryWithPlan(show, summaryOf(show, []), undefined, "driver")).toMatchObject({
      rotation: "driver",
      itemIds: ["welcome", "hours"],
      problems: [],
    });
  });

  it("an Alpha sign of the profile's memory takes them all in one plan", () => {
    const target = {
      colours: 3 as const,
      panel: { width: 96, height: 16 },
      memory: { textFiles: 8, pictureFiles: 8, bytes: 32768 },
    };
    const plan = protocols.alpha.show({ slides: show.slides.map(showRequestOf) }, target);
    expect(plan.notShown).toBeUndefined();
    // The held English page is the smallest picture: it goes first, and lights the sign while the rest load.
    expect(plan.exchanges.map((e) => e.name)).toEqual([
      "alpha memoryConfig",
      "alpha writeText A (provisional)",
      "alpha writeSmallDots S",
      "alpha writeSmallDots P",
      "alpha writeSmallDots Q",
      "alpha writeSmallDots R",
      "alpha writeText A",
    ]);
    const twoPictures = protocols.alpha.show(
      { slides: show.slides.map(showRequestOf) },
      { ...target, memory: { pictureFiles: 2 } },
    );
    expect(twoPictures.notShown?.map((n) => n.slide)).toEqual([2, 3]);
  });
});
