import { describe, expect, it } from "vitest";
import {
  ALPHA_MODES,
  ALPHA_POSITIONS,
  type AlphaCommand,
  type AlphaMemoryRecord,
  type AlphaMode,
  type AlphaPosition,
  callPicture,
  callString,
  colour,
  decodeAlphaCommand,
  decodeHostTransmission,
  encodeAlphaCommand,
  encodeAlphaCommands,
  isAlphaNativeText,
} from "../../../controller/src/signs/protocols/alpha/index.js";
import { ascii, hex, Rng, show } from "./helpers.js";

/** Golden frames written out from the manual's layout, checksums summed by hand (STX through ETX). */
const GOLDEN: { name: string; command: AlphaCommand; address?: string; checksum?: boolean; bytes: string }[] =
  [
    {
      name: "write TEXT A, fill, hold, 'OPEN 24H', sign 01",
      command: { kind: "writeText", label: "A", position: "fill", mode: "hold", text: "OPEN 24H" },
      address: "01",
      // STX 'A' label 'A' ESC '0' 'b' 'OPEN 24H' ETX sums to 0334
      bytes: "00 00 00 00 00 01 5A 30 31 02 41 41 1B 30 62 4F 50 45 4E 20 32 34 48 03 30 33 33 34 04",
    },
    {
      name: "write TEXT with colour green, a picture call and a string call",
      command: {
        kind: "writeText",
        label: "A",
        position: "middle",
        mode: "rotate",
        text: `${colour("green")}GO${callPicture("P")}${callString("1")}`,
      },
      bytes: "00 00 00 00 00 01 5A 30 30 02 41 41 1B 20 61 1C 32 47 4F 14 50 10 31 03 30 32 41 43 04",
    },
    {
      name: "write TEXT in special mode n, specifier 0 (twinkle)",
      command: {
        kind: "writeText",
        label: "A",
        position: "middle",
        mode: "special",
        special: "0",
        text: "HI",
      },
      bytes: "00 00 00 00 00 01 5A 30 30 02 41 41 1B 20 6E 30 48 49 03 30 31 46 31 04",
    },
    {
      name: "write STRING 1 = 12:30",
      command: { kind: "writeString", label: "1", data: "12:30" },
      bytes: "00 00 00 00 00 01 5A 30 30 02 47 31 31 32 3A 33 30 03 30 31 37 44 04",
    },
    {
      name: "write SMALL DOTS P, 2 rows of 3: 0 1 2 / 3 0 1",
      command: {
        kind: "writeSmallDots",
        label: "P",
        width: 3,
        height: 2,
        pixels: Uint8Array.of(0, 1, 2, 3, 0, 1),
      },
      // I P, height 02, width 03, rows '012' CR '301' CR
      bytes: "00 00 00 00 00 01 5A 30 30 02 49 50 30 32 30 33 30 31 32 0D 33 30 31 0D 03 30 32 41 34 04",
    },
    {
      name: "set time of day 09:05",
      command: { kind: "setTime", hour: 9, minute: 5 },
      bytes: "00 00 00 00 00 01 5A 30 30 02 45 20 30 39 30 35 03 30 31 33 38 04",
    },
    {
      name: "set date 2025-01-29 as MMDDYY",
      command: { kind: "setDate", year: 2025, month: 1, day: 29 },
      bytes: "00 00 00 00 00 01 5A 30 30 02 45 3B 30 31 32 39 32 35 03 30 31 42 38 04",
    },
    {
      name: "set day of week 4 (Wednesday; 1 = Sunday)",
      command: { kind: "setDayOfWeek", weekday: 4 },
      bytes: "00 00 00 00 00 01 5A 30 30 02 45 26 34 03 30 30 41 34 04",
    },
    {
      name: "memory configuration: TEXT A 0100 FF00, STRING 1 locked 0020 0000, DOTS P 16×96 3-colour",
      command: {
        kind: "memoryConfig",
        records: [
          { type: "text", label: "A", locked: false, size: 0x100, startTime: 0xff, stopTime: 0x00 },
          { type: "string", label: "1", locked: true, size: 0x20 },
          { type: "dots", label: "P", locked: false, width: 0x60, height: 0x10, colours: 3 },
        ],
      },
      // E $ | A A U 0100 FF00 | 1 B L 0020 0000 | P D U 1060 2000
      bytes:
        "00 00 00 00 00 01 5A 30 30 02 45 24 " +
        "41 41 55 30 31 30 30 46 46 30 30 " +
        "31 42 4C 30 30 32 30 30 30 30 30 " +
        "50 44 55 31 30 36 30 32 30 30 30 " +
        "03 30 37 41 35 04",
    },
    {
      name: "soft reset, no checksum",
      command: { kind: "softReset" },
      checksum: false,
      bytes: "00 00 00 00 00 01 5A 30 30 02 45 2C 04",
    },
    {
      name: "read STRING 1",
      command: { kind: "readString", label: "1" },
      bytes: "00 00 00 00 00 01 5A 30 30 02 48 31 03 30 30 37 45 04",
    },
    {
      name: "read SMALL DOTS P",
      command: { kind: "readSmallDots", label: "P" },
      bytes: "00 00 00 00 00 01 5A 30 30 02 4A 50 03 30 30 39 46 04",
    },
  ];

