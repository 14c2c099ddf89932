// The report worker's entry. Plain JavaScript because a worker thread starts without the main
// thread's loader. Compiled (dist/, where the build copies this file) report-job.js sits beside it;
// from the sources it registers tsx itself, as bin/gatecast.js does. Then it runs jobs one at a time.
import { existsSync } from "node:fs";
import { parentPort } from "node:worker_threads";

const compiled = new URL("./report-job.js", import.meta.url);
let runWorkerJob;
if (existsSync(compiled)) {
  ({ runWorkerJob } = await import(compiled.href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ runWorkerJob } = await import("./report-job.ts"));
}

parentPort?.on("message", ({ id, job }) => {
  try {
    const { report, html } = runWorkerJob(job);
    parentPort?.postMessage({ id, ok: true, report, html });
  } catch (error) {
    parentPort?.postMessage({
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
parentPort?.postMessage({ ready: true });
