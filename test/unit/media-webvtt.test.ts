import { describe, expect, it } from "vitest";
import { sniffMediaType } from "../../controller/src/media/sniff.js";
import { checkWebVtt, parseTimestamp, WEBVTT_LIMITS } from "../../controller/src/media/webvtt.js";

const vtt = (text: string) => new TextEncoder().encode(text);

const GOOD = `WEBVTT - Cửa khẩu Cầu Treo

NOTE made for the gate screen

STYLE
::cue { color: yellow }

1
00:00:00.500 --> 00:00:03.000 line:85% align:center
Chào mừng đến cửa khẩu Cầu Treo
<i>Welcome</i>

00:03.000 --> 00:06.250
ຍິນດີຕ້ອນຮັບ

01:00:00.000 --> 01:00:02.000
Hết
`;

describe("WebVTT check", () => {
  it("accepts a well-formed file, with a BOM, CRLF endings, identifiers, settings, NOTE and STYLE", () => {
    expect(checkWebVtt(vtt(GOOD))).toEqual({ ok: true, cues: 3, lastEndMs: 3_602_000 });
    expect(checkWebVtt(vtt(`\ufeff${GOOD.replaceAll("\n", "\r\n")}`))).toMatchObject({ ok: true, cues: 3 });
    expect(checkWebVtt(vtt("WEBVTT\n\n00:00.000 --> 00:01.000\nA"))).toMatchObject({ ok: true, cues: 1 });
  });

  it("is what the sniffer calls text/vtt, BOM or not", () => {
    expect(sniffMediaType(vtt("WEBVTT\n\n00:00.000 --> 00:01.000\nA"))).toBe("text/vtt");
    expect(sniffMediaType(vtt("\ufeffWEBVTT\r\n"))).toBe("text/vtt");
    expect(sniffMediaType(vtt("WEBVTTX\n"))).toBeNull();
  });

  it("reads timestamps with and without hours, and refuses malformed ones", () => {
    expect(parseTimestamp("00:01.500")).toBe(1500);
    expect(parseTimestamp("01:02:03.004")).toBe(3_723_004);
    for (const bad of ["1:02.000", "00:60.000", "00:01.5", "00:01,500", "60:00.000", "x"]) {
      expect(parseTimestamp(bad)).toBeNull();
    }
  });

  it.each([
    ["no signature", "1\n00:00:01,000 --> 00:00:02,000\nHello\n", 1, "SubRip"],
    ["a wrong first line", "WEBVTT-ish\n\n00:00.000 --> 00:01.000\nA\n", 1, 'starts with the line "WEBVTT"'],
    ["a cue glued to the header", "WEBVTT\n00:00.000 --> 00:01.000\nA\n", 2, "blank line"],
    ["a comma in a time", "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nA\n", 3, "[hh:]mm:ss.ttt"],
    ["61 seconds", "WEBVTT\n\n00:00:61.000 --> 00:01:02.000\nA\n", 3, "[hh:]mm:ss.ttt"],
    ["an end before the start", "WEBVTT\n\n00:05.000 --> 00:04.000\nA\n", 3, "ends before it starts"],
    [
      "cues out of order",
      "WEBVTT\n\n00:05.000 --> 00:06.000\nA\n\n00:01.000 --> 00:02.000\nB\n",
      6,
      "in order of time",
    ],
    ["an identifier without timing", "WEBVTT\n\nintro\nHello\n", 4, "cue timing line"],
    ["a missing blank line", "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n00:02.000 --> 00:03.000\nB\n", 5, "-->"],
    ["no cues", "WEBVTT\n\nNOTE only a note\n", 4, "no cues"],
    ["a control character", "WEBVTT\n\n00:01.000 --> 00:02.000\nA\u0007B\n", 4, "U+0007"],
    ["a bidi override", "WEBVTT\n\n00:01.000 --> 00:02.000\nA\u202eB\n", 4, "U+202E"],
    ["a BOM in the middle", "WEBVTT\n\n00:01.000 --> 00:02.000\nA\ufeffB\n", 4, "byte order mark"],
    ["a cue after 4 hours", "WEBVTT\n\n04:00:00.000 --> 04:00:01.000\nA\n", 3, "after 4 hours"],
    [
      "STYLE after a cue",
      "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\nSTYLE\n::cue {}\n",
      6,
      "before the first cue",
    ],
  ])("refuses %s, naming line %i", (_name, text, line, reason) => {
    const verdict = checkWebVtt(vtt(text));
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.line).toBe(line);
    expect(verdict.reason).toContain(reason);
  });

  it("refuses bytes that are not UTF-8 on the line they are on", () => {
    const latin1 = Buffer.concat([
      Buffer.from("WEBVTT\n\n00:01.000 --> 00:02.000\n"),
      Buffer.from([0x43, 0xe1, 0x75]), // "Cáu" in Windows-1258/Latin-1
    ]);
    expect(checkWebVtt(latin1)).toMatchObject({
      ok: false,
      line: 4,
      reason: expect.stringContaining("UTF-8"),
    });
    // An overlong encoding of "/" is not UTF-8 either.
    expect(checkWebVtt(Buffer.from([...Buffer.from("WEBVTT\n"), 0xc0, 0xaf]))).toMatchObject({
      ok: false,
      line: 2,
    });
  });

  it("bounds the cue count, line length and file size", () => {
    const t = (s: number) =>
      `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    const cues = (n: number) =>
      Array.from({ length: n }, (_, i) => `${t(i)}.000 --> ${t(i)}.500\nx\n`).join("\n");
    expect(checkWebVtt(vtt(`WEBVTT\n\n${cues(WEBVTT_LIMITS.cues)}`))).toMatchObject({ ok: true });
    const many = checkWebVtt(vtt(`WEBVTT\n\n${cues(WEBVTT_LIMITS.cues + 1)}`));
    expect(many).toMatchObject({ ok: false, reason: `more than ${WEBVTT_LIMITS.cues} cues` });
    const longLine = `WEBVTT\n\n00:01.000 --> 00:02.000\n${"a".repeat(WEBVTT_LIMITS.lineChars + 1)}\n`;
    expect(checkWebVtt(vtt(longLine))).toMatchObject({ ok: false, line: 4 });
    expect(checkWebVtt(new Uint8Array(WEBVTT_LIMITS.bytes + 1))).toMatchObject({ ok: false, line: 1 });
  });
});
