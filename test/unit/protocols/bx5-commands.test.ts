import { describe, expect, it } from "vitest";
import {
  BX5_DISPLAY_MODES,
  type Bx5Command,
  type Bx5DisplayMode,
  type Bx5Header,
  decodeBx5Command,
  decodeBx5Frame,
  encodeBx5Command,
  encodeBx5Frame,
  requestHeader,
} from "../../../controller/src/signs/protocols/bx5/index.js";
import { hex, Rng, show } from "./helpers.js";

const TO_SIGN_1: Bx5Header = requestHeader(0x0001);
const FROM_SIGN_1: Bx5Header = {
  destination: 0x8000,
  source: 0x0001,
  protocolVersion: 0xf0,
  deviceType: 0xfffe,
};

/**
 * Golden frames written out field by field from the layouts in bx5/commands.ts and bx5/frame.ts;
 * CRCs computed separately from the encoder.
 */
const GOLDEN: {
  name: string;
  header: Bx5Header;
  command: Bx5Command;
  replyWanted: boolean;
  bytes: string;
}[] = [
  {
    name: "ping sign 0001",
    header: TO_SIGN_1,
    command: { kind: "ping" },
    replyWanted: true,
    bytes: "A5 A5 A5 A5 A5 A5 A5 A5 01 00 00 80 F0 00 FE FF 00 00 00 00 05 00 00 00 01 A2 00 00 00 DD 9D 5A",
  },
  {
    name: "set time 2025-01-29 08:30:00 (a Wednesday, ISO weekday 3)",
    header: TO_SIGN_1,
    command: { kind: "setTime", clock: { year: 2025, month: 1, day: 29, hour: 8, minute: 30, second: 0 } },
    replyWanted: true,
    // header, length 0D | 01 A2 03 00 00 | E9 07 (2025) 01 1D 08 1E 00 03 | CRC DC7F
    bytes:
      "A5 A5 A5 A5 A5 A5 A5 A5 01 00 00 80 F0 00 FE FF 00 00 00 00 0D 00 00 00 " +
      "01 A2 03 00 00 E9 07 01 1D 08 1E 00 03 7F DC 5A",
  },
  {
    name: "ACK of the dynamic area, sign 0001 to the PC",
    header: FROM_SIGN_1,
    command: { kind: "ack", of: { group: 0xa7, code: 0x00 } },
    replyWanted: false,
    bytes:
      "A5 A5 A5 A5 A5 A5 A5 A5 00 80 01 00 F0 00 FE FF 00 00 00 00 07 00 00 00 00 A0 00 00 00 A7 00 B2 A8 5A",
  },
  {
    name: "bare ACK",
    header: FROM_SIGN_1,
    command: { kind: "ack" },
    replyWanted: false,
    bytes: "A5 A5 A5 A5 A5 A5 A5 A5 00 80 01 00 F0 00 FE FF 00 00 00 00 05 00 00 00 00 A0 00 00 00 FA FE 5A",
  },
  {
    name: "NAK of the dynamic area, reason 02",
    header: FROM_SIGN_1,
    command: { kind: "nak", of: { group: 0xa7, code: 0x00 }, reason: 0x02 },
    replyWanted: false,
    bytes:
      "A5 A5 A5 A5 A5 A5 A5 A5 00 80 01 00 F0 00 FE FF 00 00 00 00 08 00 00 00 00 A0 01 00 00 A7 00 02 BC 71 5A",
  },
  {
    name: "dynamic area 1: 10×2 window and bitmap, static, speed 4, stay 3 s, red and green planes",
    header: TO_SIGN_1,
    command: {
      kind: "dynamicArea",
      area: {
        areaId: 1,
        x: 0,
        y: 0,
        width: 10,
        height: 2,
        mode: "static",
        speed: 4,
        staySeconds: 3,
        planes: 2,
        bitmap: {
          width: 10,
          height: 2,
          // row 0: red green amber off off off off off off red; row 1: off ×8 amber green
          pixels: Uint8Array.of(1, 2, 3, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2),
        },
      },
    },
    replyWanted: true,
    // 01 A7 00 00 00 | area 01 | x 0000 y 0000 w 0A00 h 0200 | mode 01 speed 04 stay 0300 | planes 02 |
    // bitmap w 0A00 h 0200 count 08000000 |
    // red:   row 0 0101 1111 = 5F, 1011 1111 = BF (pixel 9, padding 1s); row 1 FF, 0111 1111 = 7F
    // green: row 0 1001 1111 = 9F, FF;                                   row 1 FF, 0011 1111 = 3F
    bytes:
      "A5 A5 A5 A5 A5 A5 A5 A5 01 00 00 80 F0 00 FE FF 00 00 00 00 23 00 00 00 " +
      "01 A7 00 00 00 01 00 00 00 00 0A 00 02 00 01 04 03 00 02 0A 00 02 00 08 00 00 00 " +
      "5F BF FF 7F 9F FF FF 3F AE 78 5A",
  },
  {
    name: "escape bytes inside data: x = 5AA5, y = A65B, one mono row 10100101 → bits 5A",
    header: TO_SIGN_1,
    command: {
      kind: "dynamicArea",
      area: {
        areaId: 0,
        x: 0x5aa5,
        y: 0xa65b,
        width: 8,
        height: 1,
        mode: "static",
        speed: 1,
        staySeconds: 0,
        planes: 1,
        bitmap: { width: 8, height: 1, pixels: Uint8Array.of(1, 0, 1, 0, 0, 1, 0, 1) },
      },
    },
    replyWanted: true,
    // x A5 5A → A6 02 5B 02; y 5B A6 → 5B 01 A6 01; bitmap byte 5A → 5B 02
    bytes:
      "A5 A5 A5 A5 A5 A5 A5 A5 01 00 00 80 F0 00 FE FF 00 00 00 00 1C 00 00 00 " +
      "01 A7 00 00 00 00 A6 02 5B 02 5B 01 A6 01 08 00 01 00 01 01 00 00 01 08 00 01 00 01 00 00 00 5B 02 " +
      "D1 E0 5A",
  },
];

