/**
 * WebVTT subtitles, checked before they are stored: the screens' browser drops a malformed cue without
 * a word, so a file that would show nothing (or the wrong thing) is refused here, with the line at
 * fault. Pure: bytes in, a verdict out.
 *
 * Checked: UTF-8 (a leading BOM allowed, none elsewhere), the `WEBVTT` signature line, a header
 * without cue timings, each cue's timing line `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]` with
 * minutes and seconds below 60, the end after the start, cues in order of their start, no control
 * or bidirectional-override characters, and bounds on cues, lines and cue text.
 */
import { unsafeTextProblem } from "../domain/schemas.js";

export const WEBVTT_LIMITS = {
  bytes: 1024 * 1024,
  cues: 10_000,
  lineChars: 2000,
  cueLines: 20,
  /** A subtitle track longer than the longest item (4 h) belongs to something else. */
  endMs: 4 * 3600 * 1000,
} as const;

export type WebVttVerdict =
  | { ok: true; cues: number; lastEndMs: number }
  | { ok: false; line: number; reason: string };

const TIMESTAMP = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;

/** A cue timestamp in milliseconds, or null when it is not one. */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [, h, min, s, ms] = m;
  return ((Number(h ?? 0) * 60 + Number(min)) * 60 + Number(s)) * 1000 + Number(ms);
}

/** The offset of the first byte that is not well-formed UTF-8 (overlongs and surrogates included), or -1. */
function firstBadUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

const fail = (line: number, reason: string): WebVttVerdict => ({ ok: false, line, reason });

/** Checks a whole WebVTT file. `line` in a refusal is 1-based, as an editor shows it. */
export function checkWebVtt(bytes: Uint8Array): WebVttVerdict {
  if (bytes.length > WEBVTT_LIMITS.bytes) {
    return fail(1, `the file is larger than ${WEBVTT_LIMITS.bytes / 1024} KB`);
  }
  const bad = firstBadUtf8(bytes);
  if (bad >= 0) {
    return fail(
      lineOfOffset(bytes, bad),
      "not UTF-8 text: save the subtitles as UTF-8 (WebVTT is always UTF-8)",
    );
  }
  let text = new TextDecoder("utf-8").decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r\n|\r|\n/);
  const first = lines[0] ?? "";
  if (!/^WEBVTT(?:[ \t].*)?$/.test(first)) {
    if (/^\d+$/.test(first.trim()) && /-->/.test(lines[1] ?? "")) {
      return fail(
        1,
        "this is SubRip (.srt), not WebVTT: convert it (for example `ffmpeg -i in.srt out.vtt`)",
      );
    }
    return fail(1, 'a WebVTT file starts with the line "WEBVTT"');
  }
  let cues = 0;
  let lastStartMs = 0;
  let lastEndMs = 0;
  let i = 1;
  // The header: up to the first blank line, and no cue in it.
  for (; i < lines.length && lines[i] !== ""; i++) {
    if (lines[i]?.includes("-->"))
      return fail(i + 1, "a cue needs a blank line between it and the WEBVTT line");
  }
  while (i < lines.length) {
    if (lines[i] === "") {
      i++;
      continue;
    }
    const blockStart = i;
    const block: string[] = [];
    for (; i < lines.length && lines[i] !== ""; i++) block.push(lines[i] as string);
    for (const [k, line] of block.entries()) {
      if (line.length > WEBVTT_LIMITS.lineChars) {
        return fail(blockStart + k + 1, `a line longer than ${WEBVTT_LIMITS.lineChars} characters`);
      }
      if (line.includes("\ufeff"))
        return fail(blockStart + k + 1, "a byte order mark (U+FEFF) inside the file");
      const problem = unsafeTextProblem(line, { multiline: true });
      if (problem) return fail(blockStart + k + 1, problem);
    }
    const head = block[0] as string;
    if (/^(NOTE|STYLE|REGION)(?:[ \t]|$)/.test(head) && !head.includes("-->")) {
      if (head.startsWith("NOTE")) continue;
      if (cues > 0)
        return fail(blockStart + 1, `a ${head.split(/[ \t]/)[0]} block must come before the first cue`);
      continue;
    }
    // An optional identifier line, then the timing line.
    const timingIndex = head.includes("-->") ? 0 : 1;
    const timing = block[timingIndex];
    const timingLine = blockStart + timingIndex + 1;
    if (timing === undefined || !timing.includes("-->")) {
      return fail(
        timingLine,
        `expected a cue timing line "00:00:01.000 --> 00:00:04.000" (got ${JSON.stringify((timing ?? "").slice(0, 60))})`,
      );
    }
    const m = /^(\S+)[ \t]+-->[ \t]+(\S+)(?:[ \t]+(.*))?$/.exec(timing);
    const start = m ? parseTimestamp(m[1] as string) : null;
    const end = m ? parseTimestamp(m[2] as string) : null;
    if (start === null || end === null) {
      return fail(
        timingLine,
        "a cue time is written [hh:]mm:ss.ttt, minutes and seconds below 60, three digits of milliseconds",
      );
    }
    if (end <= start) return fail(timingLine, "the cue ends before it starts");
    if (start < lastStartMs)
      return fail(timingLine, "the cue starts before the one above it: cues must be in order of time");
    if (end > WEBVTT_LIMITS.endMs) return fail(timingLine, "the cue ends after 4 hours");
    const textLines = block.slice(timingIndex + 1);
    const arrow = textLines.findIndex((l) => l.includes("-->"));
    if (arrow >= 0) {
      return fail(
        timingLine + 1 + arrow,
        'cue text cannot contain "-->": is a blank line missing before this cue?',
      );
    }
    if (textLines.length > WEBVTT_LIMITS.cueLines) {
      return fail(timingLine, `a cue with more than ${WEBVTT_LIMITS.cueLines} lines of text`);
    }
    cues++;
    if (cues > WEBVTT_LIMITS.cues) return fail(timingLine, `more than ${WEBVTT_LIMITS.cues} cues`);
    lastStartMs = start;
    lastEndMs = Math.max(lastEndMs, end);
  }
  if (cues === 0) return fail(lines.length, "the file has no cues: nothing would be shown");
  return { ok: true, cues, lastEndMs };
}
