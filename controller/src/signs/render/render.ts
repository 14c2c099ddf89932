/**
 * `renderMessage`: one language's text → the bitmap a sign shows, or the reason it can't.
 * `renderMessageFrames`: a multi-language message → one frame per language, in the gate's order.
 */
import type { SignProfile } from "../../config/sign-profile-schema.js";
import type { Lang, Localized } from "../../domain/types.js";
import { type ProtocolName, protocols } from "../protocols/index.js";
import type { Bitmap, ColourIndex } from "../protocols/types.js";
import {
  fillHeight,
  fitText,
  inkWidth,
  type Layout,
  LINE_ROWS,
  type Panel,
  place,
  rasterize,
  SCRIPT_STYLES,
  type ScriptStyle,
  scrollLayout,
} from "./engine.js";
import { type FontSelection, selectFonts } from "./fonts.js";
import { type ScriptRule, type ScriptRuleOverride, type SizePolicy, scriptRuleFor } from "./script-rules.js";
import { drawable, normalizeText } from "./text.js";

/** What the renderer needs of a sign profile (a whole `SignProfile` will do). */
export interface RenderProfile {
  readonly panel: { readonly width: number; readonly height: number };
  readonly colors: 1 | 3;
  readonly modes: readonly SignProfile["modes"][number][];
  /** Bounds the width of a scrolling picture (an Alpha SMALL DOTS picture is at most 255 columns). */
  readonly protocol?: ProtocolName;
  /** Per language, what replaces the script rule (`script-rules.ts`) on this sign. */
  readonly layout?: Partial<Record<Lang, ScriptRuleOverride>>;
}

export type LedColour = "red" | "green" | "amber";

export interface RenderOptions {
  /** Default red. On a single-colour panel every colour is that panel's one colour (index 1). */
  readonly colour?: LedColour;
  /** Set false to refuse rather than scroll even on a sign that scrolls (default: scroll if the sign can). */
  readonly allowScroll?: boolean;
  /** Coverage 0–1 at which a pixel lights; default per language (see `SCRIPT_STYLES`). */
  readonly threshold?: number;
  /** At most this many lines (default: 2 on a panel of 32 rows or more, else 1). */
  readonly maxLines?: number;
  /** Widest picture the sign accepts; default from the profile's protocol. */
  readonly maxBitmapWidth?: number;
}

export interface RenderedFrame {
  readonly ok: true;
  readonly bitmap: Bitmap;
  readonly language: Lang;
  /** The text as laid out (NFC, spaces collapsed). */
  readonly text: string;
  /** CSS px of the em. */
  readonly fontSize: number;
  /** How many lines: 1 or 2. */
  readonly lines: number;
  /** The lines as drawn. */
  readonly lineTexts: readonly string[];
  /** True: `bitmap` is wider than the panel and must be shown with a scrolling effect. */
  readonly scroll: boolean;
  /** The language's first-choice family, e.g. `Noto Sans Khmer`. */
  readonly fontFamily: string;
  /** Which script rule laid it out, and what came of it (what a preview says). */
  readonly layout: FrameLayout;
}

export interface FrameLayout {
  /** The script rule's id (`khmer-16`), or `dual-clock`. */
  readonly rule: string;
  /** How the size was chosen (the rule's, or `fit-panel` where a `fill-height` rule meets a sign that can't scroll). */
  readonly size: SizePolicy;
  readonly lines: number;
  readonly scroll: boolean;
  /** CSS px of the em. */
  readonly glyphPx: number;
  /** Rows from the highest lit pixel to the lowest: how much of the panel's height the text uses. */
  readonly inkRows: number;
}

export interface RenderRefusal {
  readonly ok: false;
  readonly reason: string;
  readonly language?: Lang;
}

export type RenderResult = RenderedFrame | RenderRefusal;

export function colourIndex(colour: LedColour | undefined, colours: 1 | 3): ColourIndex {
  if (colours === 1) return 1;
  switch (colour ?? "red") {
    case "red":
      return 1;
    case "green":
      return 2;
    case "amber":
      return 3;
  }
}

function maxLinesFor(profile: RenderProfile, options: RenderOptions, rule: ScriptRule): number {
  const panelLines = Math.max(1, Math.min(2, rule.lines, Math.floor(profile.panel.height / LINE_ROWS)));
  return Math.max(1, Math.min(panelLines, options.maxLines ?? panelLines));
}

/** Rows between the highest and the lowest lit pixel, inclusive (0 when nothing is lit). */
function litRowSpan(bitmap: Bitmap): number {
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < bitmap.height; y++) {
    const row = bitmap.pixels.subarray(y * bitmap.width, (y + 1) * bitmap.width);
    if (row.some((p) => p !== 0)) {
      if (top < 0) top = y;
      bottom = y;
    }
  }
  return top < 0 ? 0 : bottom - top + 1;
}

function maxBitmapWidthFor(profile: RenderProfile, options: RenderOptions): number {
  if (options.maxBitmapWidth !== undefined) return options.maxBitmapWidth;
  return profile.protocol ? protocols[profile.protocol].limits.maxBitmapWidth : 4096;
}

/** The pieces `renderMessage` and the clock share: prepared text, fonts, style. */
export interface Prepared {
  readonly ok: true;
  readonly text: string;
  readonly fonts: FontSelection;
  readonly style: ScriptStyle;
}

