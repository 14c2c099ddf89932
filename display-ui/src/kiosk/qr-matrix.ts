/**
 * A QR code's modules for a text, with qrcode-generator (MIT, maintained, no dependencies), and the
 * SVG path that draws them. Pure: no DOM.
 */
import qrcode from "qrcode-generator";
import { QR_ERROR_CORRECTION, QR_MAX_VERSION } from "./take-away.js";

/** The quiet zone the QR specification asks for around the code, in modules. */
export const QUIET_ZONE = 4;

export interface QrMatrix {
  /** Modules a side, without the quiet zone (21 for version 1 … 117 for version 25). */
  size: number;
  version: number;
  dark(row: number, col: number): boolean;
}

const encoder = new TextEncoder();

/**
 * Encodes `text` as UTF-8 in byte mode at the smallest version that holds it. qrcode-generator maps
 * each UTF-16 unit to one byte (`& 0xff`), so the UTF-8 bytes go in as a string of char codes 0–255:
 * no global `qrcode.stringToBytes` to swap, and characters outside the BMP are encoded right.
 * Throws when the text needs a version above QR_MAX_VERSION (take-away.ts keeps payloads under it).
 */
export function qrMatrix(text: string): QrMatrix {
  let bytes = "";
  for (const byte of encoder.encode(text)) bytes += String.fromCharCode(byte);
  const code = qrcode(0, QR_ERROR_CORRECTION);
  code.addData(bytes, "Byte");
  code.make();
  const size = code.getModuleCount();
  const version = (size - 17) / 4;
  if (version > QR_MAX_VERSION)
    throw new Error(`QR payload needs version ${version} (max ${QR_MAX_VERSION})`);
  return { size, version, dark: (row, col) => code.isDark(row, col) };
}

/**
 * An SVG path of the dark modules in a viewBox of `size + 2 × QUIET_ZONE` units: one rectangle per
 * horizontal run, so a version-25 code is a few thousand path commands, not thirteen thousand rects.
 */
export function qrPath(matrix: QrMatrix): string {
  const parts: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.dark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.dark(row, col)) col++;
      parts.push(`M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h${start - col}z`);
    }
  }
  return parts.join("");
}
