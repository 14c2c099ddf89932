import { describe, expect, it } from "vitest";
import {
  alphaChecksum,
  decodeAlphaCommand,
  decodeAlphaTransmission,
  decodeHostTransmission,
  encodeAlphaCommands,
  encodeAlphaTransmission,
} from "../../../controller/src/signs/protocols/alpha/index.js";
import { ascii, hex, show } from "./helpers.js";

// Reference frames from /work/shared/reference/sign-frames.md, verbatim.
const FIXTURE_1_WRITE_TEXT_NO_CHECKSUM = "00 00 00 00 00 01 5A 30 30 02 41 41 1B 20 61 48 45 4C 4C 4F 04";
const FIXTURE_2_WRITE_TEXT_CHECKSUM =
  "00 00 00 00 00 01 5A 30 30 02 41 41 1B 20 61 48 45 4C 4C 4F 03 30 32 39 37 04";
const FIXTURE_4_READ_TEXT = "00 00 00 00 00 01 5A 30 30 02 42 41 04";
const FIXTURE_4_SIGN_REPLY = "01 30 30 30 02 41 41 1B 20 6F 1C 43 68 65 6C 6C 6F 03 30 33 41 34 04";

describe("alpha reference fixtures", () => {
  it("1: write TEXT A = HELLO, rotate, middle, no checksum (alphasign)", () => {
    const bytes = encodeAlphaCommands(
      [{ kind: "writeText", label: "A", position: "middle", mode: "rotate", text: "HELLO" }],
      { checksum: false },
    );
    expect(show(bytes)).toBe(FIXTURE_1_WRITE_TEXT_NO_CHECKSUM);
  });

  it("2: the same with ETX and checksum 0297", () => {
    const bytes = encodeAlphaCommands([
      { kind: "writeText", label: "A", position: "middle", mode: "rotate", text: "HELLO" },
    ]);
    expect(show(bytes)).toBe(FIXTURE_2_WRITE_TEXT_CHECKSUM);
    expect(alphaChecksum(hex("02 41 41 1B 20 61 48 45 4C 4C 4F 03"))).toBe(0x0297);
  });

  it("3: the manual's checksum example <STX>AAHELLO<ETX> = 01FB", () => {
    expect(alphaChecksum(ascii("\x02AAHELLO\x03"))).toBe(0x01fb);
  });

  it("4: read TEXT A, host to sign", () => {
    const bytes = encodeAlphaCommands([{ kind: "readText", label: "A" }], { checksum: false });
    expect(show(bytes)).toBe(FIXTURE_4_READ_TEXT);
  });

  it("4: decodes the captured reply: type 0, address 00, file A with auto mode and auto colour, checksum verified", () => {
    const t = decodeAlphaTransmission(hex(FIXTURE_4_SIGN_REPLY));
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect(t.value.typeCode).toBe("0");
    expect(t.value.address).toBe("00");
    expect(t.value.packets).toHaveLength(1);
    const [p] = t.value.packets;
    expect(p?.command).toBe("A");
    expect(p?.checksum).toBe("verified");
    expect(show(p?.data ?? new Uint8Array())).toBe("41 1B 20 6F 1C 43 68 65 6C 6C 6F");
    if (p === undefined) return;
    expect(decodeAlphaCommand(p)).toEqual({
      kind: "writeText",
      label: "A",
      position: "middle",
      mode: "auto",
      text: "\x1cChello",
    });
  });

  it("fixtures 1, 2 and 4 decode back to the commands that made them", () => {
    for (const fixture of [FIXTURE_1_WRITE_TEXT_NO_CHECKSUM, FIXTURE_2_WRITE_TEXT_CHECKSUM]) {
      const d = decodeHostTransmission(hex(fixture));
      expect(d.ok && d.value.commands).toEqual([
        { kind: "writeText", label: "A", position: "middle", mode: "rotate", text: "HELLO" },
      ]);
      expect(d.ok && d.value.typeCode).toBe("Z");
    }
    const read = decodeHostTransmission(hex(FIXTURE_4_READ_TEXT));
    expect(read.ok && read.value.commands).toEqual([{ kind: "readText", label: "A" }]);
    expect(read.ok && read.value.packets[0]?.checksum).toBe("none");
  });
});

