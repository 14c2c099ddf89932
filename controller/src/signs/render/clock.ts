/**
 * The dual clock for the China-facing gate: gate-local time (UTC+7) beside Beijing time (UTC+8), e.g.
 * `VN 08:05 | 北京 09:05`, as one frame that fits the panel without scrolling (a clock must not scroll).
 * Times come from integer arithmetic on epoch milliseconds (`gate-time.ts`), never `Date` local getters.
 */
import { beijingLocal, formatClockTime, gateLocal } from "../../domain/gate-time.js";
import type { Instant } from "../../domain/instant.js";
import { fitText } from "./engine.js";
import {
  colourIndex,
  frameOf,
  prepare,
  type RenderOptions,
  type RenderProfile,
  type RenderResult,
} from "./render.js";

/** The two clock readings, `HH:MM`. */
export function dualClockTimes(instant: Instant): { vietnam: string; beijing: string } {
  return {
    vietnam: formatClockTime(gateLocal(instant).minuteOfDay),
    beijing: formatClockTime(beijingLocal(instant).minuteOfDay),
  };
}

/**
 * Wordings from the most spacious to the most compact; the first that fits the panel at a legible size wins.
 * On a panel with two line bands the two clocks stack, one per line.
 */
function wordings(vn: string, bj: string, twoLines: boolean): string[] {
  const out = twoLines ? [`VN ${vn}\n北京 ${bj}`] : [];
  out.push(`VN ${vn} | 北京 ${bj}`, `VN ${vn}  北京 ${bj}`, `VN${vn} 北京${bj}`);
  return out;
}

/** 北京 stays legible down to 10 px; digits alone would go smaller. */
const CLOCK_MIN_SIZE = 10;

export function renderDualClock(
  instant: Instant,
  profile: RenderProfile,
  options: Pick<RenderOptions, "colour" | "threshold"> = {},
): RenderResult {
  const { vietnam, beijing } = dualClockTimes(instant);
  const twoLines = profile.panel.height >= 32;
  const colour = colourIndex(options.colour, profile.colors);
  let narrowest = Number.POSITIVE_INFINITY;
  for (const text of wordings(vietnam, beijing, twoLines)) {
    // Noto Sans draws the digits (narrower than Noto Sans SC's), Noto Sans SC the two ideographs.
    const prepared = prepare(text, "vi", { ...options, minSize: CLOCK_MIN_SIZE });
    if (!prepared.ok) return prepared;
    const lines = text.includes("\n") ? 2 : 1;
    const fit = fitText(prepared.text, profile.panel, lines, prepared.style, prepared.fonts, "vi");
    if (fit.ok)
      return frameOf(prepared, fit.layout, profile.panel, "vi", colour, undefined, {
        id: "dual-clock",
        size: "fit-panel",
      });
    narrowest = Math.min(narrowest, fit.narrowest);
  }
  return {
    ok: false,
    reason: `the dual clock does not fit: needs ${narrowest} px at minimum size, the panel is ${profile.panel.width} px wide`,
    language: "vi",
  };
}
