import { describe, expect, it } from "vitest";
import {
  BX5_HEADER_LENGTH,
  bx5Crc,
  decodeBx5Command,
  decodeBx5Frame,
  encodeBx5Command,
  encodeBx5Frame,
  escapeBody,
  replyHeader,
  requestHeader,
  unescapeBody,
} from "../../../controller/src/signs/protocols/bx5/index.js";
import { hex, Rng, show } from "./helpers.js";

// Fixture 5 from /work/shared/reference/sign-frames.md, verbatim.
const FIXTURE_5_PING =
  "A5 A5 A5 A5 A5 A5 A5 A5 FE FF 00 80 F0 00 FE FF 00 00 00 00 05 00 00 00 01 A2 00 00 00 C6 86 5A";

describe("bx5 reference fixture", () => {
  it("5: ping, broadcast, from the vendor's document", () => {
    const data = encodeBx5Command({ kind: "ping" });
    expect(show(data)).toBe("01 A2 00 00 00");
    expect(show(encodeBx5Frame({ header: requestHeader(), data }))).toBe(FIXTURE_5_PING);
  });

  it("5: CRC over header and data is 0x86C6; the header is 16 bytes with a 4-byte length", () => {
    const body = hex(FIXTURE_5_PING).subarray(8, -3);
    expect(body.length).toBe(BX5_HEADER_LENGTH + 5);
    expect(bx5Crc(body)).toBe(0x86c6);
  });

  it("5: decodes", () => {
    const d = decodeBx5Frame(hex(FIXTURE_5_PING));
    expect(d).toEqual({
      ok: true,
      value: {
        header: { destination: 0xfffe, source: 0x8000, protocolVersion: 0xf0, deviceType: 0xfffe },
        data: hex("01 A2 00 00 00"),
      },
    });
    expect(d.ok && decodeBx5Command(d.value.data)).toEqual({ replyWanted: true, command: { kind: "ping" } });
  });
});

describe("bx5 CRC-16 (0xA001 reflected, init 0)", () => {
  it("matches the CRC-16/ARC check value and the empty input", () => {
    expect(bx5Crc(new TextEncoder().encode("123456789"))).toBe(0xbb3d);
    expect(bx5Crc(new Uint8Array())).toBe(0);
  });
});

describe("bx5 escaping", () => {
  it("escapes the four special bytes and nothing else", () => {
    expect(show(escapeBody(hex("A5 A6 5A 5B 00 FF A4 5C")))).toBe("A6 02 A6 01 5B 02 5B 01 00 FF A4 5C");
  });

  it("unescape(escape(x)) = x, and the escaped form holds no A5 or 5A", () => {
    const rng = new Rng(5);
    for (let n = 0; n < 300; n++) {
      // Bias towards the special bytes.
      const body = Uint8Array.from({ length: rng.int(0, 60) }, () =>
        rng.int(0, 1) ? rng.pick([0xa5, 0xa6, 0x5a, 0x5b]) : rng.int(0, 255),
      );
      const escaped = escapeBody(body);
      expect(escaped.includes(0xa5) || escaped.includes(0x5a)).toBe(false);
      expect(unescapeBody(escaped)).toEqual({ ok: true, value: body });
    }
  });

  it("reports bad escapes", () => {
    expect(unescapeBody(hex("00 A6 03"))).toEqual({ ok: false, error: "bad escape: 0xA6 followed by 0x03" });
    expect(unescapeBody(hex("00 5B"))).toEqual({
      ok: false,
      error: "bad escape: 0x5B followed by end of frame",
    });
    expect(unescapeBody(hex("00 5A"))).toEqual({
      ok: false,
      error: "unescaped 0x5A inside the frame at offset 1",
    });
  });

  it("escapes the CRC too (ping to sign 0x001B: CRC A665 goes out as 65 A6 01)", () => {
    const frame = encodeBx5Frame({ header: requestHeader(0x001b), data: encodeBx5Command({ kind: "ping" }) });
    expect(show(frame)).toBe(
      "A5 A5 A5 A5 A5 A5 A5 A5 1B 00 00 80 F0 00 FE FF 00 00 00 00 05 00 00 00 01 A2 00 00 00 65 A6 01 5A",
    );
    expect(decodeBx5Frame(frame).ok).toBe(true);
  });
});

describe("bx5 frames", () => {
  it("a reply header swaps source and destination", () => {
    expect(replyHeader(requestHeader(0x0001), 0x0001)).toEqual({
      destination: 0x8000,
      source: 0x0001,
      protocolVersion: 0xf0,
      deviceType: 0xfffe,
    });
    expect(replyHeader(requestHeader(), 0x0007).source).toBe(0x0007);
  });

  it("takes a shorter or longer preamble, and decodes any preamble length", () => {
    const frame = { header: requestHeader(), data: hex("01 A2 00 00 00") };
    const short = encodeBx5Frame(frame, { preambleLength: 2 });
    expect(show(short.subarray(0, 3))).toBe("A5 A5 FE");
    expect(decodeBx5Frame(short)).toEqual({ ok: true, value: frame });
  });

  it("round-trips random headers and data", () => {
    const rng = new Rng(55);
    for (let n = 0; n < 300; n++) {
      const frame = {
        header: {
          destination: rng.int(0, 0xffff),
          source: rng.int(0, 0xffff),
          protocolVersion: rng.int(0, 0xff),
          deviceType: rng.int(0, 0xffff),
        },
        data: rng.bytes(rng.int(0, 80)),
      };
      expect(decodeBx5Frame(encodeBx5Frame(frame))).toEqual({ ok: true, value: frame });
    }
  });

  it("reports broken frames", () => {
    const good = hex(FIXTURE_5_PING);
    const badCrc = good.slice();
    badCrc[29] = 0xc7;
    expect(decodeBx5Frame(badCrc)).toEqual({ ok: false, error: "bad CRC: received 86C7, computed 86C6" });
    // Length field says 6, data is 5: recompute the CRC so only the length is wrong.
    const body = good.slice(8, -3);
    body[12] = 6;
    const wrongLength = new Uint8Array([
      ...good.subarray(0, 8),
      ...body,
      bx5Crc(body) & 0xff,
      bx5Crc(body) >> 8,
      0x5a,
    ]);
    expect(decodeBx5Frame(wrongLength)).toEqual({
      ok: false,
      error: "data length field says 6, frame carries 5",
    });
    expect(decodeBx5Frame(hex("A5 A5 00 5A"))).toEqual({
      ok: false,
      error: "frame body of 1 bytes is shorter than header and CRC",
    });
    expect(decodeBx5Frame(good.subarray(8))).toEqual({ ok: false, error: "frame does not start with A5" });
    expect(decodeBx5Frame(good.subarray(0, -1))).toEqual({ ok: false, error: "frame does not end with 5A" });
  });

  it("refuses out-of-range header fields", () => {
    expect(() =>
      encodeBx5Frame({ header: { ...requestHeader(), destination: 0x10000 }, data: new Uint8Array() }),
    ).toThrow(RangeError);
  });
});
