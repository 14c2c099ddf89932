/**
 * The adversarial suite at full size: `test/adversarial/` under vitest with `SOAK_LONG=1`, the same
 * attacks `npm test` runs short. Each attack records its figures (slowest /healthz, peak RSS, rows
 * stored) through test/helpers/adversarial.ts; this part turns them into one row per area.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ROOT_DIR } from "../controller/src/config/settings.js";
import type { Figure } from "../test/helpers/adversarial.js";
import { type Row, tempDir } from "./lib.js";

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; assertionResults: { status: string; fullName: string }[] }[];
}

export function adversarial(): Row[] {
  const dir = tempDir("gatecast-soak-adversarial-");
  const figuresFile = path.join(dir, "figures.jsonl");
  const resultFile = path.join(dir, "vitest.json");
  spawnSync(
    process.execPath,
    [
      path.join(ROOT_DIR, "node_modules", "vitest", "vitest.mjs"),
      "run",
      "test/adversarial",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${resultFile}`,
    ],
    {
      cwd: ROOT_DIR,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, SOAK_LONG: "1", ADVERSARIAL_FIGURES: figuresFile },
    },
  );
  if (!existsSync(resultFile)) {
    return [{ test: "adversarial", figures: "vitest wrote no result", bound: "", ok: false }];
  }
  const result = JSON.parse(readFileSync(resultFile, "utf8")) as VitestJson;
  const figures: Figure[] = existsSync(figuresFile)
    ? readFileSync(figuresFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Figure)
    : [];
  rmSync(dir, { recursive: true, force: true });
  // One row per attacked area: `central-usb.test.ts` and `central.test.ts` are both "central".
  const areas = new Map<string, VitestJson["testResults"][number]["assertionResults"]>();
  for (const file of result.testResults) {
    const area =
      path
        .basename(file.name)
        .replace(/\.test\.ts$/, "")
        .split("-")[0] ?? "";
    areas.set(area, [...(areas.get(area) ?? []), ...file.assertionResults]);
  }
  const rows: Row[] = [];
  for (const [area, assertions] of areas) {
    const failed = assertions.filter((a) => a.status === "failed");
    const passed = assertions.filter((a) => a.status === "passed").length;
    const mine = figures.filter((f) => f.area === area);
    const text = mine.map((f) => `${f.figure} ${f.value}${f.limit !== undefined ? ` (≤ ${f.limit})` : ""}`);
    rows.push({
      test: `adversarial: ${area}`,
      figures: [
        `${passed} attacks held${failed.length ? `, ${failed.length} FAILED: ${failed.map((f) => f.fullName).join("; ")}` : ""}`,
        ...text,
      ].join("; "),
      bound: "process alive, /healthz ≤ 1 s throughout, RSS bounded, nothing false stored",
      ok: failed.length === 0,
    });
  }
  if (rows.length === 0) {
    rows.push({ test: "adversarial", figures: "no attack ran", bound: "", ok: false });
  }
  return rows;
}
