// `npm test`: the whole suite from a fresh clone. Installs what the suites need, then runs the
// formatter/linter, the type checker and every vitest suite. `.ci/run` runs exactly this.

import { buildUiIfStale } from "./build-ui.mjs";
import { ensureNpmPackages, ensureSystemPackages, fail, run } from "./ensure-deps.mjs";

ensureNpmPackages();
ensureSystemPackages([
  { command: "socat", debian: "socat" },
  { command: "chromium", debian: "chromium" },
]);
buildUiIfStale();

const steps = [
  ["lint and format (biome)", ["node_modules/@biomejs/biome/bin/biome", "check", "."]],
  ["type check (tsc)", ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--noEmit"]],
  ["tests (vitest)", ["node_modules/vitest/vitest.mjs", "run", ...process.argv.slice(2)]],
];
for (const [name, args] of steps) {
  console.log(`\n• ${name}`);
  if (run(process.execPath, args) !== 0) fail(`${name} failed`);
}
