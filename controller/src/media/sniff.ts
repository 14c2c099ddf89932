/**
 * What a media file really is, from its first bytes: the declared Content-Type of an upload is a
 * claim, not a fact. Only formats a kiosk's Chromium plays are accepted. SVG is refused on purpose:
 * it can carry script, and kiosks and the console load media from the controller's own origin.
 */
export const MEDIA_TYPES = {
  "image/png": { kind: "image", maxBytes: 20 * 1024 * 1024 },
  "image/jpeg": { kind: "image", maxBytes: 20 * 1024 * 1024 },
  "image/webp": { kind: "image", maxBytes: 20 * 1024 * 1024 },
  "image/gif": { kind: "image", maxBytes: 20 * 1024 * 1024 },
  "video/mp4": { kind: "video", maxBytes: 500 * 1024 * 1024 },
  "video/webm": { kind: "video", maxBytes: 500 * 1024 * 1024 },
} as const;

export type MediaType = keyof typeof MEDIA_TYPES;
/** The largest file any accepted type allows: the upload stream stops there. */
export const MAX_MEDIA_BYTES = Math.max(...Object.values(MEDIA_TYPES).map((t) => t.maxBytes));

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** The media type of a file from its first 64 bytes, or null when it is none we accept. */
export function sniffMediaType(head: Uint8Array): MediaType | null {
  if (head.length < 12) return null;
  if (head[0] === 0x89 && ascii(head, 1, 4) === "PNG" && head[4] === 0x0d && head[5] === 0x0a)
    return "image/png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return "image/webp";
  if (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a") return "image/gif";
  // ISO base media: a `ftyp` box first; mp4-family brands only (not HEIC images or QuickTime).
  if (ascii(head, 4, 8) === "ftyp" && /^(isom|iso[2-9]|mp4[12]|avc1|dash|M4V )$/.test(ascii(head, 8, 12))) {
    return "video/mp4";
  }
  // Matroska/WebM: the EBML magic; the DocType `webm` follows within the header.
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) {
    return ascii(head, 0, Math.min(head.length, 64)).includes("webm") ? "video/webm" : null;
  }
  return null;
}
