/**
 * What the controller found in a file when it was uploaded (ffprobe, media/video-policy.ts): for a video
 * its container, codecs, size and length; for an image its size (codecs and duration null).
 */
export interface MediaProbe {
  /** `mp4` or `webm` for a video; the image's format (`png`, `jpeg`, …) for an image. */
  container: string;
  videoCodec: string | null;
  /** null: a video without sound, or an image. */
  audioCodec: string | null;
  width: number;
  height: number;
  /** A video's length; null for an image. */
  durationMs: number | null;
}

/** Images, videos and subtitles in the content-addressed store, as `/media` lists them (the name is the SHA-256). */
export interface StoredMedia {
  sha256: string;
  /** The type the controller read from the file's content, never the uploader's claim. */
  mime: string;
  size: number;
  originalName: string | null;
  createdAt: string;
  /** Absent for subtitles, for files stored before probing existed, and where ffprobe was missing (images). */
  probe?: MediaProbe;
  /** A video's still frame (JPEG, at most 640 px wide), itself a file in the store. */
  posterSha256?: string;
}

/** The upload's query `?name=`: a `.vtt` (or `.srt`) name, or a subtitle Content-Type, claims subtitles. */
export const SUBTITLE_NAME = /\.(vtt|srt|ass|ssa|sub)$/i;
