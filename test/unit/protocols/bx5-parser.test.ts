import { describe, expect, it } from "vitest";
import {
  Bx5Parser,
  decodeBx5Command,
  encodeBx5Command,
  encodeBx5Frame,
  replyHeader,
  requestHeader,
} from "../../../controller/src/signs/protocols/bx5/index.js";
import { chunkings, concat, feed, hex, Rng, randomChunks, show } from "./helpers.js";

// Fixture 5, verbatim.
const PING = hex(
  "A5 A5 A5 A5 A5 A5 A5 A5 FE FF 00 80 F0 00 FE FF 00 00 00 00 05 00 00 00 01 A2 00 00 00 C6 86 5A",
);
// A frame whose data and CRC are full of escapes (see bx5-commands.test.ts).
const ESCAPED = hex(
  "A5 A5 A5 A5 A5 A5 A5 A5 01 00 00 80 F0 00 FE FF 00 00 00 00 1C 00 00 00 " +
    "01 A7 00 00 00 00 A6 02 5B 02 5B 01 A6 01 08 00 01 00 01 01 00 00 01 08 00 01 00 01 00 00 00 5B 02 " +
    "D1 E0 5A",
);
const ACK = encodeBx5Frame({
  header: replyHeader(requestHeader(1), 1),
  data: encodeBx5Command({ kind: "ack", of: { group: 0xa7, code: 0 } }),
});

describe("bx5 stream parser", () => {
  it("finds the reference ping split at every possible pair of chunk boundaries", () => {
    let ways = 0;
    for (const chunks of chunkings(PING)) {
      const events = feed(new Bx5Parser(), chunks);
      expect(events).toHaveLength(1);
      const [e] = events;
      expect(e?.ok).toBe(true);
      if (!e?.ok) return;
      expect(show(e.raw)).toBe(show(PING));
      expect(e.frame.header.destination).toBe(0xfffe);
      expect(decodeBx5Command(e.frame.data).command).toEqual({ kind: "ping" });
      ways++;
    }
    expect(ways).toBeGreaterThan(500);
  });

  it("unescapes correctly wherever the chunks split an escape pair", () => {
    for (const chunks of chunkings(ESCAPED)) {
      const events = feed(new Bx5Parser(), chunks);
      expect(events).toHaveLength(1);
      const e = events[0];
      expect(e?.ok && e.frame.data[6]).toBe(0xa5);
      const cmd = e?.ok ? decodeBx5Command(e.frame.data).command : undefined;
      expect(cmd?.kind === "dynamicArea" && [cmd.area.x, cmd.area.y]).toEqual([0x5aa5, 0xa65b]);
    }
  });

  it("skips noise before a frame (noise without A5 is silent)", () => {
    const rng = new Rng(17);
    for (let n = 0; n < 200; n++) {
      const noise = Uint8Array.from(rng.bytes(rng.int(0, 40)), (b) => (b === 0xa5 ? 0x00 : b));
      const events = feed(new Bx5Parser(), randomChunks(concat(noise, PING), rng));
      expect(events, `case ${n}`).toHaveLength(1);
      expect(events[0]?.ok).toBe(true);
    }
  });

  it("noise holding an A5 is reported as a cut-short frame, and the real frame still comes through", () => {
    const events = feed(new Bx5Parser(), [hex("11 A5 22 33"), PING]);
    expect(events.map((e) => e.ok)).toEqual([false, true]);
    expect(events[0]).toEqual({ ok: false, error: "frame cut short: A5 before 5A", raw: hex("A5 22 33") });
  });

  it("reports a bad CRC as an event, not an exception, and carries on", () => {
    const bad = PING.slice();
    bad[29] = 0xc7;
    const events = feed(new Bx5Parser(), [concat(bad, PING)]);
    expect(events).toEqual([
      { ok: false, error: "bad CRC: received 86C7, computed 86C6", raw: bad },
      expect.objectContaining({ ok: true }),
    ]);
  });

  it("reports a bad escape and a runt frame", () => {
    const events = feed(new Bx5Parser(), [hex("A5 A5 A6 07 5A A5 A5 01 02 5A"), PING]);
    expect(events.map((e) => (e.ok ? "ok" : e.error))).toEqual([
      "bad escape: 0xA6 followed by 0x07",
      "frame body of 2 bytes is shorter than header and CRC",
      "ok",
    ]);
  });

  it("gives back-to-back frames in random chunks in order, preambles of any length", () => {
    const rng = new Rng(3);
    const shortPreamble = encodeBx5Frame(
      { header: requestHeader(2), data: encodeBx5Command({ kind: "ping" }) },
      { preambleLength: 1 },
    );
    const stream = concat(PING, ACK, ESCAPED, shortPreamble, hex("00 00"), PING);
    for (let n = 0; n < 50; n++) {
      const events = feed(new Bx5Parser(), randomChunks(stream, rng, 9));
      expect(events.map((e) => e.ok && decodeBx5Command(e.frame.data).command.kind)).toEqual([
        "ping",
        "ack",
        "dynamicArea",
        "ping",
        "ping",
      ]);
    }
  });

  it("drops a frame that grows past the limit", () => {
    const parser = new Bx5Parser(64);
    const events = feed(parser, [hex("A5 A5"), new Uint8Array(100).fill(0x11), hex("5A"), PING]);
    expect(events.map((e) => (e.ok ? "ok" : e.error))).toEqual(["frame longer than 64 bytes", "ok"]);
  });

  it("reset forgets a half-received frame", () => {
    const parser = new Bx5Parser();
    expect(parser.push(PING.subarray(0, 15))).toEqual([]);
    parser.reset();
    expect(parser.push(PING.subarray(15))).toEqual([]);
    expect(parser.push(PING)).toHaveLength(1);
  });
});
