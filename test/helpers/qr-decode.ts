/**
 * Reads QR codes back for the "take it with you" tests: from a module matrix (unit tests) or from a
 * PNG screenshot of the kiosk (e2e), with jsQR, the decoder many phone web apps use.
 */
import { createCanvas, loadImage } from "@napi-rs/canvas";
import jsqrModule from "jsqr";

type JsQr = typeof import("jsqr").default;

/**
 * jsqr is CommonJS with `exports.default`: depending on the loader its function is the default
 * import or that import's `default`.
 */
const jsQR: JsQr =
  typeof jsqrModule === "function"
    ? (jsqrModule as JsQr)
    : (jsqrModule as unknown as { default: JsQr }).default;

export interface Decoded {
  text: string;
  bytes: number[];
  version: number;
}

export function decodeRgba(rgba: Uint8ClampedArray, width: number, height: number): Decoded | null {
  const code = jsQR(rgba, width, height, { inversionAttempts: "dontInvert" });
  return code ? { text: code.data, bytes: code.binaryData, version: code.version } : null;
}

/** Draws `dark(row, col)` of a `size`-module code, `scale` px a module, with a 4-module quiet zone. */
export function decodeModules(
  size: number,
  dark: (row: number, col: number) => boolean,
  scale = 4,
): Decoded | null {
  const side = (size + 8) * scale;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const row = Math.floor(y / scale) - 4;
      const col = Math.floor(x / scale) - 4;
      if (row >= 0 && col >= 0 && row < size && col < size && dark(row, col)) {
        const at = (y * side + x) * 4;
        rgba[at] = 0;
        rgba[at + 1] = 0;
        rgba[at + 2] = 0;
      }
    }
  }
  return decodeRgba(rgba, side, side);
}

/** Decodes the QR code in a PNG (a screenshot): loaded with @napi-rs/canvas into ImageData. */
export async function decodePng(png: Buffer): Promise<Decoded | null> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height);
  return decodeRgba(new Uint8ClampedArray(data.data), image.width, image.height);
}
