import { describe, expect, it } from "vitest";
import {
  decodeHostTransmission,
  encodeAlphaCommands,
} from "../../../controller/src/signs/protocols/alpha/index.js";
import {
  decodeBx5Command,
  decodeBx5Frame,
  encodeBx5Command,
  encodeBx5Frame,
  replyHeader,
  requestHeader,
} from "../../../controller/src/signs/protocols/bx5/index.js";
import {
  type Bitmap,
  type Exchange,
  isProtocolName,
  protocols,
  type SignProtocol,
  type SignTarget,
  withProtocol,
} from "../../../controller/src/signs/protocols/index.js";
import { hex } from "./helpers.js";

const TRICOLOUR: SignTarget = { colours: 3, panel: { width: 96, height: 16 } };
const MONO_1: SignTarget = { address: 1, colours: 1, panel: { width: 64, height: 16 } };
const BITMAP: Bitmap = { width: 4, height: 2, pixels: Uint8Array.of(0, 1, 2, 3, 3, 2, 1, 0) };

/** What a driver does with a reply: parse the bytes, offer each frame to the matcher. */
function answer<F, R>(protocol: SignProtocol<F>, exchange: Exchange<F, R>, bytes: Uint8Array) {
  const parser = protocol.createParser();
  const events = parser.push(bytes);
  const frames = events.flatMap((e) => (e.ok ? [e.frame] : []));
  expect(frames).toHaveLength(1);
  const [frame] = frames;
  return frame === undefined ? undefined : exchange.reply?.match(frame);
}

describe("protocol registry", () => {
  it("holds both protocols under their names", () => {
    expect(protocols.alpha.name).toBe("alpha");
    expect(protocols.bx5.name).toBe("bx5");
    expect(isProtocolName("alpha")).toBe(true);
    expect(isProtocolName("bx5")).toBe(true);
    expect(isProtocolName("toString")).toBe(false);
  });

  it("withProtocol hands over a protocol generic in its frame type", () => {
    const names = (["alpha", "bx5"] as const).map((name) =>
      withProtocol(name, (p) => {
        const ping = p.ping(TRICOLOUR);
        return `${p.name}:${ping.name}:${ping.reply === undefined ? "no reply" : "reply"}`;
      }),
    );
    expect(names).toEqual(["alpha:alpha ping (readText A):reply", "bx5:bx5 ping:reply"]);
  });
});

