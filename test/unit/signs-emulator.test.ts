import { describe, expect, it } from "vitest";
import { AlphaSign } from "../../controller/src/signs/emulator/alpha-sign.js";
import { Bx5Sign } from "../../controller/src/signs/emulator/bx5-sign.js";
import { encodeAlphaCommands } from "../../controller/src/signs/protocols/alpha/index.js";
import {
  decodeBx5Command,
  decodeBx5Frame,
  encodeBx5Command,
  encodeBx5Frame,
  requestHeader,
} from "../../controller/src/signs/protocols/bx5/index.js";
import { hex, show } from "./protocols/helpers.js";

const stripNuls = (b: Uint8Array) => b.subarray(b.findIndex((x) => x !== 0));

describe("emulated Alpha sign", () => {
  it("answers read TEXT exactly as the captured real sign did (fixture 4)", () => {
    const sign = new AlphaSign({ width: 96, height: 16 });
    sign.receive(
      encodeAlphaCommands([
        { kind: "writeText", label: "A", position: "middle", mode: "auto", text: "\x1cChello" },
      ]),
    );
    const replies = sign.receive(hex("00 00 00 00 00 01 5A 30 30 02 42 41 04"));
    expect(replies).toHaveLength(1);
    expect(show(stripNuls(replies[0] as Uint8Array))).toBe(
      "01 30 30 30 02 41 41 1B 20 6F 1C 43 68 65 6C 6C 6F 03 30 33 41 34 04",
    );
  });

  it("ignores a transmission with a bad checksum, silently", () => {
    const sign = new AlphaSign({ width: 96, height: 16 });
    const good = encodeAlphaCommands([
      { kind: "writeText", label: "A", position: "fill", mode: "hold", text: "HI" },
    ]);
    const bad = good.slice();
    bad[bad.length - 2] = 0x30 + ((bad[bad.length - 2] ?? 0) === 0x30 ? 1 : 0);
    expect(sign.receive(bad)).toEqual([]);
    expect(sign.stats.badFrames).toBe(1);
    expect(sign.display()).toBeUndefined();
    sign.receive(good);
    expect(sign.display()).toMatchObject({ source: "TEXT A", mode: "hold", text: "HI" });
  });

  it("stores a picture only in a DOTS file the memory configuration made, and shows it through TEXT A", () => {
    const sign = new AlphaSign({ width: 8, height: 2 });
    const pixels = Uint8Array.from([1, 0, 2, 0, 3, 0, 1, 0, 0, 1, 0, 2, 0, 3, 0, 1]);
    sign.receive(encodeAlphaCommands([{ kind: "writeSmallDots", label: "P", width: 8, height: 2, pixels }]));
    expect(sign.memory().files).toEqual({});
    sign.receive(
      encodeAlphaCommands([
        {
          kind: "memoryConfig",
          records: [
            { type: "text", label: "A", locked: false, size: 64, startTime: 0xff, stopTime: 0 },
            { type: "dots", label: "P", locked: false, width: 8, height: 2, colours: 3 },
          ],
        },
      ]),
    );
    sign.receive(encodeAlphaCommands([{ kind: "writeSmallDots", label: "P", width: 8, height: 2, pixels }]));
    sign.receive(
      encodeAlphaCommands([{ kind: "writeText", label: "A", position: "fill", mode: "hold", text: "\x14P" }]),
    );
    const d = sign.display();
    expect(d).toMatchObject({ source: "TEXT A → picture P", mode: "hold" });
    expect(Array.from(d?.bitmap.pixels ?? [])).toEqual(Array.from(pixels));
  });

  it("forgets its files and memory layout on a power cut", () => {
    const sign = new AlphaSign({ width: 96, height: 16 });
    sign.receive(
      encodeAlphaCommands([{ kind: "writeText", label: "A", position: "fill", mode: "hold", text: "HI" }]),
    );
    sign.powerLoss();
    expect(sign.display()).toBeUndefined();
    const [reply] = sign.receive(hex("00 00 00 00 00 01 5A 30 30 02 42 41 04"));
    // An empty TEXT A: `A` + label, nothing stored (STX A A ETX sums to 0087).
    expect(show(stripNuls(reply as Uint8Array))).toBe("01 30 30 30 02 41 41 03 30 30 38 37 04");
  });
});

describe("emulated BX-5 sign", () => {
  const request = (data: Uint8Array, address?: number) =>
    encodeBx5Frame({ header: requestHeader(address), data });

  it("ACKs the vendor's ping (fixture 5) from its own address", () => {
    const sign = new Bx5Sign({ width: 128, height: 32, address: 1 });
    const [reply] = sign.receive(
      hex("A5 A5 A5 A5 A5 A5 A5 A5 FE FF 00 80 F0 00 FE FF 00 00 00 00 05 00 00 00 01 A2 00 00 00 C6 86 5A"),
    );
    const frame = decodeBx5Frame(reply as Uint8Array);
    expect(frame.ok && frame.value.header).toMatchObject({ source: 1, destination: 0x8000 });
    expect(frame.ok && decodeBx5Command(frame.value.data).command).toEqual({
      kind: "ack",
      of: { group: 0xa2, code: 0x00 },
    });
  });

  it("NAKs a frame whose CRC is wrong, and ignores frames for another address", () => {
    const sign = new Bx5Sign({ width: 128, height: 32, address: 1 });
    const bad = request(encodeBx5Command({ kind: "ping" }), 1);
    bad[10] = (bad[10] ?? 0) ^ 0x01;
    const [nak] = sign.receive(bad);
    const frame = decodeBx5Frame(nak as Uint8Array);
    expect(frame.ok && show(frame.value.data.subarray(1, 3))).toBe("A0 01");
    expect(sign.receive(request(encodeBx5Command({ kind: "ping" }), 7))).toEqual([]);
    expect(sign.stats).toMatchObject({ badFrames: 1, ignoredFrames: 1 });
  });

  it("holds a dynamic area until a power cut", () => {
    const sign = new Bx5Sign({ width: 16, height: 8 });
    const bitmap = { width: 16, height: 8, pixels: new Uint8Array(128).fill(3) };
    const area = {
      areaId: 0,
      x: 0,
      y: 0,
      width: 16,
      height: 8,
      mode: "static" as const,
      speed: 4,
      staySeconds: 3,
      planes: 2 as const,
      bitmap,
    };
    const [ack] = sign.receive(request(encodeBx5Command({ kind: "dynamicArea", area })));
    const frame = decodeBx5Frame(ack as Uint8Array);
    expect(frame.ok && decodeBx5Command(frame.value.data).command.kind).toBe("ack");
    expect(sign.display()).toMatchObject({ source: "dynamic area 0", mode: "static" });
    expect(Array.from(sign.display()?.bitmap.pixels ?? [])).toEqual(Array.from(bitmap.pixels));
    sign.powerLoss();
    expect(sign.display()).toBeUndefined();
  });
});
