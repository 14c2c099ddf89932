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
 *
 * Then an Alpha sign that plays several slides by itself (Lệ Thanh-like: two items × vi, km, en, six
 * slides), through the real `SignDriver`: the whole upload (memory configuration, six pictures, TEXT A,
 * read-back), and a change of one text that keeps the slides' sizes (written in place: one picture, the
 * read-backs before and after). For each, how long the emulated sign was dark, from its own frames.jsonl,
 * and that the line then stays quiet while the sign turns its slides.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT_DIR } from "../controller/src/config/settings.js";
import type { Lang } from "../controller/src/domain/types.js";
import { createLogger } from "../controller/src/log.js";
import { type ComposeFrame, composeSlides, showRequestOf } from "../controller/src/signs/driver/compose.js";
import { ExchangeQueue } from "../controller/src/signs/driver/exchange-queue.js";
import {
  charTimeMs,
  chunkBytesFor,
  type SerialSettings,
  wireTimeMs,
} from "../controller/src/signs/driver/line.js";
import { LinePacer } from "../controller/src/signs/driver/pacer.js";
import { type DesiredContent, SignDriver } from "../controller/src/signs/driver/sign-driver.js";
import { realTimer } from "../controller/src/signs/driver/timing.js";
import { serialTransport } from "../controller/src/signs/driver/transport.js";
import type { DisplayRecord } from "../controller/src/signs/emulator/index.js";
import {
  type AlphaTransmission,
  type ProtocolName,
  protocols,
  withProtocol,
} from "../controller/src/signs/protocols/index.js";
import type { SignProtocol } from "../controller/src/signs/protocols/types.js";
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

