/**
 * Puts a sign's language frames (every item × every language it shows, in play order) into the pictures a
 * protocol's `show` carries — *slides* — and chooses each slide's effect:
 *
 * - nothing to show → one `blank` slide: a dark panel, held;
 * - frames that fit the panel go one under the other, a page each: a `stack`, shown with the `scrollUp`
 *   effect (Alpha scroll mode, BX-5 move-up with a stay time per page); a lone page is a `single`, held;
 * - a frame wider than the panel (it must scroll) goes side by side with its neighbours: a `ticker`, shown
 *   with `scrollLeft`; a frame that fits the panel joins a ticker padded to the panel's width.
 *
 * A slide is never larger than the protocol's largest picture (an Alpha SMALL DOTS picture is at most
 * 255 × 255): the frames that do not fit start the next slide. A sign that plays several pictures by itself
 * (Alpha: DOTS pictures called in turn from TEXT `A`) gets all the slides at once and the line stays quiet;
 * on one that holds a single picture (BX-5) the driver rotates them, each shown for its `dwellMs`.
 *
 * Pure: the sign extension and the preview route both call it, so the preview is exactly what the sign gets.
 */

import type { Bitmap, ShowEffect, ShowSlide } from "../protocols/types.js";

export interface ComposeFrame {
  readonly itemId: string;
  readonly language: string;
  readonly bitmap: Bitmap;
  /** Wider than the panel: shows only by scrolling. */
  readonly scroll: boolean;
}

export interface ComposeTarget {
  readonly panel: { readonly width: number; readonly height: number };
  readonly limits: { readonly maxBitmapWidth: number; readonly maxBitmapHeight: number };
  /** The profile's modes: a stack of pages needs `scroll`. */
  readonly modes: readonly string[];
}

export type ComposeLayout = "blank" | "single" | "stack" | "ticker";

/** One picture sent to the sign. */
export interface Composition {
  readonly layout: ComposeLayout;
  readonly effect: ShowEffect;
  readonly bitmap: Bitmap;
  /** The frames in the picture, in order. */
  readonly frames: readonly ComposeFrame[];
  /** How long the sign needs to play it once (what the driver waits before the next slide, where it rotates them). */
  readonly dwellMs: number;
}

export interface SlideShow {
  readonly slides: readonly Composition[];
  /** Frames left out, with why. */
  readonly problems: readonly string[];
}

/** Seconds each page of a stack stays still (BX-5 carries it; Alpha signs use their own pace). */
export const STACK_HOLD_SECONDS = 4;
/** A held single frame, when there are others to rotate to. */
export const SINGLE_DWELL_MS = 8_000;
/**
 * Scrolling speed assumed for a ticker's dwell: signs scroll at roughly 20–40 columns a second; the slow
 * end leaves the text time to pass completely before the next slide replaces it.
 */
export const TICKER_COLUMNS_PER_S = 24;

function blank(width: number, height: number): Bitmap & { pixels: Uint8Array } {
  return { width, height, pixels: new Uint8Array(width * height) };
}

/** Copies `src` into `dst` at (x, y), clipped to `dst`. */
function blit(dst: Bitmap & { pixels: Uint8Array }, src: Bitmap, x: number, y: number): void {
  const w = Math.max(0, Math.min(src.width, dst.width - x));
  for (let row = 0; row < src.height; row++) {
    const dy = y + row;
    if (dy < 0 || dy >= dst.height) continue;
    const from = row * src.width;
    dst.pixels.set(src.pixels.subarray(from, from + w), dy * dst.width + x);
  }
}

const name = (f: ComposeFrame) => `${f.itemId}/${f.language}`;

function stackSlide(frames: readonly ComposeFrame[], target: ComposeTarget): Composition {
  const { panel } = target;
  const bitmap = blank(panel.width, panel.height * frames.length);
  frames.forEach((f, i) => {
    blit(bitmap, f.bitmap, 0, i * panel.height);
  });
  if (frames.length === 1)
    return { layout: "single", effect: "hold", bitmap, frames, dwellMs: SINGLE_DWELL_MS };
  return {
    layout: "stack",
    effect: "scrollUp",
    bitmap,
    frames,
    dwellMs: frames.length * (STACK_HOLD_SECONDS + 1) * 1000,
  };
}

