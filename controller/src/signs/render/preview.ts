/**
 * Previews of exactly the pixels a sign gets: rows of colour codes (for the API and tests) and an
 * LED-look PNG (each LED a round dot on a dark board) for operators.
 */
import { createCanvas } from "@napi-rs/canvas";
import type { Bitmap } from "../protocols/types.js";

/**
 * One string per row, one character per pixel: `0` off, `1` red, `2` green, `3` amber (the same codes an
 * Alpha SMALL DOTS picture uses).
 */
export function bitmapToRows(bitmap: Bitmap): string[] {
  const rows: string[] = [];
  for (let y = 0; y < bitmap.height; y++) {
    let row = "";
    for (let x = 0; x < bitmap.width; x++) row += String(bitmap.pixels[y * bitmap.width + x] ?? 0);
    rows.push(row);
  }
  return rows;
}

/** Inverse of `bitmapToRows` (tests, fixtures). Throws on ragged rows or codes other than 0–3. */
export function rowsToBitmap(rows: readonly string[]): Bitmap {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const pixels = new Uint8Array(width * height);
  rows.forEach((row, y) => {
    if (row.length !== width) throw new RangeError(`row ${y} has ${row.length} pixels, expected ${width}`);
    for (let x = 0; x < width; x++) {
      const code = row.charCodeAt(x) - 48;
      if (code < 0 || code > 3)
        throw new RangeError(`row ${y} column ${x}: "${row[x]}" is not a colour code 0–3`);
      pixels[y * width + x] = code;
    }
  });
  return { width, height, pixels };
}

export interface PngOptions {
  /** Output pixels per LED (default 6). */
  readonly scale?: number;
}

const LED_COLOURS = ["#262626", "#ff2a1a", "#2aff3c", "#ffb319"] as const;
const BOARD = "#0b0b0b";

/** The bitmap as a panel of round LEDs (unlit ones dim grey), PNG bytes. */
export function bitmapToPng(bitmap: Bitmap, options: PngOptions = {}): Buffer {
  const scale = Math.max(1, Math.round(options.scale ?? 6));
  const canvas = createCanvas(Math.max(1, bitmap.width * scale), Math.max(1, bitmap.height * scale));
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = BOARD;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const radius = scale >= 3 ? scale * 0.4 : scale / 2;
  for (let code = 0; code < LED_COLOURS.length; code++) {
    ctx.fillStyle = LED_COLOURS[code] ?? BOARD;
    ctx.beginPath();
    for (let y = 0; y < bitmap.height; y++) {
      for (let x = 0; x < bitmap.width; x++) {
        if ((bitmap.pixels[y * bitmap.width + x] ?? 0) !== code) continue;
        const cx = x * scale + scale / 2;
        const cy = y * scale + scale / 2;
        ctx.moveTo(cx + radius, cy);
        ctx.arc(cx, cy, radius, 0, Math.PI * 2);
      }
    }
    ctx.fill();
  }
  return canvas.toBuffer("image/png");
}
