import type { ErrorRequestHandler, RequestHandler } from "express";
import type { z } from "zod";
import { EditError } from "../content/editing.js";
import { firstIssue } from "../domain/schemas.js";
import type { Logger } from "../log.js";

/** The one error shape every API answer uses: `{"error":{"code","message","field"?}}`. */
export interface ApiError {
  error: { code: string; message: string; field?: string };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Parses a request part with a zod schema, or answers 400 naming the field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where = ""): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const { field, message } = firstIssue(result.error);
  const fullField = [where, field].filter(Boolean).join(".");
  throw new HttpError(
    400,
    "invalid",
    fullField ? `${fullField}: ${message}` : message,
    fullField || undefined,
  );
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, "not-found", `no route ${req.method} ${req.path}`));
};

/** Turns every exception into the error shape; a stack trace goes to the log, never to the client. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let status = 500;
    let body: ApiError = { error: { code: "internal", message: "internal error; see the controller log" } };
    if (err instanceof HttpError) {
      status = err.status;
      body = { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
    } else if (err instanceof EditError) {
      status = err.code === "not-found" ? 404 : err.code === "conflict" ? 409 : 400;
      body = { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
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
