/**
 * Load: N kiosk socket.io clients (namespace /kiosk, `hello`) stay connected while API requests arrive
 * at a steady rate; reports errors, p50/p99 latency and the controller's RSS.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { io, type Socket } from "socket.io-client";
import { KIOSK_NAMESPACE } from "../controller/src/contract/kiosk.js";
import { baseEnv, percentile, type Row, rssMb, sleep, startChild, stopChild, tempDir } from "./lib.js";

const ROUTES = [
  "/api/v1/now",
  "/api/v1/items",
  "/api/v1/schedules",
  "/healthz",
  "/api/v1/kiosk/state?channel=hall",
];

export async function load(
  kiosks: number,
  ratePerS: number,
  seconds: number,
  rssBoundMb: number,
): Promise<Row> {
  const c = await startChild({ ...baseEnv(tempDir("gatecast-soak-load-")), LOG_LEVEL: "error" });
  const sockets: Socket[] = [];
  let errors = 0;
  /** The first few failures in words, for the figures. */
  const reasons: string[] = [];
  let disconnects = 0;
  const latencies: number[] = [];
  let maxRss = 0;
  try {
    const helloMs: number[] = [];
    await Promise.all(
      Array.from({ length: kiosks }, (_, i) => {
        // A gate's kiosks are separate machines: 12 to an address keeps each under the controller's
        // per-address socket cap (16), as a LAN of kiosks would be.
        const socket = io(`${c.url}${KIOSK_NAMESPACE}`, {
          transports: ["websocket"],
          reconnection: true,
          localAddress: `127.0.${1 + Math.floor(i / 12)}.1`,
        } as Parameters<typeof io>[1]);
        sockets.push(socket);
        socket.on("disconnect", (reason) => {
          disconnects++;
          if (reasons.length < 8) reasons.push(`kiosk ${i} dropped: ${reason}`);
        });
        return new Promise<void>((resolve) => {
          socket.once("connect", () => {
            const t = performance.now();
            socket.emit(
              "hello",
              { kioskId: `soak-${i}`, name: `Soak ${i}`, channel: "hall" },
              (ack: { ok: boolean }) => {
                helloMs.push(performance.now() - t);
                if (!ack?.ok) {
                  errors++;
                  if (reasons.length < 8)
                    reasons.push(`kiosk ${i} hello: ${JSON.stringify(ack).slice(0, 160)}`);
                }
                resolve();
              },
            );
          });
          socket.once("connect_error", (error) => {
            errors++;
            if (reasons.length < 8) reasons.push(`kiosk ${i} could not connect: ${error.message}`);
            resolve();
          });
        });
      }),
    );
    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    let sent = 0;
    while (Date.now() - started < seconds * 1000) {
      const due = Math.floor(((Date.now() - started) / 1000) * ratePerS);
      while (sent < due) {
        const route = ROUTES[sent % ROUTES.length] as string;
        sent++;
        const t = performance.now();
        inFlight.push(
          fetch(`${c.url}${route}`, { signal: AbortSignal.timeout(10_000) })
            .then(async (res) => {
              await res.arrayBuffer();
              latencies.push(performance.now() - t);
              if (res.status >= 400) {
                errors++;
                if (reasons.length < 8) reasons.push(`${route} → ${res.status}`);
              }
            })
            .catch((error: Error) => {
              errors++;
              const cause = (error.cause as Error | undefined)?.message;
              if (reasons.length < 8) reasons.push(`${route}: ${error.message}${cause ? ` (${cause})` : ""}`);
            }),
        );
      }
      maxRss = Math.max(maxRss, rssMb(c.child.pid));
      await sleep(5);
    }
    await Promise.all(inFlight);
    const connected = sockets.filter((s) => s.connected).length;
    const ok = errors === 0 && connected === kiosks && disconnects === 0 && maxRss <= rssBoundMb;
    // A failed run keeps the controller's log (warnings and up) to read why.
    if (!ok) {
      const log = path.join(tempDir("gatecast-soak-load-"), "controller.log");
      writeFileSync(log, c.output());
      reasons.push(`controller log in ${log}`);
    }
    return {
      test: `load (${kiosks} kiosks + ${ratePerS} API req/s for ${seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`})`,
      figures:
        `${sent} requests, ${errors} errors, ${connected}/${kiosks} kiosks connected, ${disconnects} drops; ` +
        `hello p99 ${percentile(helloMs, 99).toFixed(0)} ms; API p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(0, ...latencies).toFixed(0)} ms; RSS max ${maxRss.toFixed(0)} MB` +
        (reasons.length ? `; first problems: ${reasons.join("; ")}` : ""),
      bound: `no errors or drops; RSS ≤ ${rssBoundMb} MB`,
      ok,
    };
  } finally {
    for (const s of sockets) s.close();
    await stopChild(c);
  }
}
