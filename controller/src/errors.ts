/**
 * The errors a request can end in, thrown by whoever finds the fault: routes, but also auth (a missing
 * role) and the kiosk hub (a bad enrolment). They live here, not in `http/`, so that code outside the
 * HTTP layer can throw them without importing it; `http/errors.ts` keeps only the express handler that
 * turns them into answers.
 */
import type { z } from "zod";
import type { ErrorCode } from "./contract/errors.js";
import { firstIssue } from "./domain/schemas.js";

/** The one error shape every API answer uses: `{"error":{"code","message","field"?}}`. */
export interface ApiError {
  error: { code: string; message: string; field?: string };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** One of contract/errors.ts's codes: the console has a message for each. */
    readonly code: ErrorCode,
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
