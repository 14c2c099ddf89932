/**
 * Several slides on one Alpha sign: one memory configuration (TEXT A + a SMALL DOTS file per slide), the
 * pictures, and TEXT A with one page per slide (mode field + picture call), played by the sign itself.
 */
import { describe, expect, it } from "vitest";
import {
  type AlphaCommand,
  alphaProtocol,
  decodeHostTransmission,
  encodeAlphaCommand,
  encodeAlphaCommands,
  encodeAlphaTransmission,
  modeField,
  textPages,
} from "../../../controller/src/signs/protocols/alpha/index.js";
import type {
  Bitmap,
  Exchange,
  ShowSlide,
  SignProtocol,
  SignTarget,
} from "../../../controller/src/signs/protocols/types.js";
import { hex, show } from "./helpers.js";

/**
 * Golden frames written out by hand from the manual's layout (not by our encoder); checksums are the sums
 * of the bytes from STX through ETX, added up by hand.
 */
const GOLDEN_MEMORY_CONFIG =
  // NULs, SOH, type Z, address 00, STX, E $
  "00 00 00 00 00 01 5A 30 30 02 45 24 " +
  // A A U 0040 FF00: TEXT A, unlocked, 64 bytes, always on
  "41 41 55 30 30 34 30 46 46 30 30 " +
  // P D U 10 60 2000: DOTS P, unlocked, 16 rows × 96 columns, 3 colours
  "50 44 55 31 30 36 30 32 30 30 30 " +
  // Q D U 10 FF 2000: DOTS Q, 16 rows × 255 columns
  "51 44 55 31 30 46 46 32 30 30 30 " +
  // R D U 10 60 2000: DOTS R, 16 rows × 96 columns
  "52 44 55 31 30 36 30 32 30 30 30 " +
  // ETX, checksum 0A74 (110 + 647 + 626 + 665 + 628 = 2676), EOT
  "03 30 41 37 34 04";

const GOLDEN_TEXT_THREE_PICTURES =
  // NULs, SOH, type Z, address 00, STX, A (write TEXT), label A
  "00 00 00 00 00 01 5A 30 30 02 41 41 " +
  // ESC fill 'b' hold, call picture P
  "1B 30 62 14 50 " +
  // ESC fill 'a' rotate, call picture Q
  "1B 30 61 14 51 " +
  // ESC fill 'm' scroll, call picture R
  "1B 30 6D 14 52 " +
  // ETX, checksum 03C7, EOT
  "03 30 33 43 37 04";

/** TEXT A of one page calling P, held: what the sign shows while the other pictures load. */
const GOLDEN_TEXT_PROVISIONAL =
  // NULs, SOH, Z, 00, STX A A, ESC fill 'b' hold, call picture P, ETX, checksum 0198, EOT
  "00 00 00 00 00 01 5A 30 30 02 41 41 1B 30 62 14 50 03 30 31 39 38 04";

const TARGET: SignTarget = {
  colours: 3,
  panel: { width: 96, height: 16 },
  memory: { textFiles: 8, pictureFiles: 8, bytes: 32768 },
};

function picture(width: number, value: number, height = 16): Bitmap {
  return { width, height, pixels: new Uint8Array(width * height).fill(value) };
}

const slide = (bitmap: Bitmap, effect: ShowSlide["effect"]): ShowSlide => ({
  content: { kind: "bitmap", bitmap },
  effect,
});

function commandsOf(exchanges: readonly { readonly bytes: Uint8Array }[]): AlphaCommand[] {
  return exchanges.flatMap((e) => {
    const d = decodeHostTransmission(e.bytes);
    return d.ok ? d.value.commands : [];
  });
}

/** What a driver does with a reply: parse the bytes, offer each frame to the matcher. */
function answer<F, R>(protocol: SignProtocol<F>, exchange: Exchange<F, R>, bytes: Uint8Array) {
  const frames = protocol
    .createParser()
    .push(bytes)
    .flatMap((e) => (e.ok ? [e.frame] : []));
  expect(frames).toHaveLength(1);
  return frames[0] === undefined ? undefined : exchange.reply?.match(frames[0]);
}

