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
  // Subtitles: read whole and validated (webvtt.ts), so kept small.
  "text/vtt": { kind: "subtitles", maxBytes: 1024 * 1024 },
} as const;

export type MediaType = keyof typeof MEDIA_TYPES;
/** The largest file any accepted type allows: the upload stream stops there. */
export const MAX_MEDIA_BYTES = Math.max(...Object.values(MEDIA_TYPES).map((t) => t.maxBytes));

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/** The media type of a file from its first 64 bytes, or null when it is none we accept. */
export function sniffMediaType(head: Uint8Array): MediaType | null {
  // WebVTT: the signature line, after an optional UTF-8 BOM (the whole file is checked by webvtt.ts).
  const text = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
  if (
    ascii(text, 0, 6) === "WEBVTT" &&
    (text.length === 6 || [0x20, 0x09, 0x0a, 0x0d].includes(text[6] ?? 0))
  )
    return "text/vtt";
  if (head.length < 12) return null;
  if (head[0] === 0x89 && ascii(head, 1, 4) === "PNG" && head[4] === 0x0d && head[5] === 0x0a)
    return "image/png";
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return "image/jpeg";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return "image/webp";
  if (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a") return "image/gif";
  // ISO base media: a `ftyp` box first; the MP4/MOV family (QuickTime `qt  ` included: the same
  // boxes, and Chromium's demuxer reads both), not HEIC/AVIF images. The codecs inside are the
  // probe's to judge (video-policy.ts).
  if (
    ascii(head, 4, 8) === "ftyp" &&
    /^(isom|iso[2-9]|mp4[12]|avc1|dash|M4V |qt {2})$/.test(ascii(head, 8, 12))
  ) {
    return "video/mp4";
  }
  if (isMatroska(head)) {
    return ascii(head, 0, Math.min(head.length, 64)).includes("webm") ? "video/webm" : null;
  }
  return null;
}

/** Matroska's EBML magic; WebM is the Matroska profile with DocType `webm`. */
function isMatroska(head: Uint8Array): boolean {
  return head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3;
}

/**
 * What a refused file is when it is a known format we do not take, for a reason a person can act on
 * ("Matroska (.mkv)"), or null.
 */
export function describeRefusedType(head: Uint8Array): string | null {
  if (isMatroska(head)) return "a Matroska (.mkv) video: remux or re-encode it as MP4 (H.264) or WebM (VP9)";
  if (ascii(head, 4, 8) === "ftyp") {
    const brand = ascii(head, 8, 12);
    if (/^(heic|heix|mif1|msf1|avif)$/.test(brand))
      return `a HEIF/AVIF image (brand ${brand}): convert it to JPEG or PNG`;
    return `an ISO media file of brand "${brand.trim()}": re-encode it as MP4 (H.264)`;
  }
  return null;
}