describe("alpha as a SignProtocol", () => {
  const alpha = protocols.alpha;

  it("shows native text: memory configuration, then TEXT file A", () => {
    expect(alpha.canShowText("OPEN 07:00")).toBe(true);
    expect(alpha.canShowText("Cửa khẩu")).toBe(false);
    const plan = alpha.show({ content: { kind: "text", text: "OPEN 07:00" }, effect: "hold" }, TRICOLOUR);
    expect(plan.exchanges.map((e) => [e.name, e.pauseAfterMs, e.reply])).toEqual([
      ["alpha memoryConfig", 500, undefined],
      ["alpha writeText A", 0, undefined],
    ]);
    const commands = plan.exchanges.map((e) => {
      const d = decodeHostTransmission(e.bytes);
      return d.ok ? d.value.commands : d.error;
    });
    expect(commands).toEqual([
      [
        {
          kind: "memoryConfig",
          records: [{ type: "text", label: "A", locked: false, size: 64, startTime: 0xff, stopTime: 0 }],
        },
      ],
      [{ kind: "writeText", label: "A", position: "fill", mode: "hold", text: "OPEN 07:00" }],
    ]);
    expect(() =>
      alpha.show({ content: { kind: "text", text: "Cửa khẩu" }, effect: "hold" }, TRICOLOUR),
    ).toThrow(RangeError);
  });

  it("shows a bitmap: configuration with a DOTS file, the picture, and a TEXT file calling it", () => {
    const plan = alpha.show({ content: { kind: "bitmap", bitmap: BITMAP }, effect: "scrollLeft" }, TRICOLOUR);
    const commands = plan.exchanges.flatMap((e) => {
      const d = decodeHostTransmission(e.bytes);
      return d.ok ? d.value.commands : [];
    });
    expect(commands).toEqual([
      {
        kind: "memoryConfig",
        records: [
          { type: "text", label: "A", locked: false, size: 64, startTime: 0xff, stopTime: 0 },
          { type: "dots", label: "P", locked: false, width: 4, height: 2, colours: 3 },
        ],
      },
      { kind: "writeSmallDots", label: "P", width: 4, height: 2, pixels: BITMAP.pixels },
      { kind: "writeText", label: "A", position: "fill", mode: "rotate", text: "\x14P" },
    ]);
    expect(() => alpha.show({ content: { kind: "bitmap", bitmap: BITMAP }, effect: "hold" }, MONO_1)).toThrow(
      RangeError,
    );
  });

  it("addresses a sign by number and verifies by reading TEXT file A back", () => {
    const plan = alpha.show({ content: { kind: "text", text: "HELLO" }, effect: "flash" }, MONO_1);
    const first = decodeHostTransmission(plan.exchanges[0]?.bytes ?? new Uint8Array());
    expect(first.ok && first.value.address).toBe("01");
    const verify = plan.verify;
    expect(verify?.name).toBe("alpha readText A");
    if (verify === undefined) return;
    const read = decodeHostTransmission(verify.bytes);
    expect(read.ok && read.value.commands).toEqual([{ kind: "readText", label: "A" }]);

    const reply = (text: string, address = "01") =>
      encodeAlphaCommands([{ kind: "writeText", label: "A", position: "fill", mode: "flash", text }], {
        typeCode: "0",
        address,
        syncCount: 0,
      });
    expect(answer(alpha, verify, reply("HELLO"))).toEqual({ ok: true, value: true });
    expect(answer(alpha, verify, reply("HELL"))).toEqual({ ok: true, value: false });
    // Another sign's reply, or the controller's own echo, is not the answer.
    expect(answer(alpha, verify, reply("HELLO", "02"))).toBeUndefined();
    expect(answer(alpha, verify, verify.bytes)).toBeUndefined();
  });

  it("takes the captured reply of fixture 4 as an answer to ping", () => {
    const ping = alpha.ping({ colours: 3, panel: { width: 80, height: 7 } });
    expect(
      answer(alpha, ping, hex("01 30 30 30 02 41 41 1B 20 6F 1C 43 68 65 6C 6C 6F 03 30 33 41 34 04")),
    ).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it("sets the clock with three nested packets, weekday counted from Sunday = 1", () => {
    // 2025-01-29 is a Wednesday.
    const ex = alpha.setClock({ year: 2025, month: 1, day: 29, hour: 8, minute: 30, second: 15 }, TRICOLOUR);
    expect(ex.reply).toBeUndefined();
    const d = decodeHostTransmission(ex.bytes);
    expect(d.ok && d.value.commands).toEqual([
      { kind: "setTime", hour: 8, minute: 30 },
      { kind: "setDate", year: 2025, month: 1, day: 29 },
      { kind: "setDayOfWeek", weekday: 4 },
    ]);
    const sunday = decodeHostTransmission(
      alpha.setClock({ year: 2025, month: 2, day: 2, hour: 0, minute: 0, second: 0 }, TRICOLOUR).bytes,
    );
    expect(sunday.ok && sunday.value.commands[2]).toEqual({ kind: "setDayOfWeek", weekday: 1 });
  });

  it("describes frames for logs", () => {
    const events = alpha.createParser().push(hex("01 30 30 30 02 42 41 04"));
    expect(events[0]?.ok && alpha.describeFrame(events[0].frame)).toBe(
      "alpha type 0 address 00: B [41] none",
    );
  });
});

describe("bx5 as a SignProtocol", () => {
  const bx5 = protocols.bx5;
  const ackFrom = (sign: number, command: Parameters<typeof encodeBx5Command>[0]) =>
    encodeBx5Frame({ header: replyHeader(requestHeader(sign), sign), data: encodeBx5Command(command) });

  it("shows a bitmap in dynamic area 0 over the whole panel and waits for the ACK", () => {
    expect(bx5.canShowText("OPEN")).toBe(false);
    const plan = bx5.show(
      { content: { kind: "bitmap", bitmap: BITMAP }, effect: "scrollLeft", holdSeconds: 7 },
      TRICOLOUR,
    );
    expect(plan.verify).toBeUndefined();
    expect(plan.exchanges).toHaveLength(1);
    const [ex] = plan.exchanges;
    if (ex === undefined) return;
    expect(ex.name).toBe("bx5 dynamicArea 0");
    const frame = decodeBx5Frame(ex.bytes);
    expect(frame.ok && frame.value.header.destination).toBe(0xfffe);
    expect(frame.ok && decodeBx5Command(frame.value.data)).toEqual({
      replyWanted: true,
      command: {
        kind: "dynamicArea",
        area: {
          areaId: 0,
          x: 0,
          y: 0,
          width: 96,
          height: 16,
          mode: "continuousLeft",
          speed: 4,
          staySeconds: 7,
          planes: 2,
          bitmap: BITMAP,
        },
      },
    });
    expect(answer(bx5, ex, ackFrom(1, { kind: "ack", of: { group: 0xa7, code: 0 } }))).toEqual({
      ok: true,
      value: undefined,
    });
    expect(answer(bx5, ex, ackFrom(1, { kind: "ack" }))).toEqual({ ok: true, value: undefined });
    expect(answer(bx5, ex, ackFrom(1, { kind: "nak", of: { group: 0xa7, code: 0 }, reason: 2 }))).toEqual({
      ok: false,
      error: "sign refused bx5 dynamicArea 0 (NAK, reason 0x02)",
    });
    // The ACK of some other command is not ours.
    expect(answer(bx5, ex, ackFrom(1, { kind: "ack", of: { group: 0xa2, code: 0 } }))).toBeUndefined();
    expect(() => bx5.show({ content: { kind: "text", text: "OPEN" }, effect: "hold" }, TRICOLOUR)).toThrow(
      RangeError,
    );
  });

  it("listens only to the addressed sign, and only to frames for the PC", () => {
    const ping = bx5.ping(MONO_1);
    const frame = decodeBx5Frame(ping.bytes);
    expect(frame.ok && frame.value.header.destination).toBe(1);
    expect(answer(bx5, ping, ackFrom(1, { kind: "ack", of: { group: 0xa2, code: 0 } }))).toEqual({
      ok: true,
      value: undefined,
    });
    expect(answer(bx5, ping, ackFrom(2, { kind: "ack", of: { group: 0xa2, code: 0 } }))).toBeUndefined();
    // The controller's own request (destination 1, not the PC) is never taken for an answer.
    expect(answer(bx5, ping, ping.bytes)).toBeUndefined();
  });

  it("sets the clock", () => {
    const ex = bx5.setClock({ year: 2025, month: 1, day: 29, hour: 8, minute: 30, second: 15 }, MONO_1);
    const frame = decodeBx5Frame(ex.bytes);
    expect(frame.ok && decodeBx5Command(frame.value.data).command).toEqual({
      kind: "setTime",
      clock: { year: 2025, month: 1, day: 29, hour: 8, minute: 30, second: 15 },
    });
    expect(answer(bx5, ex, ackFrom(1, { kind: "ack", of: { group: 0xa2, code: 3 } }))).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it("describes frames for logs", () => {
    const frame = decodeBx5Frame(
      hex("A5 A5 A5 A5 A5 A5 A5 A5 FE FF 00 80 F0 00 FE FF 00 00 00 00 05 00 00 00 01 A2 00 00 00 C6 86 5A"),
    );
    expect(frame.ok && bx5.describeFrame(frame.value)).toBe("bx5 8000→FFFE ping (reply wanted)");
  });
});