describe("alpha commands: golden frames", () => {
  for (const g of GOLDEN) {
    it(g.name, () => {
      const bytes = encodeAlphaCommands([g.command], { address: g.address, checksum: g.checksum });
      expect(show(bytes)).toBe(g.bytes);
      const decoded = decodeHostTransmission(hex(g.bytes));
      expect(decoded.ok && decoded.value.commands).toEqual([g.command]);
      expect(decoded.ok && decoded.value.packets[0]?.checksum).toBe(
        g.checksum === false ? "none" : "verified",
      );
    });
  }
});

describe("alpha text helpers", () => {
  it("isAlphaNativeText accepts printable ASCII only", () => {
    expect(isAlphaNativeText("GATE OPEN 07:00-22:00 ~!")).toBe(true);
    expect(isAlphaNativeText("")).toBe(true);
    expect(isAlphaNativeText("Cửa khẩu")).toBe(false);
    expect(isAlphaNativeText("ດ່ານ")).toBe(false);
    expect(isAlphaNativeText("ច្រក")).toBe(false);
    expect(isAlphaNativeText("口岸")).toBe(false);
    expect(isAlphaNativeText("café")).toBe(false);
    expect(isAlphaNativeText("a\tb")).toBe(false);
    expect(isAlphaNativeText("a\x7f")).toBe(false);
  });

  it("control codes", () => {
    expect(show(ascii(callPicture("P")))).toBe("14 50");
    expect(show(ascii(callString("1")))).toBe("10 31");
    expect(show(ascii(colour("auto")))).toBe("1C 43");
    expect(show(ascii(colour("amber")))).toBe("1C 33");
    expect(() => callPicture("PP")).toThrow(RangeError);
  });
});

describe("alpha commands: validation", () => {
  const bad: AlphaCommand[] = [
    { kind: "writeText", label: "AB", text: "x" },
    { kind: "writeText", label: "A", text: "Cửa" },
    { kind: "writeText", label: "A", text: "a\x03b" },
    { kind: "writeText", label: "A", position: "middle", mode: "special", text: "x" },
    { kind: "writeText", label: "A", position: "middle", mode: "hold", special: "0", text: "x" },
    { kind: "writeSmallDots", label: "P", width: 2, height: 1, pixels: Uint8Array.of(0) },
    { kind: "writeSmallDots", label: "P", width: 1, height: 1, pixels: Uint8Array.of(9) },
    { kind: "writeSmallDots", label: "P", width: 256, height: 1, pixels: new Uint8Array(256) },
    { kind: "setTime", hour: 24, minute: 0 },
    { kind: "setDate", year: 1999, month: 12, day: 31 },
    { kind: "setDayOfWeek", weekday: 0 },
    {
      kind: "memoryConfig",
      records: [{ type: "text", label: "A", locked: false, size: 0x10000, startTime: 0xff, stopTime: 0 }],
    },
  ];
  for (const cmd of bad) {
    it(`refuses ${JSON.stringify(cmd, (_k, v) => (v instanceof Uint8Array ? `bytes(${v.length})` : v))}`, () => {
      expect(() => encodeAlphaCommand(cmd)).toThrow(RangeError);
    });
  }
});

describe("alpha commands: decoding what it does not understand", () => {
  const cases: [string, string, string][] = [
    ["M", "Aabc", "not supported"],
    ["B", "AB", "only a label"],
    ["A", "", "missing file label"],
    ["E", " 25:00", "HHMM"],
    ["E", ";132925", "out of range"],
    ["E", "&8", "1–7"],
    ["E", "$AAU0100FF0", "11-byte records"],
    ["E", "$AXU0100FF00", "unknown file type"],
    ["E", "$ABU01000001", "0000"],
    ["E", "$PDU10603000", "colour status"],
    ["E", "$AAX0100FF00", "lock"],
    ["E", "Z", "not supported"],
    ["I", "P0102012\r", "longer than 2"],
    ["I", "P01020\r0\r", "more than 1 rows"],
    ["I", "P0102x", "not a digit"],
    ["I", "P0G", "2 hex digits"],
  ];
  for (const [command, data, reason] of cases) {
    it(`${command} ${JSON.stringify(data)} → unknown (${reason})`, () => {
      const d = decodeAlphaCommand({ command, data: ascii(data) });
      expect(d.kind).toBe("unknown");
      if (d.kind === "unknown") {
        expect(d.reason).toContain(reason);
        expect(d.command).toBe(command);
        expect(show(d.data)).toBe(show(ascii(data)));
      }
    });
  }

  it("keeps a TEXT file whose ESC sequence it does not know as plain text", () => {
    expect(decodeAlphaCommand({ command: "A", data: ascii("A\x1b\x21aHI") })).toEqual({
      kind: "writeText",
      label: "A",
      text: "\x1b\x21aHI",
    });
  });

  it("a SMALL DOTS row may end early (the rest is off), and the last CR may be missing", () => {
    const d = decodeAlphaCommand({ command: "I", data: ascii("P02031\r22") });
    expect(d.kind === "writeSmallDots" && Array.from(d.pixels)).toEqual([1, 0, 0, 2, 2, 0]);
  });

  it("unknown commands encode back to the same packet", () => {
    const p = { command: "M", data: ascii("Aabc") };
    expect(show(encodeAlphaCommand(decodeAlphaCommand(p)).data)).toBe(show(p.data));
  });
});