function tickerSlide(frames: readonly ComposeFrame[], target: ComposeTarget): Composition {
  const { panel } = target;
  const widthOf = (f: ComposeFrame) => Math.max(panel.width, f.bitmap.width);
  const bitmap = blank(
    frames.reduce((w, f) => w + widthOf(f), 0),
    panel.height,
  );
  let x = 0;
  for (const f of frames) {
    blit(bitmap, f.bitmap, x, 0);
    x += widthOf(f);
  }
  const dwellMs = Math.round(((bitmap.width + panel.width) / TICKER_COLUMNS_PER_S) * 1000);
  return { layout: "ticker", effect: "scrollLeft", bitmap, frames, dwellMs };
}

export function composeSlides(frames: readonly ComposeFrame[], target: ComposeTarget): SlideShow {
  const { panel, limits } = target;
  const problems: string[] = [];
  const canStack = target.modes.includes("scroll");
  const maxPages = canStack ? Math.max(1, Math.floor(limits.maxBitmapHeight / panel.height)) : 1;
  const slides: Composition[] = [];
  let current: { kind: "stack" | "ticker"; frames: ComposeFrame[]; width: number } | undefined;
  const close = () => {
    if (!current) return;
    slides.push(
      current.kind === "stack" ? stackSlide(current.frames, target) : tickerSlide(current.frames, target),
    );
    current = undefined;
  };
  for (const f of frames) {
    const scroll = f.scroll || f.bitmap.width > panel.width;
    const width = Math.max(panel.width, f.bitmap.width);
    if (width > limits.maxBitmapWidth || f.bitmap.height > panel.height) {
      problems.push(
        `${name(f)} left out: its ${f.bitmap.width}×${f.bitmap.height} picture is larger than the sign takes`,
      );
      continue;
    }
    if (scroll) {
      if (
        current?.kind === "stack" &&
        current.frames.length === 1 &&
        panel.width + width <= limits.maxBitmapWidth
      ) {
        // A lone page joins the ticker rather than becoming a slide of its own.
        current = { kind: "ticker", frames: current.frames, width: panel.width };
      }
      if (current?.kind !== "ticker" || current.width + width > limits.maxBitmapWidth) {
        close();
        current = { kind: "ticker", frames: [], width: 0 };
      }
    } else if (current?.kind === "ticker") {
      if (current.width + width > limits.maxBitmapWidth) {
        close();
        current = { kind: "stack", frames: [], width: panel.width };
      }
    } else if (!current || current.frames.length >= maxPages) {
      close();
      current = { kind: "stack", frames: [], width: panel.width };
    }
    current.frames.push(f);
    current.width += width;
  }
  close();
  if (slides.length === 0) {
    slides.push({
      layout: "blank",
      effect: "hold",
      bitmap: blank(panel.width, panel.height),
      frames: [],
      dwellMs: SINGLE_DWELL_MS,
    });
  }
  return { slides, problems };
}

/** The request a protocol's `show` takes for a slide (alone, or as one of `{slides}`). */
export function showRequestOf(c: Composition): ShowSlide {
  return {
    content: { kind: "bitmap", bitmap: c.bitmap },
    effect: c.effect,
    ...(c.layout === "stack" ? { holdSeconds: STACK_HOLD_SECONDS } : {}),
  };
}

/** Every frame one under the other, left-aligned (the preview PNG of a message). */
export function stackFrames(frames: readonly Bitmap[], panel: { width: number; height: number }): Bitmap {
  if (frames.length === 0) return blank(panel.width, panel.height);
  const width = Math.max(...frames.map((f) => f.width));
  const bitmap = blank(
    width,
    frames.reduce((h, f) => h + f.height, 0),
  );
  let y = 0;
  for (const f of frames) {
    blit(bitmap, f, 0, y);
    y += f.height;
  }
  return bitmap;
}
