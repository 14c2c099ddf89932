// `npm run soak [-- options]`: the reliability suite (docs/reliability.md). Installs what is missing
// (npm packages; socat for the serial pty pairs), then runs soak/run.ts.
import { spawnSync } from "node:child_process";
import { ensureNpmPackages, ensureSystemPackages, ROOT } from "./ensure-deps.mjs";

ensureNpmPackages();
ensureSystemPackages([{ command: "socat", debian: "socat" }]);
const result = spawnSync(process.execPath, ["--import", "tsx", "soak/run.ts", ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
