import { describe, expect, it } from "vitest";
import { sniffMediaType } from "../../controller/src/media/sniff.js";

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe("sniffMediaType", () => {
  it.each([
    [bytes([0x89], "PNG", [0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13]), "image/png"],
    [bytes([0xff, 0xd8, 0xff, 0xe0], "\0\x10JFIF\0\x01"), "image/jpeg"],
    [bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "image/webp"],
    [bytes("GIF89a", [1, 0, 1, 0, 0, 0]), "image/gif"],
    [bytes([0, 0, 0, 0x20], "ftypisom", [0, 0, 2, 0]), "video/mp4"],
    [bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84], "webm"), "video/webm"],
  ])("recognises %#", (head, type) => {
    expect(sniffMediaType(head)).toBe(type);
  });

  it.each([
    ["SVG", bytes('<svg xmlns="http://www.w3.org/2000/svg">')],
    ["HTML", bytes("<!doctype html><script>")],
    ["HEIC", bytes([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0])],
    ["Matroska that is not WebM", bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81], "matroska")],
    ["too short", bytes([0x89], "PNG")],
  ])("refuses %s", (_name, head) => {
    expect(sniffMediaType(head)).toBeNull();
  });
});
