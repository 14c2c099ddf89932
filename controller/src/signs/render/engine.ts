/**
 * Layout and rasterisation for one language's text on one panel.
 *
 * Layout tries every arrangement the panel allows (one line over the full height; two lines of half the
 * height each on a panel of 32 rows or more) and keeps the one with the largest font size, preferring fewer
 * lines on a tie. For each arrangement the size is the largest in the language's range whose *ink* — the
 * shaped string's actual bounding box from `measureText`, stacked Vietnamese marks, Khmer subscripts and
 * Lao tone marks included — fits the line's rows and the panel's width. When nothing fits at the minimum
 * legible size the text scrolls as one line (if the sign scrolls and the caller allows it) or is refused.
 *
 * Drawing is Skia's (HarfBuzz shaping) in white on black, then each pixel is on when its coverage reaches
 * the language's threshold, and takes the requested colour index.
 */
import { type Canvas, createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import type { Lang } from "../../domain/types.js";
import type { Bitmap, ColourIndex } from "../protocols/types.js";
import type { FontSelection } from "./fonts.js";
import { BREAK_RULE, type BreakOpportunity, breakOpportunities, drawable, splitAt } from "./text.js";

/** Per-language type sizes (CSS px = pixel rows of the em) and threshold. */
export interface ScriptStyle {
  /** Smallest size still legible on an LED panel; below it the text scrolls or is refused. */
  readonly minSize: number;
  readonly maxSize: number;
  /** Coverage (0–1) at which a pixel lights. */
  readonly threshold: number;
}

/**
 * Sizes and thresholds chosen by looking at LED previews of real messages (see docs/signs-rendering.md):
 * below 9 px Vietnamese marks merge with the letters; Han needs 11 px to keep radicals apart; Khmer's thin
 * strokes and subscripts break up at 50 % coverage, so they light from 40 %.
 */
export const SCRIPT_STYLES: Readonly<Record<Lang, ScriptStyle>> = {
  vi: { minSize: 9, maxSize: 64, threshold: 0.5 },
  en: { minSize: 8, maxSize: 64, threshold: 0.5 },
  "zh-Hans": { minSize: 11, maxSize: 64, threshold: 0.5 },
  lo: { minSize: 10, maxSize: 64, threshold: 0.45 },
  km: { minSize: 10, maxSize: 64, threshold: 0.4 },
};

/** Rows of one text line on a multi-line panel. */
export const LINE_ROWS = 16;

export interface Ink {
  /** Advance width. */
  readonly advance: number;
  /** How far the ink reaches left of the pen position (negative: it starts right of it). */
  readonly left: number;
  readonly right: number;
  /** Above the baseline. */
  readonly ascent: number;
  /** Below the baseline. */
  readonly descent: number;
}

/** Columns the ink covers when the pen stands on a whole pixel (see `place`): `ceil(left)` + right, rounded up. */
export function inkWidth(ink: Ink): number {
  return Math.max(0, Math.ceil(Math.ceil(ink.left) + ink.right));
}

export function inkHeight(ink: Ink): number {
  return Math.max(0, Math.ceil(ink.ascent) + Math.ceil(ink.descent));
}

const measureCanvas = createCanvas(16, 16);
const measureCtx = measureCanvas.getContext("2d");

/** What each context was last set to: setting `ctx.font` parses the family list, so skip it when unchanged. */
const fontState = new WeakMap<SKRSContext2D, string>();

function setFont(ctx: SKRSContext2D, size: number, fonts: FontSelection, lang: Lang): void {
  const font = `${size}px ${fonts.familyList}`;
  const key = `${font}|${lang}`;
  if (fontState.get(ctx) === key) return;
  ctx.font = font;
  // Shaping language for HarfBuzz, and no dependence on the host's locale.
  ctx.lang = lang;
  ctx.textBaseline = "alphabetic";
  ctx.textAlign = "left";
  ctx.direction = "ltr";
  fontState.set(ctx, key);
}

const EMPTY_INK: Ink = { advance: 0, left: 0, right: 0, ascent: 0, descent: 0 };

/** Ink box of `text` shaped in `fonts` at `size`. */
export function measureInk(text: string, size: number, fonts: FontSelection, lang: Lang): Ink {
  if (text.length === 0) return EMPTY_INK;
  setFont(measureCtx, size, fonts, lang);
  const m = measureCtx.measureText(text);
  return {
    advance: m.width,
    left: m.actualBoundingBoxLeft,
    right: m.actualBoundingBoxRight,
    ascent: m.actualBoundingBoxAscent,
    descent: m.actualBoundingBoxDescent,
  };
}

export interface Panel {
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly size: number;
  /** Drawable lines (ZWSP and LF removed). */
  readonly lines: readonly string[];
  /** Rows per line band. */
  readonly band: number;
  readonly inks: readonly Ink[];
  /** One line sized by its lit rows (`fillHeight`): placed by them rather than by the ink box. */
  readonly lit?: LitRows;
}

/** Rows a line lights when drawn with its pen on a whole pixel, relative to the baseline (negative: above). */
export interface LitRows {
  readonly top: number;
  readonly bottom: number;
}

export function litHeight(lit: LitRows): number {
  return lit.bottom - lit.top + 1;
}

/**
 * Largest size in [min, max] where every line's ink fits `band` rows (less one blank row between lines when
 * there are several) and `maxWidth` columns.
 */
function largestFitting(
  lines: readonly string[],
  band: number,
  maxWidth: number,
  style: ScriptStyle,
  fonts: FontSelection,
  lang: Lang,
): Layout | undefined {
  const measureAll = (size: number) => lines.map((line) => measureInk(line, size, fonts, lang));
  const rows = lines.length > 1 ? band - 1 : band;
  const fits = (inks: readonly Ink[]) =>
    inks.every((ink) => inkHeight(ink) <= rows && inkWidth(ink) <= maxWidth);
  // Ink scales about linearly with size: estimate from one measurement, then step to the real fit (up
  // while the next size still fits, else down until one does).
  const probe = Math.min(style.maxSize, Math.max(style.minSize, band));
  const probeInks = measureAll(probe);
  const h = Math.max(1, ...probeInks.map(inkHeight));
  const w = Math.max(1, ...probeInks.map(inkWidth));
  const estimate = Math.min(Math.floor((probe * rows) / h), Math.floor((probe * maxWidth) / w));
  let size = Math.max(style.minSize, Math.min(style.maxSize, estimate));
  let inks = size === probe ? probeInks : measureAll(size);
  if (fits(inks)) {
    while (size < style.maxSize) {
      const next = measureAll(size + 1);
      if (!fits(next)) break;
      size++;
      inks = next;
    }
    return { size, lines, band, inks };
  }
  for (size--; size >= style.minSize; size--) {
    inks = measureAll(size);
    if (fits(inks)) return { size, lines, band, inks };
  }
  return undefined;
}

/** Two-line splits worth trying: the opportunities nearest the middle, word boundaries and in-word apart. */
function candidateSplits(text: string, lang: Lang): BreakOpportunity[] {
  const ops = breakOpportunities(text, BREAK_RULE[lang]);
  const mid = text.length / 2;
  const nearest = (list: BreakOpportunity[], n: number) =>
    list.sort((a, b) => Math.abs(a.at - mid) - Math.abs(b.at - mid)).slice(0, n);
  return [
    ...nearest(
      ops.filter((o) => !o.inWord),
      8,
    ),
    ...nearest(
      ops.filter((o) => o.inWord),
      4,
    ),
  ];
}

/**
 * The split whose longer line is narrowest. A split inside a Chinese word counts 1.5 em wider than it is,
 * so it wins only where the word boundaries leave the lines badly unbalanced.
 */
function bestSplit(
  text: string,
  size: number,
  fonts: FontSelection,
  lang: Lang,
): [string, string] | undefined {
  let best: [string, string] | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const op of candidateSplits(text, lang)) {
    const [a, b] = splitAt(text, op);
    if (a.length === 0 || b.length === 0) continue;
    const width = Math.max(
      inkWidth(measureInk(a, size, fonts, lang)),
      inkWidth(measureInk(b, size, fonts, lang)),
    );
    const score = width + (op.inWord ? 1.5 * size : 0);
    if (score < bestScore) {
      bestScore = score;
      best = [a, b];
    }
  }
  return best;
}

