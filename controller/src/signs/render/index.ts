/**
 * The sign renderer: localized text → the `Bitmap` a sign shows (shaped by HarfBuzz inside Skia, laid out
 * for the panel, thresholded to the sign's colours), previews of those exact pixels, and the dual clock.
 * See docs/signs-rendering.md.
 */
export { dualClockTimes, renderDualClock } from "./clock.js";
export { type Ink, inkHeight, inkWidth, measureInk, SCRIPT_STYLES, type ScriptStyle } from "./engine.js";
export {
  coverageProblem,
  type FontFamilyId,
  type FontSelection,
  LANGUAGE_FAMILIES,
  selectFonts,
} from "./fonts.js";
export { bitmapToPng, bitmapToRows, type PngOptions, rowsToBitmap } from "./preview.js";
export {
  colourIndex,
  type FrameLayout,
  type FramesResult,
  type LedColour,
  type RenderedFrame,
  type RenderOptions,
  type RenderProfile,
  type RenderRefusal,
  type RenderResult,
  renderMessage,
  renderMessageFrames,
} from "./render.js";
export {
  SCRIPT_RULES,
  type ScriptRule,
  type ScriptRuleOverride,
  type SizePolicy,
  scriptRuleFor,
} from "./script-rules.js";
export { isAsciiOnly, normalizeText } from "./text.js";
export { describeCodePoint } from "./unicode.js";
