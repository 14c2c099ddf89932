// `npm run bench [filter…]`: installs what is missing, then prints the benchmark table.
import { spawnSync } from "node:child_process";
import { ensureNpmPackages, ROOT } from "./ensure-deps.mjs";

ensureNpmPackages();
const result = spawnSync(process.execPath, ["--import", "tsx", "bench/run.ts", ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
