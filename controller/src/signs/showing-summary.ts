/**
 * What a sign shows, told for status pages and the sign log (`ShowingSummary`): the items and language
 * frames of its slides, the slides the protocol's plan leaves out (they do not fit the sign's memory),
 * and who turns the slides. Pure; the pipeline (`pipeline.ts`) attaches it to the content it plans.
 */

import type { SlideShow } from "./driver/compose.js";
import type { ShowingSummary } from "./driver/driver-status.js";
import type { ShowPlan } from "./protocols/types.js";

export function summaryOf(show: SlideShow, problems: readonly string[]): ShowingSummary {
  const itemIds: string[] = [];
  for (const slide of show.slides)
    for (const f of slide.frames) if (!itemIds.includes(f.itemId)) itemIds.push(f.itemId);
  return {
    itemIds,
    frames: show.slides.flatMap((slide, index) =>
      slide.frames.map((f) => ({
        itemId: f.itemId,
        language: f.language,
        width: f.bitmap.width,
        height: f.bitmap.height,
        scroll: f.scroll,
        slide: index,
      })),
    ),
    slides: show.slides.map((c) => ({
      layout: c.layout,
      effect: c.effect,
      width: c.bitmap.width,
      height: c.bitmap.height,
      dwellMs: c.dwellMs,
    })),
    problems: [...problems, ...show.problems],
  };
}

/**
 * The summary once the protocol's plan is known: the slides it leaves out (they do not fit the sign's
 * memory) marked and named in `problems`, `itemIds` only what is on the sign, and who turns the slides.
 */
export function summaryWithPlan(
  show: SlideShow,
  summary: ShowingSummary,
  notShown: ShowPlan<unknown>["notShown"],
  rotation: NonNullable<ShowingSummary["rotation"]>,
): ShowingSummary {
  const left = new Map((notShown ?? []).map((n) => [n.slide, n.reason]));
  if (left.size === 0) return { ...summary, rotation };
  const itemIds: string[] = [];
  show.slides.forEach((slide, index) => {
    if (left.has(index)) return;
    for (const f of slide.frames) if (!itemIds.includes(f.itemId)) itemIds.push(f.itemId);
  });
  const problems = [...summary.problems];
  for (const [index, reason] of left) {
    const frames = show.slides[index]?.frames.map((f) => `${f.itemId}/${f.language}`) ?? [];
    const what = frames.length > 0 ? ` (${frames.join(", ")})` : "";
    problems.push(`slide ${index + 1} of ${show.slides.length}${what} not shown: ${reason}`);
  }
  return {
    ...summary,
    itemIds,
    slides: summary.slides.map((s, index) => {
      const reason = left.get(index);
      return reason === undefined ? s : { ...s, notShown: reason };
    }),
    problems,
    rotation,
  };
}
