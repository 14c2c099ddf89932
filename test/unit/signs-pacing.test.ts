import { describe, expect, it } from "vitest";
import type { SignProfile } from "../../controller/src/config/sign-profile-schema.js";
import {
  bitsPerChar,
  chunkBytesFor,
  MAX_CHUNK_BYTES,
  type SerialSettings,
  serialSettingsFor,
  wireTimeMs,
} from "../../controller/src/signs/driver/line.js";
import { LinePacer, type PacedSink } from "../../controller/src/signs/driver/pacer.js";
import { backoffDelay, RECONNECT_BACKOFF, type Timer } from "../../controller/src/signs/driver/timing.js";

const s = (
  baudRate: number,
  dataBits: 7 | 8,
  parity: SerialSettings["parity"],
  stopBits: 1 | 2,
): SerialSettings => ({
  baudRate,
  dataBits,
  parity,
  stopBits,
});

/** A timer whose time moves only when someone sleeps: every sleep lands exactly on time. */
function fakeTimer(): Timer & { t: number } {
  const timer = {
    t: 0,
    now: () => timer.t,
    sleep: async (ms: number) => {
      timer.t += Math.max(0, ms);
    },
  };
  return timer;
}

describe("line arithmetic", () => {
  it("counts start, data, parity and stop bits", () => {
    expect(bitsPerChar(s(9600, 7, "even", 1))).toBe(10);
    expect(bitsPerChar(s(4800, 7, "even", 2))).toBe(11);
    expect(bitsPerChar(s(9600, 8, "none", 1))).toBe(10);
    expect(bitsPerChar(s(9600, 8, "odd", 2))).toBe(12);
  });

  it("gives the line-rate minimum of a write", () => {
    // 960 characters of 10 bits at 9600 baud: exactly one second.
    expect(wireTimeMs(960, s(9600, 7, "even", 1))).toBeCloseTo(1000, 9);
    expect(wireTimeMs(1000, s(4800, 7, "even", 2))).toBeCloseTo((1000 * 11 * 1000) / 4800, 9);
  });

  it("chunks about 16 ms of line time, never more than a small FIFO takes", () => {
    expect(chunkBytesFor(s(9600, 7, "even", 1))).toBe(15);
    expect(chunkBytesFor(s(1200, 8, "none", 1))).toBe(1);
    expect(chunkBytesFor(s(115200, 8, "none", 1))).toBe(MAX_CHUNK_BYTES);
  });

  it("takes the site's per-unit overrides over the profile's settings", () => {
    const profile = { serial: { baudRate: 9600, dataBits: 7, parity: "even", stopBits: 1 } } as SignProfile;
    expect(serialSettingsFor(profile, {})).toEqual(s(9600, 7, "even", 1));
    expect(serialSettingsFor(profile, { serial: { baudRate: 4800, stopBits: 2 } })).toEqual(
      s(4800, 7, "even", 2),
    );
  });
});

describe("LinePacer", () => {
  it("keeps at most two chunks ahead of the wire and ends at the line-rate minimum", async () => {
    const timer = fakeTimer();
    const settings = s(9600, 7, "even", 1);
    const charMs = wireTimeMs(1, settings);
    const pacer = new LinePacer(charMs, 15, timer);
    const writes: { at: number; n: number }[] = [];
    const sink: PacedSink = {
      write: async (b) => {
        writes.push({ at: timer.t, n: b.length });
      },
      drain: async () => undefined,
    };
    const result = await pacer.write(sink, new Uint8Array(1000), undefined);
    expect(writes.reduce((n, w) => n + w.n, 0)).toBe(1000);
    expect(writes.map((w) => w.at)).toEqual(pacer.schedule(1000));
    // Bytes written but not yet on the wire, at every write: never more than two chunks.
    let sent = 0;
    for (const w of writes) {
      sent += w.n;
      const onWire = Math.min(sent, Math.floor(w.at / charMs + 1e-9));
      expect(sent - onWire).toBeLessThanOrEqual(30);
    }
    expect(result.endedAt - result.startedAt).toBeCloseTo(1000 * charMs, 6);
    expect(timer.t).toBeCloseTo(1000 * charMs, 6);
  });

  it("stops between chunks when aborted", async () => {
    const timer = fakeTimer();
    const pacer = new LinePacer(1, 10, timer);
    const abort = new AbortController();
    let written = 0;
    const sink: PacedSink = {
      write: async (b) => {
        written += b.length;
        if (written >= 30) abort.abort(new Error("newer content"));
      },
      drain: async () => undefined,
    };
    await expect(pacer.write(sink, new Uint8Array(100), abort.signal)).rejects.toThrow("newer content");
    expect(written).toBe(30);
  });
});

describe("backoff", () => {
  it("doubles from 0.5 s to a 30 s cap, jittered by ±20 %", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 7, 8, 20].map((n) => backoffDelay(RECONNECT_BACKOFF, n, mid))).toEqual([
      500, 1000, 2000, 4000, 30_000, 30_000, 30_000,
    ]);
    expect(backoffDelay(RECONNECT_BACKOFF, 1, () => 0)).toBe(400);
    expect(backoffDelay(RECONNECT_BACKOFF, 1, () => 1)).toBe(600);
    expect(backoffDelay(RECONNECT_BACKOFF, 10, () => 1)).toBe(30_000);
  });
});