describe("alpha golden frames for several slides", () => {
  it("encodes a memory configuration of TEXT A and three DOTS pictures byte for byte", () => {
    const command: AlphaCommand = {
      kind: "memoryConfig",
      records: [
        { type: "text", label: "A", locked: false, size: 0x40, startTime: 0xff, stopTime: 0x00 },
        { type: "dots", label: "P", locked: false, width: 96, height: 16, colours: 3 },
        { type: "dots", label: "Q", locked: false, width: 255, height: 16, colours: 3 },
        { type: "dots", label: "R", locked: false, width: 96, height: 16, colours: 3 },
      ],
    };
    expect(show(encodeAlphaCommands([command]))).toBe(show(hex(GOLDEN_MEMORY_CONFIG)));
    const decoded = decodeHostTransmission(hex(GOLDEN_MEMORY_CONFIG));
    expect(decoded.ok && decoded.value.commands).toEqual([command]);
  });

  it("encodes TEXT A calling three pictures, each page in its own mode, byte for byte", () => {
    const text = `\x14P${modeField("fill", "rotate")}\x14Q${modeField("fill", "scroll")}\x14R`;
    const command: AlphaCommand = { kind: "writeText", label: "A", position: "fill", mode: "hold", text };
    expect(show(encodeAlphaTransmission([encodeAlphaCommand(command)]))).toBe(
      show(hex(GOLDEN_TEXT_THREE_PICTURES)),
    );
    const decoded = decodeHostTransmission(hex(GOLDEN_TEXT_THREE_PICTURES));
    expect(decoded.ok && decoded.value.commands).toEqual([command]);
    expect(textPages(command)).toEqual([
      { position: "fill", mode: "hold", text: "\x14P" },
      { position: "fill", mode: "rotate", text: "\x14Q" },
      { position: "fill", mode: "scroll", text: "\x14R" },
    ]);
  });

  it("the protocol's plan for three slides is exactly those frames around the pictures", () => {
    const slides = [
      slide(picture(96, 1), "hold"),
      slide(picture(255, 2), "scrollLeft"),
      slide(picture(96, 3), "scrollUp"),
    ];
    const plan = alphaProtocol.show({ slides }, TARGET);
    // After the configuration, a provisional TEXT A calling the smallest picture (P; R is as small), sent
    // first: the sign is dark only until P is in, and shows it while Q and R load.
    expect(plan.exchanges.map((e) => [e.name, e.pauseAfterMs, e.writes])).toEqual([
      ["alpha memoryConfig", 500, undefined],
      ["alpha writeText A (provisional)", 0, undefined],
      ["alpha writeSmallDots P", 100, "dots P"],
      ["alpha writeSmallDots Q", 100, "dots Q"],
      ["alpha writeSmallDots R", 100, "dots R"],
      ["alpha writeText A", 0, "text A"],
    ]);
    expect(show(plan.exchanges[0]?.bytes ?? new Uint8Array())).toBe(show(hex(GOLDEN_MEMORY_CONFIG)));
    expect(show(plan.exchanges[1]?.bytes ?? new Uint8Array())).toBe(show(hex(GOLDEN_TEXT_PROVISIONAL)));
    expect(show(plan.exchanges[5]?.bytes ?? new Uint8Array())).toBe(show(hex(GOLDEN_TEXT_THREE_PICTURES)));
    expect(commandsOf(plan.exchanges.slice(2, 5))).toEqual([
      { kind: "writeSmallDots", label: "P", ...picture(96, 1) },
      { kind: "writeSmallDots", label: "Q", ...picture(255, 2) },
      { kind: "writeSmallDots", label: "R", ...picture(96, 3) },
    ]);
    // Written in place, the configuration and the provisional TEXT A are skipped.
    expect(plan.layout).toEqual({ key: expect.any(String), exchanges: 2 });
    expect(plan.notShown).toBeUndefined();
  });
});