describe("alpha commands: decode(encode(x)) over random inputs", () => {
  const positions = Object.keys(ALPHA_POSITIONS) as AlphaPosition[];
  const modes = Object.keys(ALPHA_MODES) as AlphaMode[];
  const label = (rng: Rng) => String.fromCharCode(rng.int(0x20, 0x7e));

  function randomRecord(rng: Rng): AlphaMemoryRecord {
    switch (rng.int(0, 2)) {
      case 0:
        return {
          type: "text",
          label: label(rng),
          locked: rng.int(0, 1) === 1,
          size: rng.int(0, 0xffff),
          startTime: rng.int(0, 0xff),
          stopTime: rng.int(0, 0xff),
        };
      case 1:
        return { type: "string", label: label(rng), locked: rng.int(0, 1) === 1, size: rng.int(0, 0xffff) };
      default:
        return {
          type: "dots",
          label: label(rng),
          locked: rng.int(0, 1) === 1,
          width: rng.int(1, 255),
          height: rng.int(1, 255),
          colours: rng.pick([1, 3, 8] as const),
        };
    }
  }

  function randomCommand(rng: Rng): AlphaCommand {
    switch (rng.int(0, 10)) {
      case 0: {
        const mode = rng.pick(modes);
        return mode === "special"
          ? {
              kind: "writeText",
              label: label(rng),
              position: rng.pick(positions),
              mode,
              special: label(rng),
              text: rng.printable(0, 60),
            }
          : {
              kind: "writeText",
              label: label(rng),
              position: rng.pick(positions),
              mode,
              text: rng.printable(0, 60),
            };
      }
      case 1: {
        // No ESC sequence: the text must not itself start with ESC for this to round-trip; printable never does.
        return { kind: "writeText", label: label(rng), text: rng.printable(0, 60) };
      }
      case 2:
        return { kind: "readText", label: label(rng) };
      case 3:
        return { kind: "writeString", label: label(rng), data: rng.printable(0, 30) };
      case 4:
        return { kind: "readString", label: label(rng) };
      case 5: {
        const width = rng.int(1, 40);
        const height = rng.int(1, 16);
        return {
          kind: "writeSmallDots",
          label: label(rng),
          width,
          height,
          pixels: rng.bytes(width * height, 0, 8),
        };
      }
      case 6:
        return { kind: "readSmallDots", label: label(rng) };
      case 7:
        return { kind: "setTime", hour: rng.int(0, 23), minute: rng.int(0, 59) };
      case 8:
        return { kind: "setDate", year: rng.int(2000, 2099), month: rng.int(1, 12), day: rng.int(1, 31) };
      case 9:
        return rng.int(0, 1) === 0 ? { kind: "setDayOfWeek", weekday: rng.int(1, 7) } : { kind: "softReset" };
      default:
        return {
          kind: "memoryConfig",
          records: Array.from({ length: rng.int(0, 5) }, () => randomRecord(rng)),
        };
    }
  }

  it("500 random transmissions of 1–4 nested commands, with and without checksums", () => {
    const rng = new Rng(20250129);
    for (let n = 0; n < 500; n++) {
      const commands = Array.from({ length: rng.int(1, 4) }, () => randomCommand(rng));
      const checksum = rng.int(0, 1) === 1;
      const address =
        rng.int(0, 1) === 1 ? "00" : rng.int(1, 255).toString(16).toUpperCase().padStart(2, "0");
      const bytes = encodeAlphaCommands(commands, { checksum, address, syncCount: rng.int(0, 8) });
      const decoded = decodeHostTransmission(bytes);
      expect(decoded.ok, `case ${n}`).toBe(true);
      if (!decoded.ok) return;
      expect(decoded.value.commands, `case ${n}`).toEqual(commands);
      expect(decoded.value.address).toBe(address);
    }
  });
});
