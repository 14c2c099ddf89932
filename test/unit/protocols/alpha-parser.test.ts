import { describe, expect, it } from "vitest";
import {
  AlphaParser,
  type AlphaTransmission,
  decodeAlphaCommand,
  encodeAlphaCommands,
} from "../../../controller/src/signs/protocols/alpha/index.js";
import type { ParseEvent } from "../../../controller/src/signs/protocols/types.js";
import { chunkings, concat, feed, hex, Rng, randomChunks, show } from "./helpers.js";

// Fixture 4's captured reply, verbatim, and the run of NULs it arrived after.
const REPLY = hex("01 30 30 30 02 41 41 1B 20 6F 1C 43 68 65 6C 6C 6F 03 30 33 41 34 04");
const NULS = hex("00 00 00 00 00 00 00 00");
const BAD_CHECKSUM_REPLY = hex("01 30 30 30 02 41 41 1B 20 6F 1C 43 68 65 6C 6C 6F 03 30 33 41 35 04");

function expectReply(event: ParseEvent<AlphaTransmission> | undefined): void {
  expect(event?.ok).toBe(true);
  if (!event?.ok) return;
  expect(show(event.raw)).toBe(show(REPLY));
  expect(event.frame.typeCode).toBe("0");
  expect(event.frame.address).toBe("00");
  const [packet] = event.frame.packets;
  expect(packet?.checksum).toBe("verified");
  if (packet === undefined) return;
  expect(decodeAlphaCommand(packet)).toEqual({
    kind: "writeText",
    label: "A",
    position: "middle",
    mode: "auto",
    text: "\x1cChello",
  });
}

describe("alpha stream parser", () => {
  it("finds the captured reply after NULs, split at every possible pair of chunk boundaries", () => {
    const stream = concat(NULS, REPLY);
    let ways = 0;
    for (const chunks of chunkings(stream)) {
      const events = feed(new AlphaParser(), chunks);
      expect(events).toHaveLength(1);
      expectReply(events[0]);
      ways++;
    }
    expect(ways).toBeGreaterThan(400);
  });

  it("skips noise before a frame", () => {
    const rng = new Rng(7);
    for (let n = 0; n < 200; n++) {
      // Noise without SOH: anything else is skipped silently.
      const noise = Uint8Array.from(rng.bytes(rng.int(0, 40)), (b) => (b === 0x01 ? 0x55 : b));
      const events = feed(new AlphaParser(), randomChunks(concat(noise, REPLY), rng));
      expect(events, `case ${n}`).toHaveLength(1);
      expectReply(events[0]);
    }
  });

  it("reports a frame cut short by a new SOH, then parses the next one", () => {
    const events = feed(new AlphaParser(), [hex("FF 01 30 30 30 02 41"), REPLY]);
    expect(events.map((e) => e.ok)).toEqual([false, true]);
    expect(events[0]?.ok === false && events[0].error).toBe("frame cut short: SOH before EOT");
    expect(events[0]?.ok === false && show(events[0].raw)).toBe("01 30 30 30 02 41");
    expectReply(events[1]);
  });

  it("reports a bad checksum as an event, not an exception, and carries on", () => {
    const parser = new AlphaParser();
    const events = feed(parser, [concat(NULS, BAD_CHECKSUM_REPLY, NULS, REPLY)]);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      ok: false,
      error: "bad checksum in packet 1 (A): received 03A5, computed 03A4",
      raw: BAD_CHECKSUM_REPLY,
    });
    expectReply(events[1]);
  });

  it("gives back-to-back frames in random chunks in order", () => {
    const rng = new Rng(99);
    const frames = [
      encodeAlphaCommands([{ kind: "setTime", hour: 7, minute: 30 }]),
      REPLY,
      encodeAlphaCommands([{ kind: "readText", label: "A" }], { checksum: false }),
      encodeAlphaCommands([{ kind: "softReset" }, { kind: "readString", label: "1" }]),
    ];
    for (let n = 0; n < 50; n++) {
      const events = feed(new AlphaParser(), randomChunks(concat(...frames), rng, 5));
      expect(events.map((e) => e.ok && e.frame.packets.map((p) => p.command).join(""))).toEqual([
        "E",
        "A",
        "B",
        "EH",
      ]);
    }
  });

  it("drops a frame that grows past the limit, then finds the next", () => {
    const parser = new AlphaParser(32);
    const long = concat(hex("01 5A 30 30 02 41 41"), new Uint8Array(40).fill(0x41));
    const events = feed(parser, [long, REPLY]);
    expect(events.map((e) => e.ok)).toEqual([false, true]);
    expect(events[0]?.ok === false && events[0].error).toBe("frame longer than 32 bytes");
  });

  it("reset forgets a half-received frame", () => {
    const parser = new AlphaParser();
    expect(parser.push(REPLY.subarray(0, 10))).toEqual([]);
    parser.reset();
    // The tail alone has no SOH: it is noise.
    expect(parser.push(REPLY.subarray(10))).toEqual([]);
    expect(parser.push(REPLY)).toHaveLength(1);
  });
});