/** A socat pty pair with the emulator on its sign end, as its own process; `run` gets the host end. */
async function withLine<T>(c: Case, run: (host: string, out: string) => Promise<T>): Promise<T> {
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
    return await run(host, path.join(dir, "out"));
  } finally {
    if (emulator) await stopChild(emulator);
    await stopChild(socat);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(c: Case): Promise<Measure[]> {
  return withLine(c, async (host) => {
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
  });
}

// ---------------------------------------------------------------------------------------------------------
// Several slides played by the sign itself (Alpha)

/** Lệ Thanh-like LED content: long vi and km texts scroll (a ticker slide each), en is held. */
const SLIDES_CONTENT = [
  {
    itemId: "welcome",
    text: { vi: "Chào mừng đến Việt Nam", km: "សូមស្វាគមន៍មកកាន់ប្រទេសវៀតណាម", en: "Welcome to Viet Nam" },
  },
  {
    itemId: "hours",
    text: { vi: "Giờ làm việc: 07:00–17:00", km: "ម៉ោងធ្វើការ ០៧:០០–១៧:០០", en: "Open 07:00–17:00" },
  },
];
const SLIDES_LANGS: Lang[] = ["vi", "km", "en"];
/** The changed text: same slide sizes (the held English page), other pixels. */
const CHANGED_EN = ["Open 07:30–17:30", "Open 07:00–17:00"];
/** A text too long for the panel: its slide becomes a ticker, the slide sizes change. */
const RESIZED_EN = "Opening hours of the border gate: 07:00 to 17:00 every day";

interface SlidesMeasure {
  slides: number;
  bytes: number;
  wallMs: number;
  pauseMs: number;
  floorMs: number;
  /** The emulated sign's dark time (frames.jsonl: `lit: false` until the next lit frame). */
  darkMs: number;
  memoryConfig: boolean;
  /** Bytes the sign received in the quiet period after the upload. */
  quietBytes: number;
}

function darkMs(records: DisplayRecord[], afterSeq: number): number {
  let dark = 0;
  let since: number | undefined;
  for (const r of records.filter((x) => x.seq > afterSeq)) {
    if (!r.lit && since === undefined) since = Date.parse(r.at);
    if (r.lit && since !== undefined) {
      dark += Date.parse(r.at) - since;
      since = undefined;
    }
  }
  return dark;
}

async function measureSlides(c: Case): Promise<{ full: SlidesMeasure[]; inPlace: SlidesMeasure[] }> {
  return withLine(c, async (host, out) => {
    const profile = { panel: c.panel, colors: 3 as const, modes: c.modes, protocol: c.protocol };
    const target = {
      colours: 3 as const,
      panel: c.panel,
      memory: { textFiles: 8, pictureFiles: 8, bytes: 32768 },
    };
    const protocol = protocols.alpha;
    const content = (en: string, key: string): DesiredContent<AlphaTransmission> => {
      const frames: ComposeFrame[] = SLIDES_CONTENT.flatMap((m) =>
        SLIDES_LANGS.map((language) => {
          const text = m.itemId === "hours" && language === "en" ? { ...m.text, en } : m.text;
          const r = renderMessage(text, profile, { language });
          if (!r.ok) throw new Error(`${language}: ${r.reason}`);
          return { itemId: m.itemId, language, bitmap: r.bitmap, scroll: r.scroll };
        }),
      );
      const { slides } = composeSlides(frames, { panel: c.panel, limits: protocol.limits, modes: c.modes });
      const plan = protocol.show({ slides: slides.map(showRequestOf) }, target);
      if (plan.notShown) throw new Error(`slides left out: ${JSON.stringify(plan.notShown)}`);
      return {
        key,
        slides: [{ key, plan, dwellMs: 0 }],
        summary: { itemIds: [], frames: [], slides: [], problems: [], rotation: "sign" },
      };
    };
    const driver = new SignDriver<AlphaTransmission>({
      id: "bench",
      protocol,
      target,
      serial: c.serial,
      port: host,
      open: serialTransport(host, c.serial),
      logger: createLogger("silent", false),
      refreshIntervalMs: 3_600_000,
    });
    const records = () => {
      try {
        return readFileSync(path.join(out, "frames.jsonl"), "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as DisplayRecord);
      } catch {
        return [];
      }
    };
    const received = (): number => {
      try {
        return JSON.parse(readFileSync(path.join(out, "memory.json"), "utf8")).stats.bytesReceived;
      } catch {
        return 0;
      }
    };
    driver.start();
    try {
      await until(() => driver.status().lastClockSetAt !== null, "the clock set");
      let previous: DesiredContent<AlphaTransmission>["slides"][number]["plan"] | undefined;
      const once = async (desired: DesiredContent<AlphaTransmission>): Promise<SlidesMeasure> => {
        const seq = records().at(-1)?.seq ?? 0;
        const sentBefore = driver.status().bytesSent;
        const started = performance.now();
        driver.show(desired);
        await until(
          () => driver.status().showing?.key === desired.key && !driver.status().pending,
          "the content on the sign",
          120_000,
        );
        const wallMs = performance.now() - started;
        const status = driver.status();
        const bytes = status.bytesSent - sentBefore;
        const layout = status.lastUpload?.layout ?? false;
        const plan = desired.slides[0]?.plan;
        const exchanges = plan?.exchanges ?? [];
        // The protocol's pauses of what was written: all of it, or (in place) the files whose bytes changed.
        const before = new Map((previous?.exchanges ?? []).map((e) => [e.writes ?? e.name, e.bytes]));
        const changed = (e: (typeof exchanges)[number]) => {
          const old = before.get(e.writes ?? e.name);
          return old === undefined || Buffer.compare(Buffer.from(old), Buffer.from(e.bytes)) !== 0;
        };
        const written = layout ? exchanges : exchanges.slice(plan?.layout?.exchanges ?? 0).filter(changed);
        const pauseMs = written.reduce((t, e) => t + e.pauseAfterMs, 0);
        previous = plan;
        // The sign plays on by itself: the line stays quiet.
        await new Promise((r) => setTimeout(r, 600));
        const quietFrom = received();
        await new Promise((r) => setTimeout(r, 3000));
        return {
          slides: exchanges.filter((e) => e.writes?.startsWith("dots")).length,
          bytes,
          wallMs,
          pauseMs,
          floorMs: wireTimeMs(bytes, c.serial),
          darkMs: darkMs(records(), seq),
          memoryConfig: layout,
          quietBytes: received() - quietFrom,
        };
      };
      const full: SlidesMeasure[] = [];
      const inPlace: SlidesMeasure[] = [];
      for (let run = 0; run < RUNS; run++) {
        // A full upload each run: content with other sizes in between forces a new configuration.
        full.push(await once(content(CHANGED_EN[1] as string, `full-${run}`)));
        for (const en of CHANGED_EN) inPlace.push(await once(content(en, `in-place-${run}-${en}`)));
        // Other slide sizes (the English hours become a ticker), so the next full upload reconfigures a lit sign.
        if (run < RUNS - 1) await once(content(RESIZED_EN, `resize-${run}`));
      }
      return { full, inPlace };
    } finally {
      await driver.stop();
    }
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function slidesRows(label: string, what: string, runs: SlidesMeasure[]): BenchRow[] {
  const wall = median(runs.map((r) => r.wallMs));
  const floor = median(runs.map((r) => r.floorMs));
  const pause = median(runs.map((r) => r.pauseMs));
  return [
    {
      name: `${label}: ${what}, bytes sent (read-backs included)`,
      value: median(runs.map((r) => r.bytes)),
      unit: "B",
    },
    { name: `${label}: ${what}, line-rate minimum`, value: floor, unit: "ms" },
    { name: `${label}: ${what}, wall time (median of ${runs.length})`, value: wall, unit: "ms" },
    {
      name: `${label}: ${what}, wall ÷ minimum, pauses excluded`,
      value: (wall - pause) / floor,
      unit: "×",
      limit: 1.1,
      limitLabel: "issue's aim",
    },
    {
      name: `${label}: ${what}, memory configurations sent`,
      value: runs.filter((r) => r.memoryConfig).length / runs.length,
      unit: "per update",
    },
    {
      name: `${label}: ${what}, sign dark (longest)`,
      value: Math.max(...runs.map((r) => r.darkMs)),
      unit: "ms",
    },
    {
      name: `${label}: ${what}, bytes on the line in the 3 s after (sign playing by itself)`,
      value: Math.max(...runs.map((r) => r.quietBytes)),
      unit: "B",
      limit: 0,
      limitLabel: "no host traffic",
    },
  ];
}

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
  const alpha = CASES[0] as Case;
  const { full, inPlace } = await measureSlides(alpha);
  const label = `alpha 9600 7E1, ${full[0]?.slides ?? "?"} slides`;
  rows.push(
    ...slidesRows(label, "full upload", full),
    ...slidesRows(label, "one text changed, same sizes", inPlace),
  );
  return rows;
}
