/** `GET /now`: what plays (or would play at `at`, or with the drafts laid over live content). */
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { Context } from "../context.js";
import type { NowAnswer } from "../contract/playout.js";
import type { Resolution } from "../domain/schedule/types.js";
import type { Snapshot } from "../domain/types.js";
import { parseOr400 } from "../errors.js";

const nowQuery = z.strictObject({
  at: z.iso
    .datetime({
      offset: true,
      error: "expected an ISO-8601 instant with an offset, e.g. 2027-02-06T08:00:00+07:00",
    })
    .optional(),
  draft: z
    .enum(["1", "true"], {
      error: "expected 1 (live content with the drafts laid over it); leave draft out for live content",
    })
    .optional(),
});

/**
 * The API shape of `GET /now`: every entry names its item `itemId`, as everywhere else in the API.
 * LED messages (items of kind `led`) also carry it as `messageId`, the name they had alone before:
 * a deprecated alias kept for one release so clients can move, then removed.
 */
export function nowResponse(resolution: Resolution, content: Pick<Snapshot, "items">): NowAnswer {
  return {
    at: resolution.at,
    gate: resolution.gate,
    channels: resolution.channels.map((channel) => ({
      id: channel.id,
      kind: channel.kind,
      entries: channel.entries.map(({ itemId, kind: _kind, holiday, ...rest }) => ({
        itemId,
        ...(content.items.get(itemId)?.kind === "led" ? { messageId: itemId } : {}),
        scheduleId: rest.scheduleId,
        ...(holiday ? { holiday } : {}),
        priority: rest.priority,
        level: _kind,
        reason: rest.reason,
      })),
    })),
    ...(resolution.alert ? { alert: resolution.alert } : {}),
    nextChangeAt: resolution.nextChangeAt,
  };
}

export function playoutRoutes(ctx: Pick<Context, "scheduler">): Router {
  const router = Router();

  // Live, at an instant, or with the drafts laid over live content (`draft`): one route, one call to
  // the scheduler, which alone asks the resolver.
  const answerNow = (req: Request, res: Response) => {
    const { at, draft } = parseOr400(nowQuery, req.query, "query");
    const { resolution, content } = ctx.scheduler.resolveAt(at === undefined ? undefined : Date.parse(at), {
      drafts: draft !== undefined,
    });
    // A preview of drafts is nobody's to keep.
    if (draft) res.setHeader("Cache-Control", "no-store");
    res.json({ ...nowResponse(resolution, content), ...(draft ? { draft: true } : {}) });
  };
  const operator = requireRole("operator");
  router.get("/now", (req, res, next) => {
    if (!("draft" in req.query)) return answerNow(req, res);
    // Drafts are not public: any `draft` needs an operator's session before its value is read.
    operator(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        answerNow(req, res);
      } catch (e) {
        next(e);
      }
    });
  });
  return router;
}
