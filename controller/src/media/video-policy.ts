/**
 * Which videos the screens and kiosks can play, judged from ffprobe's JSON (probe.ts runs it). Pure, so
 * every refusal has a unit test. The players are Chromium builds without proprietary extras beyond
 * H.264/AAC: H.264 (8-bit 4:2:0) with AAC in MP4/MOV, or VP8/VP9 with Opus/Vorbis in WebM. HEVC, AV1,
 * MPEG-2, MPEG-4 Part 2 and the like either do not play or play on some machines only, so they are
 * refused at upload, where a person can still re-encode, rather than skipped on the screen.
 */
import type { MediaProbe } from "../contract/media.js";

export const VIDEO_LIMITS = {
  /** The longest item (itemSchema's durationS) is 4 h. */
  maxDurationMs: 4 * 3600 * 1000,
  maxSide: 8192,
} as const;

const REENCODE = "re-encode as H.264 in MP4 or VP9 in WebM";

const ALLOWED = {
  "video/mp4": { video: ["h264"], audio: ["aac"], formats: ["mp4", "mov"], container: "mp4" },
  "video/webm": {
    video: ["vp8", "vp9"],
    audio: ["opus", "vorbis"],
    formats: ["webm", "matroska"],
    container: "webm",
  },
} as const;

export type VideoMime = keyof typeof ALLOWED;

/** 8-bit 4:2:0: what every Chromium decodes H.264 in (High 4:4:4 and 10-bit do not play). */
const H264_PIXEL_FORMATS = new Set(["yuv420p", "yuvj420p"]);

export type VideoVerdict =
  | { ok: true; probe: MediaProbe }
  /** `unsupported`: the format or a codec (415); `damaged`: truncated or undecodable (422). */
  | { ok: false; kind: "unsupported" | "damaged"; reason: string };

interface RawStream {
  codec_type?: unknown;
  codec_name?: unknown;
  width?: unknown;
  height?: unknown;
  pix_fmt?: unknown;
  profile?: unknown;
  duration?: unknown;
  disposition?: { attached_pic?: unknown };
}

interface RawProbe {
  streams?: unknown;
  format?: { format_name?: unknown; duration?: unknown };
}

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v.slice(0, 64) : null);

/** A positive finite number from ffprobe's strings ("3.000000") or numbers, else null. */
function positive(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

function streamsOf(raw: unknown): RawStream[] {
  const streams = (raw as RawProbe | null)?.streams;
  return Array.isArray(streams) ? (streams.filter((s) => s && typeof s === "object") as RawStream[]) : [];
}

const damaged = (reason: string): VideoVerdict => ({ ok: false, kind: "damaged", reason });
const unsupported = (reason: string): VideoVerdict => ({ ok: false, kind: "unsupported", reason });

/** Judges a video whose container was sniffed as `mime`, from `ffprobe -show_format -show_streams` JSON. */
export function judgeVideo(mime: VideoMime, raw: unknown): VideoVerdict {
  const allowed = ALLOWED[mime];
  const formatName = str((raw as RawProbe | null)?.format?.format_name) ?? "";
  if (!formatName.split(",").some((f) => (allowed.formats as readonly string[]).includes(f))) {
    return damaged(
      `ffprobe does not read the file as ${allowed.container} (it says "${formatName || "nothing"}")`,
    );
  }
  const streams = streamsOf(raw);
  // A cover picture in an MP4 is a "video" stream of one still: not the film.
  const video = streams.find((s) => s.codec_type === "video" && s.disposition?.attached_pic !== 1);
  if (!video) return damaged("the file has no video stream (truncated, or sound only)");
  const videoCodec = str(video.codec_name);
  if (!videoCodec) return damaged("the video stream's codec cannot be read (truncated or damaged file)");
  if (!(allowed.video as readonly string[]).includes(videoCodec)) {
    return unsupported(
      `video codec ${videoCodec} in ${allowed.container} is not played by the screens' browser; ${REENCODE}`,
    );
  }
  if (videoCodec === "h264") {
    const pixFmt = str(video.pix_fmt);
    if (!pixFmt || !H264_PIXEL_FORMATS.has(pixFmt)) {
      const profile = str(video.profile);
      return unsupported(
        `H.264 with pixel format ${pixFmt ?? "unknown"}${profile ? ` (profile ${profile})` : ""} is not played by the ` +
          "screens' browser; re-encode with 8-bit 4:2:0 (ffmpeg -pix_fmt yuv420p)",
      );
    }
  }
  const audio = streams.find((s) => s.codec_type === "audio");
  const audioCodec = audio ? str(audio.codec_name) : null;
  if (audio && (!audioCodec || !(allowed.audio as readonly string[]).includes(audioCodec))) {
    return unsupported(
      `audio codec ${audioCodec ?? "unknown"} in ${allowed.container} is not played by the screens' browser; ` +
        `use ${allowed.audio.join(" or ")}, or no sound`,
    );
  }
  const width = positive(video.width);
  const height = positive(video.height);
  if (!width || !height)
    return damaged("the video's picture size cannot be read (truncated or damaged file)");
  if (width > VIDEO_LIMITS.maxSide || height > VIDEO_LIMITS.maxSide) {
    return unsupported(`the video is ${width}×${height} px; at most ${VIDEO_LIMITS.maxSide} px a side`);
  }
  const seconds = positive((raw as RawProbe).format?.duration) ?? positive(video.duration);
  if (!seconds) return damaged("the video's duration is zero or unknown (truncated or damaged file)");
  const durationMs = Math.round(seconds * 1000);
  if (durationMs > VIDEO_LIMITS.maxDurationMs) {
    return unsupported(`the video lasts ${Math.round(seconds / 60)} minutes; an item lasts at most 4 hours`);
  }
  return {
    ok: true,
    probe: { container: allowed.container, videoCodec, audioCodec, width, height, durationMs },
  };
}

/** An image's size from ffprobe's JSON (images are a one-frame stream), or null when it gives none. */
export function imageProbe(container: string, raw: unknown): MediaProbe | null {
  const stream = streamsOf(raw).find((s) => s.codec_type === "video");
  const width = positive(stream?.width);
  const height = positive(stream?.height);
  if (!width || !height) return null;
  return { container, videoCodec: null, audioCodec: null, width, height, durationMs: null };
}

/** Where the poster frame is taken: 1 s in, or a tenth of a short video. */
export function posterAtSeconds(durationMs: number): number {
  return Math.min(1, durationMs / 1000 / 10);
}

/** Messages from ffmpeg decoding the last second that mean the file ends early or is damaged. */
export function tailProblem(stderr: string): string | null {
  const line = stderr
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l.length > 0 && !/^Last message repeated/.test(l));
  return line ? line.replace(/^\[[^\]]*\]\s*/, "").slice(0, 200) : null;
}
