/**
 * The query every read that can preview shares: `draft` (live content with every draft laid over it)
 * and `at` (an instant), and the rule that drafts are not public. `GET /now`, `GET /kiosk/state` and
 * the content reads answer both ways through one handler each.
 */
import type { Request, RequestHandler, Response } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";

/** `?draft=1`: live content with the drafts laid over it. */
export const draftParam = z.enum(["1", "true"], {
  error: "expected 1 (live content with the drafts laid over it); leave draft out for live content",
});

/** `?at=…`: the instant to answer for, with its offset so it names one moment anywhere. */
export const atParam = z.iso.datetime({
  offset: true,
  error: "expected an ISO-8601 instant with an offset, e.g. 2027-02-06T08:00:00+07:00",
});

type Handler = (req: Request, res: Response) => void;

const operator = requireRole("operator");

/**
 * One GET for live content and for drafts: without `draft` in the query, `live` answers anyone; with
 * it (whatever its value), an operator's session is needed before the query is even read, then
 * `withDrafts` answers. Either handler may throw an HttpError.
 */
export function liveOrDrafts(live: Handler, withDrafts: Handler = live): RequestHandler {
  return (req, res, next) => {
    if (!("draft" in req.query)) return live(req, res);
    operator(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        withDrafts(req, res);
      } catch (e) {
        next(e);
      }
    });
  };
}