export function prepare(
  text: string,
  language: Lang,
  options: RenderOptions & { readonly minSize?: number; readonly maxSize?: number },
): Prepared | RenderRefusal {
  const normal = normalizeText(text);
  if (drawable(normal).length === 0) return { ok: false, reason: `no ${language} text to show`, language };
  const fonts = selectFonts(normal, language);
  if (!fonts.ok) return { ok: false, reason: fonts.reason, language };
  const base = SCRIPT_STYLES[language];
  const style: ScriptStyle = {
    minSize: options.minSize ?? base.minSize,
    maxSize: Math.max(
      options.minSize ?? base.minSize,
      Math.min(base.maxSize, options.maxSize ?? base.maxSize),
    ),
    threshold: options.threshold ?? base.threshold,
  };
  return { ok: true, text: normal, fonts, style };
}

export function frameOf(
  prepared: Prepared,
  layout: Layout,
  panel: Panel,
  language: Lang,
  colour: ColourIndex,
  scroll: { leadIn: number } | undefined,
  rule: { readonly id: string; readonly size: SizePolicy },
): RenderedFrame {
  const placement = place(layout, panel, scroll);
  const bitmap = rasterize(layout, placement, prepared.fonts, language, prepared.style.threshold, colour);
  return {
    ok: true,
    bitmap,
    language,
    text: prepared.text,
    fontSize: layout.size,
    lines: layout.lines.length,
    lineTexts: layout.lines,
    scroll: scroll !== undefined,
    fontFamily: prepared.fonts.primary,
    layout: {
      rule: rule.id,
      size: rule.size,
      lines: layout.lines.length,
      scroll: scroll !== undefined,
      glyphPx: layout.size,
      inkRows: litRowSpan(bitmap),
    },
  };
}

/**
 * Renders one language's text for a sign. `text` is the string, or a `Localized` from which
 * `options.language`'s text is taken.
 */
export function renderMessage(
  text: string | Localized,
  profile: RenderProfile,
  options: RenderOptions & { readonly language: Lang },
): RenderResult {
  const { language } = options;
  const source = typeof text === "string" ? text : text[language];
  if (source === undefined) return { ok: false, reason: `the message has no ${language} text`, language };
  const panel: Panel = profile.panel;
  const rule = scriptRuleFor(language, panel.height, profile.layout?.[language]);
  const prepared = prepare(source, language, {
    ...options,
    ...(rule.maxSize === undefined ? {} : { maxSize: rule.maxSize }),
  });
  if (!prepared.ok) return prepared;
  const colour = colourIndex(options.colour, profile.colors);
  const canScroll = profile.modes.includes("scroll") && options.allowScroll !== false;
  const maxWidth = maxBitmapWidthFor(profile, options);
  const minLeadIn = Math.ceil(panel.width / 4);
  const tooLongToScroll = (): RenderRefusal => ({
    ok: false,
    reason: `too long to scroll on this sign: needs more than ${maxWidth - minLeadIn} px at minimum size, a picture is at most ${maxWidth} px wide`,
    language,
  });
  // A scrolling picture: blank lead-in of one panel width (the text enters from the right edge and has
  // left the panel before the next pass starts), shortened if the protocol's picture width demands it.
  const filled = { id: rule.id, size: "fill-height" } as const;
  const fitted = { id: rule.id, size: "fit-panel" } as const;
  const scrolling = (layout: Layout): RenderedFrame => {
    const textWidth = Math.max(...layout.inks.map(inkWidth));
    if (textWidth <= panel.width)
      return frameOf(prepared, layout, panel, language, colour, undefined, filled);
    const leadIn = Math.min(panel.width, maxWidth - textWidth);
    return frameOf(prepared, layout, panel, language, colour, { leadIn }, filled);
  };

  if (rule.size === "fill-height" && canScroll) {
    // Height first: one line as tall as the panel, scrolling when wider than it.
    const layout = fillHeight(
      prepared.text,
      panel.height,
      maxWidth - minLeadIn,
      prepared.style,
      prepared.fonts,
      language,
    );
    return layout ? scrolling(layout) : tooLongToScroll();
  }

  // A sign that can't scroll holds whatever fits at the language's minimum rather than refuse it.
  const holdStyle =
    rule.holdMinSize === undefined || !canScroll
      ? prepared.style
      : { ...prepared.style, minSize: Math.max(prepared.style.minSize, rule.holdMinSize) };
  const fit = fitText(
    prepared.text,
    panel,
    maxLinesFor(profile, options, rule),
    holdStyle,
    prepared.fonts,
    language,
  );
  if (fit.ok) return frameOf(prepared, fit.layout, panel, language, colour, undefined, fitted);

  if (!canScroll) {
    return {
      ok: false,
      reason: `too long to fit without scrolling: needs ${fit.narrowest} px at minimum size, the panel is ${panel.width} px wide`,
      language,
    };
  }
  const layout = scrollLayout(
    prepared.text,
    panel,
    maxWidth - minLeadIn,
    prepared.style,
    prepared.fonts,
    language,
  );
  if (!layout) return tooLongToScroll();
  const textWidth = Math.max(...layout.inks.map(inkWidth));
  const leadIn = Math.min(panel.width, maxWidth - textWidth);
  return frameOf(prepared, layout, panel, language, colour, { leadIn }, fitted);
}

export type FramesResult =
  | { readonly ok: true; readonly frames: readonly RenderedFrame[] }
  | { readonly ok: false; readonly reason: string; readonly language: Lang };

/**
 * One frame per language of `languages`, in that order (the gate's order; the sign rotates them). The
 * first language that can't be rendered refuses the whole message, naming the language.
 */
export function renderMessageFrames(
  localized: Localized,
  languages: readonly Lang[],
  profile: RenderProfile,
  options: RenderOptions = {},
): FramesResult {
  const frames: RenderedFrame[] = [];
  for (const language of languages) {
    const result = renderMessage(localized, profile, { ...options, language });
    if (!result.ok) return { ok: false, reason: `${language}: ${result.reason}`, language };
    frames.push(result);
  }
  return { ok: true, frames };
}
