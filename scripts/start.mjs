// `npm start`: install what is missing, build the UI apps when their sources changed, then serve.
import { spawn } from "node:child_process";
import path from "node:path";
import { buildUiIfStale } from "./build-ui.mjs";
import { ensureNpmPackages, ROOT } from "./ensure-deps.mjs";

ensureNpmPackages();
buildUiIfStale();

const child = spawn(
  process.execPath,
  [path.join(ROOT, "bin", "gatecast.js"), "serve", ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: "inherit",
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
