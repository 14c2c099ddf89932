/**
 * A serial line that hangs up while a read is waiting (a USB converter pulled out, socat killed) must
 * end the connection at once, every time, so the driver reconnects. serialport's own Unix binding
 * retries a read that returns no bytes, which is what a hung-up tty answers: the port then spins,
 * never closes, and grows the heap, in about 3 pulls out of 10.
 */
import { describe, expect, it } from "vitest";
import { serialTransport } from "../../controller/src/signs/driver/transport.js";
import { LONG } from "../helpers/adversarial.js";
import { ptyPair } from "../helpers/pty.js";

const SERIAL = { baudRate: 9600, dataBits: 8, parity: "none", stopBits: 1 } as const;

describe("a serial line that hangs up", () => {
  // Within a second on an idle machine (asserted under SOAK_LONG); `npm test` on a busy one waits up to a
  // minute, which still tells a closed line from one that spins and never closes.
  it("closes the transport, twenty pulls out of twenty", async () => {
    const pair = await ptyPair();
    const limitMs = LONG ? 1000 : 60_000;
    let closedInTime = 0;
    let slowestMs = 0;
    for (let pull = 0; pull < 20; pull++) {
      let closed: (() => void) | undefined;
      const whenClosed = new Promise<void>((resolve) => {
        closed = resolve;
      });
      const transport = await serialTransport(
        pair.a,
        SERIAL,
      )({ data: () => undefined, close: () => closed?.() });
      // The far end talks all the time, so reads are under way when the line goes.
      const far = await serialTransport(pair.b, SERIAL)({ data: () => undefined, close: () => undefined });
      const chatter = setInterval(() => {
        far.write(new Uint8Array(64).fill(0x41)).catch(() => undefined);
        transport.write(new Uint8Array([0x01, 0x02, 0x03])).catch(() => undefined);
      }, 2);
      await new Promise((r) => setTimeout(r, 20 + (pull % 5) * 7));
      await pair.unplug();
      clearInterval(chatter);
      await far.close();
      const pulledAt = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const inTime = await Promise.race([
        whenClosed.then(() => true),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), limitMs);
        }),
      ]);
      clearTimeout(timer);
      slowestMs = Math.max(slowestMs, performance.now() - pulledAt);
      if (inTime) closedInTime++;
      await transport.close();
      await pair.replug();
    }
    console.log(`serial hang-up: slowest close ${slowestMs.toFixed(0)} ms after the pull (1000 ms idle)`);
    expect(closedInTime).toBe(20);
  }, 180_000);
});
