// One maintenance task per worker thread (see maintenance-tasks.ts). Plain JavaScript because a
// worker starts without the main thread's loader: it registers tsx itself, as report-worker.mjs does.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { runMaintenanceTask } = await import("./maintenance-tasks.ts");

try {
  parentPort?.postMessage({ ok: true, result: await runMaintenanceTask(workerData) });
} catch (error) {
  parentPort?.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