describe("alpha plans of several slides", () => {
  const three = (value: number) => [
    slide(picture(96, value), "hold"),
    slide(picture(200, value), "scrollLeft"),
    slide(picture(96, value, 48), "scrollUp"),
  ];

  it("reads back the whole of TEXT A, every page of it", () => {
    const plan = alphaProtocol.show({ slides: three(1) }, TARGET);
    const verify = plan.verify;
    if (!verify) throw new Error("an Alpha plan reads back");
    const stored = commandsOf(plan.exchanges.slice(-1))[0] as AlphaCommand & { kind: "writeText" };
    const reply = (text: string) =>
      encodeAlphaCommands([{ ...stored, text }], { typeCode: "0", address: "00", syncCount: 0 });
    expect(answer(alphaProtocol, verify, reply(stored.text))).toEqual({ ok: true, value: true });
    // The factory TEXT A after a power cut, or the first pages only: not what we sent.
    expect(answer(alphaProtocol, verify, reply(""))).toEqual({ ok: true, value: false });
    expect(answer(alphaProtocol, verify, reply(stored.text.slice(0, 7)))).toEqual({ ok: true, value: false });
  });

  it("names the same layout for slides of the same sizes and modes, another for other sizes", () => {
    const a = alphaProtocol.show({ slides: three(1) }, TARGET);
    const b = alphaProtocol.show({ slides: three(2) }, TARGET);
    expect(b.layout?.key).toBe(a.layout?.key);
    // Same files, same TEXT A: only the pictures' bytes differ.
    const same = (file: string) => {
      const [x, y] = [a, b].map((p) => p.exchanges.find((e) => e.writes === file)?.bytes);
      return x !== undefined && y !== undefined && Buffer.from(x).equals(Buffer.from(y));
    };
    expect(["text A", "dots P", "dots Q", "dots R"].map(same)).toEqual([true, false, false, false]);
    const wider = three(1).map((s, i) => (i === 1 ? slide(picture(201, 1), "scrollLeft") : s));
    expect(alphaProtocol.show({ slides: wider }, TARGET).layout?.key).not.toBe(a.layout?.key);
  });

  it("keeps as many slides as the sign's picture files hold and says why the rest are left out", () => {
    const slides = Array.from({ length: 11 }, (_, i) => slide(picture(255, (i % 3) + 1), "scrollLeft"));
    expect(alphaProtocol.maxSlides?.(TARGET)).toBe(8);
    const plan = alphaProtocol.show({ slides }, TARGET);
    const [config] = commandsOf(plan.exchanges.slice(0, 1));
    expect(config?.kind === "memoryConfig" && config.records.map((r) => `${r.label}:${r.type}`)).toEqual([
      "A:text",
      ..."PQRSTUVW".split("").map((l) => `${l}:dots`),
    ]);
    expect(plan.notShown).toEqual([8, 9, 10].map((i) => ({ slide: i, reason: "the sign holds 8 pictures" })));
  });

  it("counts the sign's bytes: a picture that does not fit is left out, a later smaller one still goes", () => {
    const small: SignTarget = { ...TARGET, memory: { pictureFiles: 8, bytes: 6000 } };
    const slides = [
      slide(picture(255, 1), "scrollLeft"), // 4080 bytes
      slide(picture(96, 1, 32), "scrollUp"), // 3072 bytes: over what is left
      slide(picture(96, 2), "hold"), // 1536 bytes
    ];
    const plan = alphaProtocol.show({ slides }, small);
    expect(plan.notShown).toEqual([
      { slide: 1, reason: "its 96×32 picture takes 3072 bytes, 1856 of the sign's 6000 are free" },
    ]);
    const text = commandsOf(plan.exchanges.slice(-1))[0];
    expect(text).toMatchObject({
      kind: "writeText",
      mode: "rotate",
      text: `\x14P${modeField("fill", "hold")}\x14Q`,
    });
  });

  it("shows a dark panel, and says why, when not one slide fits", () => {
    const tiny: SignTarget = { ...TARGET, memory: { pictureFiles: 8, bytes: 1000 } };
    const plan = alphaProtocol.show({ slides: [slide(picture(96, 1), "hold")] }, tiny);
    expect(plan.notShown).toEqual([
      { slide: 0, reason: "its 96×16 picture takes 1536 bytes, 936 of the sign's 1000 are free" },
    ]);
    expect(commandsOf(plan.exchanges)).toEqual([
      {
        kind: "memoryConfig",
        records: [{ type: "text", label: "A", locked: false, size: 64, startTime: 0xff, stopTime: 0 }],
      },
      { kind: "writeText", label: "A", position: "fill", mode: "hold", text: "" },
    ]);
  });

  it("mixes native text pages with picture pages, and refuses what it cannot carry", () => {
    const plan = alphaProtocol.show(
      {
        slides: [
          { content: { kind: "text", text: "OPEN 24H" }, effect: "flash" },
          slide(picture(96, 1), "hold"),
        ],
      },
      TARGET,
    );
    expect(commandsOf(plan.exchanges.slice(-1))).toEqual([
      {
        kind: "writeText",
        label: "A",
        position: "fill",
        mode: "flash",
        text: `OPEN 24H${modeField("fill", "hold")}\x14P`,
      },
    ]);
    expect(() =>
      alphaProtocol.show({ slides: [slide(picture(96, 1), "hold"), slide(picture(300, 1), "hold")] }, TARGET),
    ).toThrow(RangeError);
    expect(() => alphaProtocol.show({ slides: [] }, TARGET)).toThrow(RangeError);
    expect(() =>
      alphaProtocol.show(
        { slides: [slide(picture(96, 1), "hold"), slide(picture(96, 2), "hold")] },
        { ...TARGET, colours: 1 },
      ),
    ).toThrow(RangeError);
  });

  it("splits a TEXT file into pages, keeping an ESC that starts no mode field in the text", () => {
    expect(textPages({ text: "PLAIN" })).toEqual([{ text: "PLAIN" }]);
    expect(
      textPages({ position: "middle", mode: "hold", text: `A\x1bZB${modeField("top", "special", "0")}C` }),
    ).toEqual([
      { position: "middle", mode: "hold", text: "A\x1bZB" },
      { position: "top", mode: "special", special: "0", text: "C" },
    ]);
    expect(() => modeField("fill", "special")).toThrow(RangeError);
    expect(() => modeField("fill", "hold", "0")).toThrow(RangeError);
  });
});
