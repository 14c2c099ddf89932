/** The express end of the API's errors: 404 for unknown routes, and every exception turned into the
 *  error shape. The errors themselves are in ../errors.ts, where code outside http/ can throw them. */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { EditError } from "../content/editing.js";
import { type ApiError, HttpError } from "../errors.js";
import type { Logger } from "../log.js";
import { DiskLowError, isDiskFullError } from "../ops/disk-guard.js";

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, "not-found", `no route ${req.method} ${req.path}`));
};

/** Turns every exception into the error shape; a stack trace goes to the log, never to the client. */
export function errorHandler(logger: Logger, onDiskFull?: () => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let body: ApiError = { error: { code: "internal", message: "internal error; see the controller log" } };
    if (err instanceof HttpError) {
      status = err.status;
      body = { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
    } else if (err instanceof EditError) {
      status = { "not-found": 404, conflict: 409, "read-only": 403, invalid: 400 }[err.code];
      body = { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
    } else if (err instanceof DiskLowError || isDiskFullError(err)) {
      // 507 Insufficient Storage: the gate still serves content; only the new record is refused.
      status = 507;
      if (!(err instanceof DiskLowError)) onDiskFull?.();
      const message =
        err instanceof DiskLowError ? err.message : "refused: the data disk is full; content keeps playing";
      body = { error: { code: "disk-low", message } };
    } else if (err?.code === "SQLITE_BUSY" || err?.code === "SQLITE_LOCKED") {
      // Another process (a CLI import, a backup check) holds the database's write lock: nothing was
      // written, and the same request will go through once it lets go.
      status = 503;
      res.setHeader("Retry-After", "2");
      body = {
        error: { code: "busy", message: "the database is busy with another task; try again in a moment" },
      };
    } else if (err?.type === "entity.parse.failed") {
      status = 400;
      body = { error: { code: "bad-json", message: "the request body is not valid JSON" } };
    } else if (err?.type === "entity.too.large") {
      status = 413;
      body = { error: { code: "too-large", message: "the request body is too large" } };
    } else if (typeof err?.status === "number" && err.status >= 400 && err.status < 500) {
      status = err.status;
      body = { error: { code: "bad-request", message: String(err.message ?? "bad request") } };
    }
    if (status >= 500) logger.error({ err, method: req.method, path: req.path }, "request failed");
    if (res.headersSent) return;
    res.status(status).json(body);
  };
}
