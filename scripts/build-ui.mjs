// Builds display-ui with Vite when any source is newer than the last build, so `npm start` on a
// fresh clone serves real kiosk and console apps and a restart does not rebuild for nothing.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fail, ROOT, run, withInstallLock } from "./ensure-deps.mjs";

const UI = path.join(ROOT, "display-ui");
const MARKER = path.join(UI, "dist", ".build-complete");
/** Outside display-ui (its files' times say whether a build is stale) and outside dist (emptied by one). */
const LOCK = path.join(ROOT, "node_modules", ".gatecast-ui-build.lock");

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "dist" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh() {
  const built = existsSync(MARKER) ? statSync(MARKER).mtimeMs : 0;
  return built >= newestMtime(UI);
}

export function buildUiIfStale({ force = false } = {}) {
  if (!existsSync(path.join(UI, "vite.config.ts"))) return;
  if (!force && isFresh()) return;
  // One build at a time in this folder: two at once (two e2e test files starting together on a stale
  // build, `npm start` beside a test run) write into the same dist/ and break each other's files.
  withInstallLock(LOCK, () => build(force), { waiting: "another build of the kiosk and console apps" });
}

function build(force) {
  // Built meanwhile by the one this waited for.
  if (!force && isFresh()) return;
  console.log("• building the kiosk and console apps…");
  if (
    run(
      process.execPath,
      [
        path.join(ROOT, "node_modules", "vite", "bin", "vite.js"),
        "build",
        "--config",
        "display-ui/vite.config.ts",
        "--logLevel",
        "warn",
      ],
      // What a gate serves is the production build whoever asks for it: from inside vitest NODE_ENV is
      // "test", and Vite would then resolve Lit's development build (slower, and it says so).
      { env: { ...process.env, NODE_ENV: "production" } },
    ) !== 0
  ) {
    fail("the UI build failed (see above)");
  }
}
