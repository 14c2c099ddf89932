/**
 * `npm run soak [-- options]`: the reliability suite (docs/reliability.md). Loopback only; every part
 * is bounded; the defaults (the figures in docs/reliability.md) take about 15 minutes. Options:
 *   --quick                  short settings for a check in a few minutes
 *   --publishes N            power cut: publishes (default 200)
 *   --serial-events N        serial faults: events (default 1000; --quick 200)
 *   --kiosks N --rate R      load: kiosk clients (120, under the 128-socket cap) and API requests/s (50)
 *   --minutes M              load duration in minutes (default 3; --quick 0.5)
 *   --only a,b               power,serial,load,fuzz,adversarial
 *   --seed S                 the random moments (kills, faults) are repeatable
 *   --no-write               print the table only, leave docs/reliability.md alone
 */
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT_DIR } from "../controller/src/config/settings.js";
import { VERSION } from "../controller/src/version.js";
import { adversarial } from "./adversarial.js";
import { DOC } from "./doc.js";
import { fuzz } from "./fuzz.js";
import type { Row } from "./lib.js";
import { load } from "./load.js";
import { powerCut } from "./power-cut.js";
import { serialFaults } from "./serial.js";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const quick = flag("quick");
const settings = {
  publishes: option("publishes", 200),
  serialEvents: option("serial-events", quick ? 200 : 1000),
  kiosks: option("kiosks", 120),
  rate: option("rate", 50),
  seconds: Math.round(option("minutes", quick ? 0.5 : 3) * 60),
  seed: option("seed", 20260603),
};
const RSS_BOUND_MB = 400;
const onlyIndex = args.indexOf("--only");
const only = new Set(
  onlyIndex >= 0
    ? (args[onlyIndex + 1] ?? "").split(",")
    : ["power", "serial", "load", "fuzz", "adversarial"],
);

/** mulberry32: a small seeded generator so a run's kill and fault moments can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rows: Row[] = [];
// One generator per part: how many numbers the power cut draws depends on the machine's speed (kills
// per publish), and must not shift the serial faults of the same seed.
const random = (part: number) => seeded(settings.seed + part * 0x9e3779b9);
const parts: [string, () => Promise<Row | Row[]>][] = [
  ["power", () => powerCut(settings.publishes, random(1))],
  ["serial", () => serialFaults(settings.serialEvents, random(2), RSS_BOUND_MB)],
  ["load", () => load(settings.kiosks, settings.rate, settings.seconds, RSS_BOUND_MB)],
  ["fuzz", () => fuzz()],
  // test/adversarial at full size (SOAK_LONG=1): one row per attacked area.
  ["adversarial", async () => adversarial()],
];
const started = Date.now();
// Figures from a shared machine are worth less: the load around the run is recorded with them.
const loadBefore = os.loadavg()[0] ?? 0;
for (const [name, part] of parts) {
  if (!only.has(name)) continue;
  const t = Date.now();
  process.stdout.write(`• ${name}… `);
  let result: Row | Row[];
  try {
    result = await part();
  } catch (error) {
    result = {
      test: name,
      figures: `failed to run: ${(error as Error).message.slice(0, 300)}`,
      bound: "",
      ok: false,
    };
  }
  const partRows = Array.isArray(result) ? result : [result];
  const ok = partRows.every((r) => r.ok);
  console.log(`${ok ? "ok" : "FAILED"} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  rows.push(...partRows);
}

const command = `npm run soak${args.length ? ` -- ${args.join(" ")}` : ""}`;
const table = [
  "| test | result | figures | bound |",
  "|---|---|---|---|",
  ...rows.map(
    (r) => `| ${r.test} | ${r.ok ? "ok" : "**FAILED**"} | ${r.figures.replaceAll("|", "\\|")} | ${r.bound} |`,
  ),
].join("\n");
console.log(`\n${table}\n\n${((Date.now() - started) / 1000).toFixed(0)} s in all`);

if (!flag("no-write")) {
  const file = path.join(ROOT_DIR, "docs", "reliability.md");
  const cpus = os.cpus();
  const machine =
    `${cpus[0]?.model.trim() ?? "unknown CPU"} × ${cpus.length} cores, ` +
    `${(os.totalmem() / 2 ** 30).toFixed(0)} GB, load average ${loadBefore.toFixed(1)} before the run and ` +
    `${(os.loadavg()[0] ?? 0).toFixed(1)} after`;
  // The suite was not running yet: load before it is other work sharing the machine.
  const busy =
    loadBefore >= 0.5
      ? ` The machine was not idle (load average ${loadBefore.toFixed(1)} on ${cpus.length} cores before the run): ` +
        "other jobs ran beside the suite, so its latencies and CPU times are pessimistic."
      : "";
  const seconds = (Date.now() - started) / 1000;
  const duration = seconds >= 120 ? `${(seconds / 60).toFixed(0)} min` : `${seconds.toFixed(0)} s`;
  writeFileSync(
    file,
    `${DOC}\n## Last recorded run\n\n\`${command}\` — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ` +
      `${duration}, seed ${settings.seed}; gatecast ${VERSION}, Node ${process.versions.node}, ${machine}.` +
      `${busy}\n\n${table}\n`,
  );
  console.log(`written to ${path.relative(process.cwd(), file)}`);
}
process.exit(rows.every((r) => r.ok) ? 0 : 1);
