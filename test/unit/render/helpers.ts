import path from "node:path";
import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { ROOT_DIR } from "../../../controller/src/config/settings.js";
import { type SignProfile, signProfileSchema } from "../../../controller/src/config/sign-profile-schema.js";
import { readYamlFile } from "../../../controller/src/config/yaml-file.js";
import type { Lang } from "../../../controller/src/domain/types.js";
import type { Bitmap } from "../../../controller/src/signs/protocols/types.js";
import { SCRIPT_STYLES, selectFonts } from "../../../controller/src/signs/render/index.js";

export function shippedProfile(id: "alpha-96x16" | "bx5-128x32"): SignProfile {
  return readYamlFile(path.join(ROOT_DIR, "firmware-config", "signs", `${id}.yaml`), signProfileSchema);
}

export interface InkBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
  lit: number;
}

/** Bounding box and count of non-zero pixels; `lit` 0 and an empty box when nothing is lit. */
export function bitmapInk(bitmap: Bitmap): InkBox {
  const box = {
    top: Number.POSITIVE_INFINITY,
    bottom: -1,
    left: Number.POSITIVE_INFINITY,
    right: -1,
    lit: 0,
  };
  for (let y = 0; y < bitmap.height; y++) {
    for (let x = 0; x < bitmap.width; x++) {
      if ((bitmap.pixels[y * bitmap.width + x] ?? 0) === 0) continue;
      box.lit++;
      box.top = Math.min(box.top, y);
      box.bottom = Math.max(box.bottom, y);
      box.left = Math.min(box.left, x);
      box.right = Math.max(box.right, x);
    }
  }
  return box;
}

const PAD = 200;

/**
 * Draws with the renderer's fonts on a large canvas (nothing can be clipped) and thresholds like the
 * renderer; `draw` gets the context with the font set and the pen at (PAD, 2·PAD) as the baseline origin.
 * Returns the ink box relative to the baseline origin (top/bottom in rows, negative = above the baseline).
 */
export function drawnInk(
  text: string,
  lang: Lang,
  size: number,
  draw: (ctx: SKRSContext2D, x: number, y: number) => void = (ctx, x, y) => ctx.fillText(text, x, y),
  threshold = SCRIPT_STYLES[lang].threshold,
): InkBox {
  const fonts = selectFonts(text.normalize("NFC"), lang);
  if (!fonts.ok) throw new Error(fonts.reason);
  const width = PAD * 2 + Math.ceil(size * [...text].length * 2);
  const height = PAD * 3;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#fff";
  ctx.font = `${size}px ${fonts.familyList}`;
  ctx.lang = lang;
  ctx.textBaseline = "alphabetic";
  draw(ctx, PAD, PAD * 2);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const pixels = new Uint8Array(width * height);
  const cut = Math.round(threshold * 255);
  for (let i = 0; i < pixels.length; i++) if ((rgba[i * 4] ?? 0) >= cut) pixels[i] = 1;
  const box = bitmapInk({ width, height, pixels });
  return {
    top: box.top - PAD * 2,
    bottom: box.bottom - PAD * 2,
    left: box.left - PAD,
    right: box.right - PAD,
    lit: box.lit,
  };
}

/** Each code point drawn on its own, side by side by its own advance: what a renderer without shaping does. */
export function naiveDraw(text: string): (ctx: SKRSContext2D, x: number, y: number) => void {
  return (ctx, x, y) => {
    let pen = x;
    for (const ch of text) {
      ctx.fillText(ch, pen, y);
      pen += ctx.measureText(ch).width;
    }
  };
}