describe("alpha framing", () => {
  it("takes a sync count, type code and address", () => {
    const bytes = encodeAlphaTransmission([{ command: "E", data: ascii(",") }], {
      syncCount: 10,
      typeCode: "!",
      address: "1F",
      checksum: false,
    });
    expect(show(bytes)).toBe("00 00 00 00 00 00 00 00 00 00 01 21 31 46 02 45 2C 04");
  });

  it("nests packets: each ends with ETX (and its own checksum when on)", () => {
    // setTime 09:05, setDate 01/29/25, weekday 4; checksums worked out by hand from the bytes.
    const withSums = encodeAlphaTransmission([
      { command: "E", data: ascii(" 0905") },
      { command: "E", data: ascii(";012925") },
      { command: "E", data: ascii("&4") },
    ]);
    expect(show(withSums)).toBe(
      "00 00 00 00 00 01 5A 30 30 " +
        "02 45 20 30 39 30 35 03 30 31 33 38 " +
        "02 45 3B 30 31 32 39 32 35 03 30 31 42 38 " +
        "02 45 26 34 03 30 30 41 34 04",
    );
    const withoutSums = encodeAlphaTransmission(
      [
        { command: "E", data: ascii(" 0905") },
        { command: "E", data: ascii(";012925") },
        { command: "E", data: ascii("&4") },
      ],
      { checksum: false },
    );
    expect(show(withoutSums)).toBe(
      "00 00 00 00 00 01 5A 30 30 02 45 20 30 39 30 35 03 02 45 3B 30 31 32 39 32 35 03 02 45 26 34 03 04",
    );
    for (const bytes of [withSums, withoutSums]) {
      const d = decodeHostTransmission(bytes);
      expect(d.ok && d.value.commands).toEqual([
        { kind: "setTime", hour: 9, minute: 5 },
        { kind: "setDate", year: 2025, month: 1, day: 29 },
        { kind: "setDayOfWeek", weekday: 4 },
      ]);
    }
    const d = decodeAlphaTransmission(withoutSums);
    expect(d.ok && d.value.packets.map((p) => p.checksum)).toEqual(["etx", "etx", "etx"]);
  });

  it("decodes nested packets that have no ETX at all", () => {
    const d = decodeHostTransmission(ascii("\x01Z00\x02H1\x02JP\x04"));
    expect(d.ok && d.value.commands).toEqual([
      { kind: "readString", label: "1" },
      { kind: "readSmallDots", label: "P" },
    ]);
  });

  it("accepts a lowercase checksum", () => {
    const d = decodeAlphaTransmission(
      hex("01 30 30 30 02 41 41 1B 20 6F 1C 43 68 65 6C 6C 6F 03 30 33 61 34 04"),
    );
    expect(d.ok).toBe(true);
  });

  it("refuses framing bytes inside data, bad addresses and empty transmissions", () => {
    expect(() => encodeAlphaTransmission([{ command: "A", data: hex("41 04 41") }])).toThrow(RangeError);
    expect(() => encodeAlphaTransmission([{ command: "A", data: ascii("A") }], { address: "G0" })).toThrow(
      RangeError,
    );
    expect(() => encodeAlphaTransmission([])).toThrow(RangeError);
    expect(() => encodeAlphaTransmission([{ command: "AB", data: ascii("A") }])).toThrow(RangeError);
  });

  it("reports, never throws, on broken transmissions", () => {
    const cases: [string, string][] = [
      ["bad checksum", "01 30 30 30 02 41 41 1B 20 6F 1C 43 68 65 6C 6C 6F 03 30 33 41 35 04"],
      ["no SOH", "00 00 5A 30 30 02 42 41 04"],
      ["ends before EOT", "01 5A 30 30 02 42 41"],
      ["no packet", "01 5A 30 30 04"],
      ["not 4 hex digits", "01 5A 30 30 02 42 41 03 30 33 04"],
      ["bytes after EOT", "01 5A 30 30 02 42 41 04 41"],
      ["expected STX", "01 5A 30 30 41 04"],
    ];
    for (const [why, frame] of cases) {
      const d = decodeAlphaTransmission(hex(frame));
      expect(d.ok, why).toBe(false);
      if (!d.ok) expect(d.error, why).toContain(why);
    }
    const bad = decodeAlphaTransmission(
      hex("01 30 30 30 02 41 41 1B 20 6F 1C 43 68 65 6C 6C 6F 03 30 33 41 35 04"),
    );
    expect(!bad.ok && bad.error).toBe("bad checksum in packet 1 (A): received 03A5, computed 03A4");
    // Trailing NUL padding is fine.
    expect(decodeAlphaTransmission(hex("01 5A 30 30 02 42 41 04 00 00")).ok).toBe(true);
  });
});
