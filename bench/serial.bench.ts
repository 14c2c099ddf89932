/**
 * Serial throughput of a sign update: one sign, one five-language message (vi, zh-Hans, lo, km, en), sent
 * over a socat pty pair to the emulator running as its own process (`gatecast sign emulate`), by the
 * driver's own machinery (exchange queue, reply matching, line pacer) at the profile's 9600 baud.
 *
 * A pty does not pace at the baud rate, so what is measured is the driver's own pacing (it has to pace
 * anyway for RS-485 converters with small FIFOs) plus the protocol's mandated pauses and reply waits.
 * The floor is the line-rate minimum: bytes sent × bits per character (start + data + parity + stop) ÷ baud.
 *
 * Rows: the ratio wall ÷ floor with the protocol's pauses counted (what an operator waits), and without them
 * (what the driver adds to the wire time: timer slack, the final drain, reply latency). The BX-5 rows use
 * the same 9600 baud (8N1) for comparison; its profile's own rate is 57600.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT_DIR } from "../controller/src/config/settings.js";
import type { Lang } from "../controller/src/domain/types.js";
import { createLogger } from "../controller/src/log.js";
import { composeSlides, showRequestOf } from "../controller/src/signs/driver/compose.js";
import { ExchangeQueue } from "../controller/src/signs/driver/exchange-queue.js";
import {
  charTimeMs,
  chunkBytesFor,
  type SerialSettings,
  wireTimeMs,
} from "../controller/src/signs/driver/line.js";
import { LinePacer } from "../controller/src/signs/driver/pacer.js";
import { realTimer } from "../controller/src/signs/driver/timing.js";
import { serialTransport } from "../controller/src/signs/driver/transport.js";
import { withProtocol } from "../controller/src/signs/protocols/index.js";
import type { ProtocolName, SignProtocol } from "../controller/src/signs/protocols/types.js";
import { renderMessage } from "../controller/src/signs/render/index.js";
import type { BenchRow } from "./harness.js";

const MESSAGE = { vi: "Xin chào", "zh-Hans": "欢迎", lo: "ສະບາຍດີ", km: "សួស្តី", en: "Welcome" } as const;
const LANGS: Lang[] = ["vi", "zh-Hans", "lo", "km", "en"];
const RUNS = 3;

interface Case {
  protocol: ProtocolName;
  panel: { width: number; height: number };
  serial: SerialSettings;
  modes: ("hold" | "rotate" | "scroll" | "flash")[];
}

const CASES: Case[] = [
  {
    protocol: "alpha",
    panel: { width: 96, height: 16 },
    serial: { baudRate: 9600, dataBits: 7, parity: "even", stopBits: 1 },
    modes: ["hold", "rotate", "scroll", "flash"],
  },
  {
    protocol: "bx5",
    panel: { width: 128, height: 32 },
    serial: { baudRate: 9600, dataBits: 8, parity: "none", stopBits: 1 },
    modes: ["hold", "scroll", "flash"],
  },
];

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

interface Measure {
  bytes: number;
  wallMs: number;
  pauseMs: number;
  floorMs: number;
}

async function measure(c: Case): Promise<Measure[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "gatecast-bench-"));
  const host = path.join(dir, "host");
  const sign = path.join(dir, "sign");
  const socat = spawn("socat", ["-d", "-d", `pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${sign}`], {
    stdio: "ignore",
  });
  let emulator: ChildProcess | undefined;
  try {
    await until(() => existsSync(host) && existsSync(sign), "socat's links");
    emulator = spawn(
      process.execPath,
      [
        path.join(ROOT_DIR, "bin", "gatecast.js"),
        "sign",
        "emulate",
        "--protocol",
        c.protocol,
        "--device",
        sign,
        "--width",
        String(c.panel.width),
        "--height",
        String(c.panel.height),
        "--baud",
        String(c.serial.baudRate),
        "--out",
        path.join(dir, "out"),
      ],
      { cwd: ROOT_DIR, env: { ...process.env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    emulator.stdout?.on("data", (d) => {
      output += d;
    });
    emulator.stderr?.on("data", (d) => {
      output += d;
    });
    await until(() => output.includes("emulating a"), "the emulator");

    const profile = { panel: c.panel, colors: 3 as const, modes: c.modes, protocol: c.protocol };
    const frames = LANGS.map((language) => {
      const r = renderMessage(MESSAGE, profile, { language });
      if (!r.ok) throw new Error(`${language}: ${r.reason}`);
      return { itemId: "bench", language, bitmap: r.bitmap, scroll: r.scroll };
    });
    return await withProtocol(c.protocol, async <F>(protocol: SignProtocol<F>) => {
      const { slides } = composeSlides(frames, { panel: c.panel, limits: protocol.limits, modes: c.modes });
      if (slides.length !== 1) throw new Error(`expected one slide, got ${slides.length}`);
      const plan = protocol.show(showRequestOf(slides[0] as NonNullable<(typeof slides)[0]>), {
        colours: 3,
        panel: c.panel,
      });
      const queue = new ExchangeQueue<F>({
        protocol,
        pacer: new LinePacer(charTimeMs(c.serial), chunkBytesFor(c.serial), realTimer),
        timer: realTimer,
        logger: createLogger("silent", false),
        attempts: 1,
      });
      const parser = protocol.createParser();
      const transport = await serialTransport(
        host,
        c.serial,
      )({
        data: (chunk) => {
          for (const e of parser.push(chunk)) queue.onParseEvent(e);
        },
        close: () => queue.attach(undefined),
      });
      queue.attach(transport);
      const results: Measure[] = [];
      try {
        for (let run = 0; run < RUNS; run++) {
          const sentBefore = queue.counters.bytesSent;
          const started = performance.now();
          for (const exchange of plan.exchanges) await queue.run(exchange);
          const wallMs = performance.now() - started;
          const bytes = queue.counters.bytesSent - sentBefore;
          const pauseMs = plan.exchanges.reduce((t, e) => t + e.pauseAfterMs, 0);
          results.push({ bytes, wallMs, pauseMs, floorMs: wireTimeMs(bytes, c.serial) });
          await new Promise((r) => setTimeout(r, 200));
        }
      } finally {
        await transport.close();
      }
      return results;
    });
  } finally {
    if (emulator) await stopChild(emulator);
    await stopChild(socat);
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export default async function (): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const c of CASES) {
    const runs = await measure(c);
    const label = `${c.protocol} ${c.serial.baudRate} ${c.serial.dataBits}${c.serial.parity[0]?.toUpperCase()}${c.serial.stopBits}`;
    const bytes = runs[0]?.bytes ?? 0;
    const floor = runs[0]?.floorMs ?? Number.NaN;
    const pause = runs[0]?.pauseMs ?? 0;
    const wall = median(runs.map((r) => r.wallMs));
    rows.push(
      { name: `${label}: 5-language update, bytes sent`, value: bytes, unit: "B" },
      { name: `${label}: line-rate minimum`, value: floor, unit: "ms" },
      { name: `${label}: wall time (median of ${runs.length})`, value: wall, unit: "ms" },
      {
        name: `${label}: wall ÷ minimum, protocol pauses (${pause} ms) included`,
        value: wall / floor,
        unit: "×",
        limit: 1.1,
        limitLabel: "issue's aim",
      },
      {
        name: `${label}: wall ÷ minimum, protocol pauses excluded`,
        value: (wall - pause) / floor,
        unit: "×",
        limit: 1.1,
        limitLabel: "issue's aim",
      },
    );
  }
  return rows;
}