export type FitResult = { ok: true; layout: Layout } | { ok: false; narrowest: number };

/**
 * The arrangement with the largest size that fits the panel without scrolling, or the narrowest width the
 * text needs at the minimum size (for the refusal).
 */
export function fitText(
  text: string,
  panel: Panel,
  maxLines: number,
  style: ScriptStyle,
  fonts: FontSelection,
  lang: Lang,
): FitResult {
  const forced = text.split("\n");
  const single = drawable(text);
  const candidates: Layout[] = [];
  let narrowest = inkWidth(measureInk(single, style.minSize, fonts, lang));

  if (forced.length === 1 || maxLines < 2) {
    const one = largestFitting([single], panel.height, panel.width, style, fonts, lang);
    if (one) candidates.push(one);
  }
  if (maxLines >= 2) {
    const band = Math.floor(panel.height / 2);
    let pair: [string, string] | undefined;
    if (forced.length === 2) pair = [drawable(forced[0] ?? ""), drawable(forced[1] ?? "")];
    else if (forced.length === 1) pair = bestSplit(text, style.minSize, fonts, lang);
    else {
      // More than two forced lines: join them and let the usual split decide.
      const joined = forced.join(" ");
      const one = largestFitting([drawable(joined)], panel.height, panel.width, style, fonts, lang);
      if (one) candidates.push(one);
      pair = bestSplit(joined, style.minSize, fonts, lang);
    }
    if (pair) {
      const two = largestFitting(pair, band, panel.width, style, fonts, lang);
      if (two) candidates.push(two);
      narrowest = Math.min(
        narrowest,
        Math.max(...pair.map((line) => inkWidth(measureInk(line, style.minSize, fonts, lang)))),
      );
    }
  }
  const best = candidates.reduce<Layout | undefined>(
    (acc, c) => (acc === undefined || c.size > acc.size ? c : acc),
    undefined,
  );
  return best ? { ok: true, layout: best } : { ok: false, narrowest };
}

