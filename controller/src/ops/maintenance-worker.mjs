// One maintenance task per worker thread (see maintenance-tasks.ts). Plain JavaScript because a
// worker starts without the main thread's loader: compiled (dist/) it imports maintenance-tasks.js
// beside it, from the sources it registers tsx itself, as report-worker.mjs does.
import { existsSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";

const compiled = new URL("./maintenance-tasks.js", import.meta.url);
let runMaintenanceTask;
if (existsSync(compiled)) {
  ({ runMaintenanceTask } = await import(compiled.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ runMaintenanceTask } = await import("./maintenance-tasks.ts"));
}

try {
  parentPort?.postMessage({ ok: true, result: await runMaintenanceTask(workerData) });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
