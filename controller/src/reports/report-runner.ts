/**
 * Runs reports in a worker thread (report-worker.mjs), one at a time, started on first use and
 * started again if it dies. If a worker cannot be had at all, the report is made in this thread:
 * slower for everyone for a few seconds, but the supervisor still gets it.
 */
import { Worker } from "node:worker_threads";
import type { GateReport, ProvinceReport } from "../contract/reports.js";
import type { Logger } from "../log.js";
import type { DocumentIssuer } from "./document-html.js";
import {
  type ProvinceJob,
  type ReportJob,
  runWorkerJob,
  type WorkerJob,
  type WorkerResult,
} from "./report-job.js";

type Answer = ({ id: number; ok: true } & WorkerResult) | { id: number; ok: false; message: string };

export class ReportError extends Error {}

export class ReportRunner {
  #current: Worker | undefined;
  #ready: Promise<Worker> | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (r: WorkerResult) => void; reject: (e: Error) => void }>();

  constructor(private readonly logger: Logger) {}

  /** One gate's report (its own records, or at the central what it uploaded). */
  async run(job: ReportJob): Promise<GateReport> {
    return (await this.#run(job)).report as GateReport;
  }

  /** The report across a central office's gates. */
  async runProvince(job: ProvinceJob): Promise<ProvinceReport> {
    return (await this.#run(job)).report as ProvinceReport;
  }

  /** A gate's report and its administrative document's HTML, both made in the worker. */
  async gateDocument(job: ReportJob, issuer: DocumentIssuer): Promise<{ report: GateReport; html: string }> {
    const { report, html } = await this.#run({ ...job, document: issuer });
    return { report: report as GateReport, html: html ?? "" };
  }

  /** The province's report and its administrative document's HTML, both made in the worker. */
  async provinceDocument(
    job: ProvinceJob,
    issuer: DocumentIssuer,
  ): Promise<{ report: ProvinceReport; html: string }> {
    const { report, html } = await this.#run({ ...job, document: issuer });
    return { report: report as ProvinceReport, html: html ?? "" };
  }

  async #run(job: WorkerJob): Promise<WorkerResult> {
    let worker: Worker;
    try {
      worker = await this.#start();
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        "report worker unavailable; building in the main thread",
      );
      return runWorkerJob(job);
    }
    const id = this.#nextId++;
    return new Promise<WorkerResult>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  #start(): Promise<Worker> {
    this.#ready ??= new Promise<Worker>((resolve, reject) => {
      const worker = new Worker(new URL("./report-worker.mjs", import.meta.url));
      this.#current = worker;
      worker.on("message", (message: Answer | { ready: true }) => {
        if ("ready" in message) {
          // Idle, a worker keeps nothing alive; starting or making a report, it does (a script awaiting
          // one gets it; `serve` exits by itself when stopped).
          if (this.#pending.size === 0) worker.unref();
          resolve(worker);
          return;
        }
        const waiting = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (this.#pending.size === 0) worker.unref();
        if (!waiting) return;
        if (message.ok) waiting.resolve(message);
        else waiting.reject(new ReportError(message.message));
      });
      const fail = (error: Error) => {
        // Only the worker in use may fail what waits; a stopped or replaced one says nothing.
        if (this.#current !== worker) return;
        this.#current = undefined;
        this.#ready = undefined;
        reject(error);
        for (const [, waiting] of this.#pending) waiting.reject(error);
        this.#pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`the report worker stopped (exit ${code})`)));
    });
    return this.#ready;
  }
}
