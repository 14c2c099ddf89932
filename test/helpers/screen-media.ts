/**
 * Videos and subtitles for the screen tests and the player bench, made on the spot by Debian's ffmpeg
 * (`-f lavfi` test patterns): small, a few seconds, nothing committed. No vitest imports.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface ClipOptions {
  seconds?: number;
  /** `WxH`; small by default. */
  size?: string;
  /** The lavfi source: testsrc, testsrc2, smptebars, … */
  pattern?: string;
}

/** An H.264/AAC MP4 with its index at the front (what the upload check accepts); returns its bytes. */
export function makeClip(dir: string, name: string, options: ClipOptions = {}): Buffer {
  const file = path.join(dir, name);
  const seconds = String(options.seconds ?? 4);
  execFileSync(
    "ffmpeg",
    [
      ...["-loglevel", "error", "-y"],
      ...["-f", "lavfi", "-i", `${options.pattern ?? "testsrc"}=size=${options.size ?? "320x180"}:rate=25`],
      ...["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"],
      ...["-t", seconds, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k"],
      ...["-shortest", "-movflags", "+faststart", file],
    ],
    { stdio: ["ignore", "ignore", "pipe"], timeout: 120_000 },
  );
  return readFileSync(file);
}

/** A WebVTT file with one cue over the whole clip. */
export function makeVtt(dir: string, name: string, text: string, seconds = 4): Buffer {
  const end = `00:00:${String(seconds).padStart(2, "0")}.000`;
  const body = `WEBVTT\n\n1\n00:00:00.000 --> ${end}\n${text}\n`;
  const file = path.join(dir, name);
  writeFileSync(file, body, "utf8");
  return Buffer.from(body, "utf8");
}
