/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those whose names contain the arguments) and prints
 * one table, each figure beside the limit that matters. Benchmarks inform; they never fail the build.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchRow } from "./harness.js";

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

const rows: (BenchRow & { suite: string })[] = [];
for (const file of files) {
  const suite = file.replace(/\.bench\.ts$/, "");
  process.stderr.write(`running ${suite}…\n`);
  try {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as {
      default: () => Promise<BenchRow[]> | BenchRow[];
    };
    for (const row of await mod.default()) rows.push({ suite, ...row });
  } catch (error) {
    rows.push({ suite, name: `failed: ${(error as Error).message}`, value: Number.NaN, unit: "" });
  }
}

const fmt = (n: number) =>
  Number.isNaN(n) ? "—" : n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(3);
const table = rows.map((r) => {
  const within = r.limit === undefined || Number.isNaN(r.value) ? "" : r.value <= r.limit ? "within" : "OVER";
  return [
    r.suite,
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.limit === undefined ? "" : `${fmt(r.limit)} ${r.unit}`,
    r.limitLabel ?? "",
    within,
  ];
});
const header = ["suite", "benchmark", "value", "limit", "limit is", ""];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? "").length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join("  ")
    .trimEnd();
console.log(line(header));
console.log(widths.map((w) => "─".repeat(w)).join("  "));
for (const row of table) console.log(line(row));
console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}; ${new Date().toISOString()}`);