/** One line over the full panel height, as large as the height allows and no wider than `maxWidth`. */
export function scrollLayout(
  text: string,
  panel: Panel,
  maxWidth: number,
  style: ScriptStyle,
  fonts: FontSelection,
  lang: Lang,
): Layout | undefined {
  return largestFitting([drawable(text)], panel.height, maxWidth, style, fonts, lang);
}

/**
 * The rows `text` lights at `size` and `threshold`, drawn exactly as `rasterize` draws it (pen on a whole
 * pixel). The ink box is the outline's: at small sizes its top and bottom rows are often covered too little
 * to light, and a size chosen by the box leaves those rows dark.
 */
export function measureLitRows(
  text: string,
  size: number,
  ink: Ink,
  fonts: FontSelection,
  lang: Lang,
  threshold: number,
): LitRows | undefined {
  const above = Math.ceil(ink.ascent) + 2;
  const width = inkWidth(ink) + 4;
  const height = above + Math.ceil(ink.descent) + 2;
  const ctx = rasterContext(width, height);
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#fff";
  setFont(ctx, size, fonts, lang);
  ctx.fillText(text, 2 + Math.ceil(ink.left), above);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const cut = Math.round(threshold * 255);
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0, p = y * width * 4; x < width; x++, p += 4) {
      if ((rgba[p] ?? 0) >= cut) {
        if (top < 0) top = y;
        bottom = y;
        break;
      }
    }
  }
  return top < 0 ? undefined : { top: top - above, bottom: bottom - above };
}

/**
 * One line whose lit rows use the panel's height: the largest size (up to `maxSize`) at which the rows it
 * lights fit `rows` and its ink `maxWidth` columns. Starts from the ink-box fit, which always fits (lit
 * pixels lie inside the ink box), and steps up while the lit rows still fit.
 */
