// `npm test`: the whole suite from a fresh clone. Installs what the suites need, then runs the
// formatter/linter, the type checker and every vitest suite. `.ci/run` runs exactly this.

import { buildUiIfStale } from "./build-ui.mjs";
import { ensureNpmPackages, ensureSystemPackages, fail, run } from "./ensure-deps.mjs";

ensureNpmPackages();
ensureSystemPackages([
  { command: "socat", debian: "socat" },
  { command: "chromium", debian: "chromium" },
  // Reports print to PDF with it (controller/src/reports/pdf.ts says why not the full chromium).
  { command: "chromium-headless-shell", debian: "chromium-headless-shell" },
  { command: "shellcheck", debian: "shellcheck" },
  { command: "systemd-analyze", debian: "systemd" },
  // Video uploads are probed and their test videos made with it.
  { command: "ffprobe", debian: "ffmpeg" },
  // The report PDF tests read the printed text back.
  { command: "pdftotext", debian: "poppler-utils" },
]);
buildUiIfStale();

const vitest = "node_modules/vitest/vitest.mjs";
const filters = process.argv.slice(2);
const steps = [
  ["lint and format (biome)", ["node_modules/@biomejs/biome/bin/biome", "check", "."]],
  ["type check (tsc)", ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--noEmit"]],
  ["tests (vitest)", [vitest, "run", ...filters]],
];
// Gate-local time must not depend on the server's TZ: the date-sensitive suites run again under
// time zones far from UTC+7 (one with daylight saving).
const TZ_SUITES = [
  "test/unit/schedule",
  "test/unit/lunar",
  "test/unit/holidays",
  "test/unit/scheduler",
  "test/integration/schedule-api",
  "test/unit/reports-half-year.test.ts",
];
if (filters.length === 0) {
  for (const tz of ["UTC", "America/New_York"]) {
    steps.push([`date-sensitive tests under TZ=${tz}`, [vitest, "run", ...TZ_SUITES], { TZ: tz }]);
  }
}
for (const [name, args, env] of steps) {
  console.log(`\n• ${name}`);
  if (run(process.execPath, args, env ? { env: { ...process.env, ...env } } : {}) !== 0)
    fail(`${name} failed`);
}
