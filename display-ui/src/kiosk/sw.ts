/**
 * The kiosk's service worker: the display apps' worker (shared/display-worker.ts) for /kiosk/.
 * Self-contained on purpose (the shared module is imported by no page): a worker must not share
 * chunks with the page.
 */
import { runDisplayWorker } from "../shared/display-worker.js";

// The state path of controller/src/contract/kiosk.ts, repeated: a value import would pull a shared
// chunk into the worker.
runDisplayWorker({
  statePath: "/api/v1/kiosk/state",
  assetsCache: "gatecast-kiosk-assets",
  stateCache: "gatecast-kiosk-state",
});