export function fillHeight(
  text: string,
  rows: number,
  maxWidth: number,
  style: ScriptStyle,
  fonts: FontSelection,
  lang: Lang,
): Layout | undefined {
  const line = drawable(text);
  const start = largestFitting([line], rows, maxWidth, style, fonts, lang);
  if (!start) return undefined;
  const [startInk] = start.inks;
  if (!startInk) return undefined;
  let best: Layout = {
    ...start,
    lit: measureLitRows(line, start.size, startInk, fonts, lang, style.threshold),
  };
  for (let size = start.size + 1; size <= style.maxSize; size++) {
    const ink = measureInk(line, size, fonts, lang);
    if (inkWidth(ink) > maxWidth) break;
    const lit = measureLitRows(line, size, ink, fonts, lang, style.threshold);
    if (!lit || litHeight(lit) > rows) break;
    best = { size, lines: [line], band: rows, inks: [ink], lit };
  }
  return best;
}

export interface Placement {
  /** Bitmap size. */
  readonly width: number;
  readonly height: number;
  /** Pen positions (x, baseline y) per line. */
  readonly pens: readonly (readonly [number, number])[];
}

/**
 * Lines centred in their bands with one shared baseline offset (so two lines sit on a regular grid), and
 * horizontally centred in the panel, or after `leadIn` blank columns for a scrolling picture.
 */
export function place(layout: Layout, panel: Panel, scroll: { leadIn: number } | undefined): Placement {
  const ascent = Math.max(0, ...layout.inks.map((ink) => Math.ceil(ink.ascent)));
  const descent = Math.max(0, ...layout.inks.map((ink) => Math.ceil(ink.descent)));
  const baselineInBand = layout.lit
    ? Math.floor((layout.band - litHeight(layout.lit)) / 2) - layout.lit.top
    : Math.floor((layout.band - (ascent + descent)) / 2) + ascent;
  const used = layout.band * layout.lines.length;
  const top = Math.floor((panel.height - used) / 2);
  const width = scroll ? scroll.leadIn + Math.max(...layout.inks.map(inkWidth)) : panel.width;
  const pens = layout.inks.map((ink, i): [number, number] => {
    const w = inkWidth(ink);
    const x0 = scroll ? scroll.leadIn : Math.floor((panel.width - w) / 2);
    return [x0 + Math.ceil(ink.left), top + i * layout.band + baselineInBand];
  });
  return { width, height: panel.height, pens };
}

/**
 * One drawing surface, reused and grown as needed: allocating a Skia surface per frame costs little on
 * average but leaves native memory for the GC, which showed as 10–20 ms outliers in the bench.
 */
let raster: { canvas: Canvas; ctx: SKRSContext2D } | undefined;

function rasterContext(width: number, height: number): SKRSContext2D {
  if (!raster || raster.canvas.width < width || raster.canvas.height < height) {
    const grow = (need: number, have: number) => Math.max(have, Math.ceil(need / 64) * 64);
    const canvas = createCanvas(
      grow(width, raster?.canvas.width ?? 0),
      grow(height, raster?.canvas.height ?? 0),
    );
    raster = { canvas, ctx: canvas.getContext("2d") };
  }
  return raster.ctx;
}

/** Draws and thresholds: pixels at or above `threshold` coverage get `colour`, the rest 0. */
export function rasterize(
  layout: Layout,
  placement: Placement,
  fonts: FontSelection,
  lang: Lang,
  threshold: number,
  colour: ColourIndex,
): Bitmap {
  const { width, height } = placement;
  const ctx = rasterContext(width, height);
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#fff";
  setFont(ctx, layout.size, fonts, lang);
  layout.lines.forEach((line, i) => {
    const pen = placement.pens[i];
    if (pen) ctx.fillText(line, pen[0], pen[1]);
  });
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const pixels = new Uint8Array(width * height);
  const cut = Math.round(threshold * 255);
  for (let i = 0, p = 0; i < pixels.length; i++, p += 4) {
    // White on black: the red channel is the coverage.
    if ((rgba[p] ?? 0) >= cut) pixels[i] = colour;
  }
  return { width, height, pixels };
}
