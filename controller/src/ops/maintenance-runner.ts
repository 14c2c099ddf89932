/**
 * Runs one maintenance task in its own worker thread and resolves with its result. A worker that
 * cannot start or dies is a failed task (reported by the job), never a crash and never a fallback to
 * the main thread: an integrity check of a big database there would stall /healthz past the watchdog.
 */
import { Worker } from "node:worker_threads";
import type { MaintenanceTask, TaskResult } from "./maintenance-tasks.js";

export class MaintenanceTaskError extends Error {
  override name = "MaintenanceTaskError";
}

export function runInWorker<T extends TaskResult>(task: MaintenanceTask): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let worker: Worker;
    try {
      worker = new Worker(new URL("./maintenance-worker.mjs", import.meta.url), { workerData: task });
    } catch (error) {
      reject(new MaintenanceTaskError(`cannot start a worker: ${(error as Error).message}`));
      return;
    }
    // A task in progress must not keep a stopping controller alive.
    worker.unref();
    worker.on("message", (message: { ok: true; result: T } | { ok: false; message: string }) => {
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new MaintenanceTaskError(message.message));
    });
    worker.on("error", (error) => {
      if (settled) return;
      settled = true;
      reject(new MaintenanceTaskError(error.message));
    });
    worker.on("exit", (code) => {
      if (settled) return;
      settled = true;
      reject(new MaintenanceTaskError(`the maintenance worker stopped (exit ${code}) without an answer`));
    });
  });
}
