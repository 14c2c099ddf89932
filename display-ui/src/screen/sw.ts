/**
 * The big screen's service worker: the display apps' worker (shared/display-worker.ts) for /screen/,
 * with its own shell cache (a PC may run a kiosk and a screen from one browser profile). The player
 * keeps its last state in localStorage; the worker keeps the shell, fonts and media, videos included.
 */
import { runDisplayWorker } from "../shared/display-worker.js";

runDisplayWorker({
  statePath: "/api/v1/screen/state",
  assetsCache: "gatecast-screen-assets",
  stateCache: "gatecast-screen-state",
});