describe("bx5 commands: golden frames", () => {
  for (const g of GOLDEN) {
    it(g.name, () => {
      const bytes = encodeBx5Frame({ header: g.header, data: encodeBx5Command(g.command) });
      expect(show(bytes)).toBe(g.bytes);
      const frame = decodeBx5Frame(hex(g.bytes));
      expect(frame.ok && frame.value.header).toEqual(g.header);
      expect(frame.ok && decodeBx5Command(frame.value.data)).toEqual({
        replyWanted: g.replyWanted,
        command: g.command,
      });
    });
  }
});

describe("bx5 commands: decoding what it does not understand", () => {
  const cases: [string, string][] = [
    ["01 A2", "shorter than the command envelope"],
    ["01 A9 00 00 00", "A9 00 not supported"],
    ["02 A2 00 00 00", "envelope flag 0x02"],
    ["01 A2 00 00 00 00", "ping carries no payload"],
    ["01 A2 03 00 00 E9 07 01 1D 08 1E 00 04", "weekday 4 does not match"],
    ["01 A2 03 00 00 E9 07 02 1E 08 1E 00 05", "out of range"],
    ["01 A2 03 00 00 E9 07 01", "expected 8"],
    ["00 A0 00 00 00 A7", "ack payload of 1 bytes"],
    ["00 A0 01 00 00 A7 00 01 02", "nak payload of 4 bytes"],
    ["01 A7 00 00 00 00", "too short"],
  ];
  for (const [data, reason] of cases) {
    it(`${data} → unknown (${reason})`, () => {
      const { command } = decodeBx5Command(hex(data));
      expect(command.kind).toBe("unknown");
      if (command.kind === "unknown") expect(command.reason).toContain(reason);
    });
  }

  const area = (patch: (bytes: Uint8Array) => void, reason: string) => {
    const bytes = encodeBx5Command({
      kind: "dynamicArea",
      area: {
        areaId: 0,
        x: 0,
        y: 0,
        width: 8,
        height: 1,
        mode: "static",
        speed: 1,
        staySeconds: 0,
        planes: 1,
        bitmap: { width: 8, height: 1, pixels: new Uint8Array(8) },
      },
    });
    patch(bytes);
    const { command } = decodeBx5Command(bytes);
    expect(command.kind === "unknown" && command.reason).toContain(reason);
  };
  it("refuses dynamic areas with inconsistent fields", () => {
    area((b) => (b[5 + 9] = 0x7f), "unknown display mode 0x7F");
    area((b) => (b[5 + 10] = 0), "speed 0");
    area((b) => (b[5 + 13] = 3), "colour planes 3");
    area((b) => (b[5 + 18] = 2), "bitmap byte count 2, expected 1");
    area((b) => (b[5 + 14] = 0), "zero width");
  });
  it("refuses a bitmap byte count that disagrees with the payload", () => {
    const bytes = encodeBx5Command({
      kind: "dynamicArea",
      area: {
        areaId: 0,
        x: 0,
        y: 0,
        width: 8,
        height: 1,
        mode: "static",
        speed: 1,
        staySeconds: 0,
        planes: 1,
        bitmap: { width: 8, height: 1, pixels: new Uint8Array(8) },
      },
    });
    const { command } = decodeBx5Command(Uint8Array.of(...bytes, 0xff));
    expect(command.kind === "unknown" && command.reason).toBe("bitmap byte count 1, payload carries 2");
  });
});

