// `npm start`: install what is missing, build the UI apps and compile the controller when their
// sources changed, then serve.
import { spawn } from "node:child_process";
import path from "node:path";
import { buildControllerIfStale } from "./build-controller.mjs";
import { buildUiIfStale } from "./build-ui.mjs";
import { ensureNpmPackages, ROOT } from "./ensure-deps.mjs";

ensureNpmPackages();
buildUiIfStale();
// A failed compile is reported and leaves the sources running through tsx: npm start still serves.
buildControllerIfStale();

// The young-generation cap of the gate PC's unit (firmware-config/provisioning/gatecast.service).
const SERVE_NODE_FLAGS = ["--max-semi-space-size=2"];

const child = spawn(
  process.execPath,
  [...SERVE_NODE_FLAGS, path.join(ROOT, "bin", "gatecast.js"), "serve", ...process.argv.slice(2)],
  {
    cwd: ROOT,
    stdio: "inherit",
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
