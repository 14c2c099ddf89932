import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../controller/src/log.js";
import { memoryLink } from "../../controller/src/signs/driver/transport.js";
import { ALPHA_HOLD_MS, AlphaSign } from "../../controller/src/signs/emulator/alpha-sign.js";
import { Bx5Sign } from "../../controller/src/signs/emulator/bx5-sign.js";
import {
  createEmulatedSign,
  type DisplayRecord,
  EmulatorHost,
  EmulatorOutput,
  emulatorSpeedFromEnv,
} from "../../controller/src/signs/emulator/index.js";
import { alphaProtocol, encodeAlphaCommands } from "../../controller/src/signs/protocols/alpha/index.js";
import {
  decodeBx5Command,
  decodeBx5Frame,
  encodeBx5Command,
  encodeBx5Frame,
  requestHeader,
} from "../../controller/src/signs/protocols/bx5/index.js";
import type { Bitmap, ShowSlide } from "../../controller/src/signs/protocols/types.js";
import { tempDir } from "../helpers/fixtures.js";
import { waitFor } from "../helpers/processes.js";
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

describe("emulated Alpha sign playing several slides by itself", () => {
  const panel = { width: 32, height: 8 };
  const target = { colours: 3 as const, panel, memory: { pictureFiles: 8, bytes: 32768 } };
  const picture = (width: number, value: number, height = 8): Bitmap => ({
    width,
    height,
    pixels: new Uint8Array(width * height).fill(value),
  });
  const slides = (values: [number, number, number]): ShowSlide[] => [
    { content: { kind: "bitmap", bitmap: picture(32, values[0]) }, effect: "hold" },
    { content: { kind: "bitmap", bitmap: picture(64, values[1]) }, effect: "scrollLeft" },
    { content: { kind: "bitmap", bitmap: picture(32, values[2], 16) }, effect: "scrollUp" },
  ];
  /** A sign on a clock the test turns. */
  const rig = () => {
    let now = 1_000_000;
    const sign = new AlphaSign({ ...panel, now: () => now });
    const send = (values: [number, number, number], from = 0) => {
      for (const e of alphaProtocol.show({ slides: slides(values) }, target).exchanges.slice(from))
        sign.receive(e.bytes);
    };
    const showing = () => {
      const d = sign.display();
      return d && { source: d.source, mode: d.mode, value: d.bitmap.pixels[0], width: d.bitmap.width };
    };
    return { sign, send, showing, wait: (ms: number) => (now += ms) };
  };

  it("turns from page to page of TEXT A on its own clock, each as long as its mode takes, then starts over", () => {
    const r = rig();
    r.send([1, 2, 3]);
    expect(r.showing()).toEqual({
      source: "TEXT A page 1 of 3 → picture P",
      mode: "hold",
      value: 1,
      width: 32,
    });
    expect(r.sign.nextChangeInMs()).toBe(ALPHA_HOLD_MS);
    const version = r.sign.displayVersion;
    r.wait(ALPHA_HOLD_MS - 1);
    expect(r.showing()?.value).toBe(1);
    r.wait(1);
    expect(r.sign.displayVersion).toBeGreaterThan(version);
    expect(r.showing()).toEqual({
      source: "TEXT A page 2 of 3 → picture Q",
      mode: "rotate",
      value: 2,
      width: 64,
    });
    // Sideways at 24 columns a second: its 64 columns plus the panel's 32 take 4 s.
    expect(r.sign.nextChangeInMs()).toBe(4000);
    r.wait(4000);
    // Scrolling up, 5 s for each of its two panels.
    expect(r.showing()).toMatchObject({ source: "TEXT A page 3 of 3 → picture R", mode: "scroll", value: 3 });
    expect(r.sign.nextChangeInMs()).toBe(10_000);
    r.wait(10_000 + ALPHA_HOLD_MS + 1000);
    expect(r.showing()).toMatchObject({ source: "TEXT A page 2 of 3 → picture Q" });
    expect(r.sign.display()?.slide).toEqual({ index: 1, count: 3 });
  });

  it("shows a rewritten picture where it stands; a new TEXT A starts from its first page", () => {
    const r = rig();
    r.send([1, 2, 3]);
    r.wait(ALPHA_HOLD_MS + 100);
    expect(r.showing()).toMatchObject({ source: "TEXT A page 2 of 3 → picture Q", value: 2 });
    // Pictures only (no configuration, no TEXT A): the sign keeps its place, the new pixels show at once.
    const plan = alphaProtocol.show({ slides: slides([3, 1, 2]) }, target);
    for (const e of plan.exchanges.filter((x) => x.writes?.startsWith("dots"))) r.sign.receive(e.bytes);
    expect(r.showing()).toMatchObject({ source: "TEXT A page 2 of 3 → picture Q", value: 1 });
    expect(r.sign.memory()).toMatchObject({ memoryConfigurations: 1 });
    r.sign.receive(plan.exchanges.at(-1)?.bytes ?? new Uint8Array());
    expect(r.showing()).toMatchObject({ source: "TEXT A page 1 of 3 → picture P", value: 3 });
  });

  it("is dark after a memory configuration only until the first picture is in", () => {
    const r = rig();
    const plan = alphaProtocol.show({ slides: slides([1, 2, 3]) }, target);
    const [config, provisional, first, ...rest] = plan.exchanges;
    for (const e of [config, provisional]) r.sign.receive(e?.bytes ?? new Uint8Array());
    expect(r.sign.display()).toBeUndefined();
    r.sign.receive(first?.bytes ?? new Uint8Array());
    // P (the smallest) shows, held, while Q, R and the whole TEXT A follow.
    expect(r.showing()).toEqual({ source: "TEXT A → picture P", mode: "hold", value: 1, width: 32 });
    for (const e of rest.slice(0, -1)) r.sign.receive(e.bytes);
    expect(r.showing()).toMatchObject({ source: "TEXT A → picture P", value: 1 });
    r.sign.receive(rest.at(-1)?.bytes ?? new Uint8Array());
    expect(r.showing()).toMatchObject({ source: "TEXT A page 1 of 3 → picture P" });
  });

  it("dumps every picture it holds and the pages it plays", () => {
    const r = rig();
    r.send([1, 2, 3]);
    const memory = r.sign.memory() as { files: Record<string, Record<string, unknown>> };
    expect(memory.files.P).toMatchObject({
      type: "dots",
      width: 32,
      height: 8,
      rows: Array(8).fill("1".repeat(32)),
    });
    expect(memory.files.Q).toMatchObject({ type: "dots", width: 64, rows: Array(8).fill("2".repeat(64)) });
    expect(memory.files.R).toMatchObject({ type: "dots", height: 16, rows: Array(16).fill("3".repeat(32)) });
    expect(memory.files.A).toMatchObject({
      type: "text",
      pages: [
        { mode: "hold", pictures: ["P"], ms: 4000 },
        { mode: "rotate", pictures: ["Q"], ms: 4000 },
        { mode: "scroll", pictures: ["R"], ms: 10000 },
      ],
    });
    r.sign.powerLoss();
    expect(r.sign.display()).toBeUndefined();
    expect(r.sign.nextChangeInMs()).toBeUndefined();
  });

  it("plays faster on request, and takes the speed from the environment", () => {
    let now = 0;
    const sign = new AlphaSign({ ...panel, speed: 8, now: () => now });
    for (const e of alphaProtocol.show({ slides: slides([1, 2, 3]) }, target).exchanges)
      sign.receive(e.bytes);
    expect(sign.nextChangeInMs()).toBe(ALPHA_HOLD_MS / 8);
    now += ALPHA_HOLD_MS / 8;
    expect(sign.display()?.slide?.index).toBe(1);
    expect(emulatorSpeedFromEnv({})).toBe(1);
    expect(emulatorSpeedFromEnv({ GATECAST_SIGN_EMULATOR_SPEED: "20" })).toBe(20);
    expect(() => emulatorSpeedFromEnv({ GATECAST_SIGN_EMULATOR_SPEED: "fast" })).toThrow(RangeError);
    expect(createEmulatedSign({ protocol: "alpha", ...panel, speed: 3 }).memory()).toMatchObject({
      speed: 3,
    });
  });

  it("records every turn in frames.jsonl as it plays, with no bytes from the host", async () => {
    const link = memoryLink("emulator-test");
    const sign = new AlphaSign({ ...panel, speed: 40 });
    const out = tempDir("gatecast-emulator-");
    const host = new EmulatorHost({
      sign,
      open: link.b.open,
      device: "b",
      logger: createLogger("silent", false),
      output: new EmulatorOutput(out),
    });
    await host.start();
    const line = await link.a.open({ data: () => undefined, close: () => undefined });
    try {
      const { exchanges } = alphaProtocol.show({ slides: slides([1, 2, 3]) }, target);
      for (const e of exchanges) await line.write(e.bytes);
      const sent = exchanges.reduce((n, e) => n + e.bytes.length, 0);
      await waitFor(async () => (sign.stats.bytesReceived === sent ? true : undefined));
      const records = () =>
        readFileSync(path.join(out, "frames.jsonl"), "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as DisplayRecord);
      // Turns 1 → 2 → 3 → 1 → 2 in about 0.9 s, at 40 times a real sign's pace.
      const played = await waitFor(async () => {
        const lit = records().filter((r) => r.lit && r.slides === 3);
        return lit.length >= 5 ? lit : undefined;
      }, 180_000);
      expect(played.slice(0, 5).map((r) => r.slide)).toEqual([1, 2, 3, 1, 2]);
      expect(played[1]).toMatchObject({
        mode: "rotate",
        width: 64,
        source: "TEXT A page 2 of 3 → picture Q",
      });
      expect(sign.stats.bytesReceived).toBe(sent);
      const memory = JSON.parse(readFileSync(path.join(out, "memory.json"), "utf8"));
      expect(Object.keys(memory.files).sort()).toEqual(["A", "P", "Q", "R"]);
      expect(memory.stats.bytesReceived).toBe(sent);
    } finally {
      await line.close();
      await host.stop();
    }
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

  it("writes its one picture as slides/01-dynamic-area-0.png, and none once it is dark", () => {
    const out = tempDir("gatecast-emulator-out-");
    const output = new EmulatorOutput(out);
    const sign = new Bx5Sign({ width: 16, height: 8 });
    const bitmap = { width: 16, height: 8, pixels: new Uint8Array(128).fill(1) };
    const area = { areaId: 0, x: 0, y: 0, width: 16, height: 8, mode: "static" as const, speed: 4 };
    sign.receive(
      request(
        encodeBx5Command({ kind: "dynamicArea", area: { ...area, staySeconds: 3, planes: 2, bitmap } }),
      ),
    );
    expect(output.slides(sign)).toEqual(["01-dynamic-area-0.png"]);
    // Unchanged: nothing rewritten.
    expect(output.slides(sign)).toBeUndefined();
    expect(readdirSync(path.join(out, "slides"))).toEqual(["01-dynamic-area-0.png"]);
    expect(readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    sign.powerLoss();
    expect(output.slides(sign)).toEqual([]);
    expect(readdirSync(path.join(out, "slides"))).toEqual([]);
  });
});