describe("bx5 commands: validation", () => {
  const base = {
    areaId: 0,
    x: 0,
    y: 0,
    width: 8,
    height: 1,
    mode: "static" as const,
    speed: 1,
    staySeconds: 0,
    planes: 1 as const,
    bitmap: { width: 8, height: 1, pixels: new Uint8Array(8) },
  };
  const bad: [string, Bx5Command][] = [
    [
      "colour 2 on one plane",
      {
        kind: "dynamicArea",
        area: { ...base, bitmap: { ...base.bitmap, pixels: new Uint8Array(8).fill(2) } },
      },
    ],
    [
      "colour 4 on two planes",
      {
        kind: "dynamicArea",
        area: { ...base, planes: 2, bitmap: { ...base.bitmap, pixels: new Uint8Array(8).fill(4) } },
      },
    ],
    [
      "pixel count",
      { kind: "dynamicArea", area: { ...base, bitmap: { ...base.bitmap, pixels: new Uint8Array(7) } } },
    ],
    ["speed 17", { kind: "dynamicArea", area: { ...base, speed: 17 } }],
    ["x 65536", { kind: "dynamicArea", area: { ...base, x: 0x10000 } }],
    ["zero width", { kind: "dynamicArea", area: { ...base, width: 0 } }],
    [
      "30 February",
      { kind: "setTime", clock: { year: 2025, month: 2, day: 30, hour: 0, minute: 0, second: 0 } },
    ],
    [
      "second 60",
      { kind: "setTime", clock: { year: 2025, month: 2, day: 3, hour: 0, minute: 0, second: 60 } },
    ],
    ["NAK reason without the command", { kind: "nak", reason: 1 }],
  ];
  for (const [why, cmd] of bad) {
    it(`refuses ${why}`, () => {
      expect(() => encodeBx5Command(cmd)).toThrow(RangeError);
    });
  }
});

describe("bx5 commands: decode(encode(x)) over random inputs", () => {
  const modes = Object.keys(BX5_DISPLAY_MODES) as Bx5DisplayMode[];

  function randomCommand(rng: Rng): Bx5Command {
    switch (rng.int(0, 5)) {
      case 0:
        return { kind: "ping" };
      case 1: {
        const year = rng.int(1990, 2200);
        const month = rng.int(1, 12);
        const day = rng.int(1, 28);
        return {
          kind: "setTime",
          clock: { year, month, day, hour: rng.int(0, 23), minute: rng.int(0, 59), second: rng.int(0, 59) },
        };
      }
      case 2: {
        const planes = rng.pick([1, 2] as const);
        const width = rng.int(1, 70);
        const height = rng.int(1, 20);
        return {
          kind: "dynamicArea",
          area: {
            areaId: rng.int(0, 255),
            x: rng.int(0, 0xffff),
            y: rng.int(0, 0xffff),
            width: rng.int(1, 0xffff),
            height: rng.int(1, 0xffff),
            mode: rng.pick(modes),
            speed: rng.int(1, 16),
            staySeconds: rng.int(0, 0xffff),
            planes,
            bitmap: { width, height, pixels: rng.bytes(width * height, 0, planes === 1 ? 1 : 3) },
          },
        };
      }
      case 3:
        return rng.int(0, 1)
          ? { kind: "ack" }
          : { kind: "ack", of: { group: rng.int(0, 255), code: rng.int(0, 255) } };
      case 4: {
        const of = { group: rng.int(0, 255), code: rng.int(0, 255) };
        return rng.pick<Bx5Command>([
          { kind: "nak" },
          { kind: "nak", of },
          { kind: "nak", of, reason: rng.int(0, 255) },
        ]);
      }
      default:
        // Groups we do not know stay unknown and come back byte for byte.
        return {
          kind: "unknown",
          group: rng.int(0xb0, 0xff),
          code: rng.int(0, 255),
          payload: rng.bytes(rng.int(0, 10)),
          reason: "",
        };
    }
  }

  it("1000 random commands through a whole frame and back", () => {
    const rng = new Rng(0xb5);
    for (let n = 0; n < 1000; n++) {
      const command = randomCommand(rng);
      const replyWanted = rng.int(0, 1) === 1;
      const frame = decodeBx5Frame(
        encodeBx5Frame({
          header: requestHeader(rng.int(0, 0xffff)),
          data: encodeBx5Command(command, replyWanted),
        }),
      );
      expect(frame.ok, `case ${n}`).toBe(true);
      if (!frame.ok) return;
      const decoded = decodeBx5Command(frame.value.data);
      expect(decoded.replyWanted, `case ${n}`).toBe(replyWanted);
      if (command.kind === "unknown") {
        expect(decoded.command.kind).toBe("unknown");
        if (decoded.command.kind === "unknown") {
          expect([decoded.command.group, decoded.command.code]).toEqual([command.group, command.code]);
          expect(show(decoded.command.payload)).toBe(show(command.payload));
        }
      } else {
        expect(decoded.command, `case ${n}`).toEqual(command);
      }
    }
  });
});
