// The report worker's entry. Plain JavaScript because a worker thread starts without the main
// thread's loader: it registers tsx itself, as bin/gatecast.js does, then runs jobs one at a time.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { runReportJob } = await import("./report-job.ts");

parentPort?.on("message", ({ id, job }) => {
  try {
    parentPort?.postMessage({ id, ok: true, report: runReportJob(job) });
  } catch (error) {
    parentPort?.postMessage({
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    });
  }
});
parentPort?.postMessage({ ready: true });
