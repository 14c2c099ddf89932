/** `GET /now`: what plays (or would play at `at`, or with the drafts laid over live content). */
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { FeatureContext } from "../context.js";
import type { NowAnswer, NowWhy } from "../contract/playout.js";
import { formatGateIso, formatGateIsoOrNull } from "../domain/instant.js";
import type { EntryWhy, Resolution } from "../domain/schedule/types.js";
import type { Snapshot } from "../domain/types.js";
import { parseOr400 } from "../errors.js";
import { atParam, draftParam, liveOrDrafts } from "../publishing/draft-query.js";

const nowQuery = z.strictObject({ at: atParam.optional(), draft: draftParam.optional() });

/**
 * The API shape of `GET /now`: every entry names its item `itemId`, as everywhere else in the API.
 * LED messages (items of kind `led`) also carry it as `messageId`, the name they had alone before:
 * a deprecated alias kept for one release so clients can move, then removed.
 */
export function nowResponse(
  resolution: Resolution,
  content: Pick<Snapshot, "items" | "channels">,
): NowAnswer {
  const names = new Map(content.channels.map((c) => [c.id, c.name]));
  return {
    at: formatGateIso(resolution.at),
    gate: resolution.gate,
    channels: resolution.channels.map((channel) => ({
      id: channel.id,
      kind: channel.kind,
      name: names.get(channel.id) ?? channel.id,
      entries: channel.entries.map(({ itemId, kind: _kind, holiday, ...rest }) => ({
        itemId,
        ...(content.items.get(itemId)?.kind === "led" ? { messageId: itemId } : {}),
        scheduleId: rest.scheduleId,
        ...(holiday ? { holiday } : {}),
        priority: rest.priority,
        level: _kind,
        reason: rest.reason,
        why: whyOnWire(rest.why),
      })),
    })),
    ...(resolution.alert ? { alert: resolution.alert } : {}),
    nextChangeAt: formatGateIsoOrNull(resolution.nextChangeAt),
  };
}

/** The resolver's reason is the wire's as it is: the compiler checks the two types agree. */
function whyOnWire(why: EntryWhy): NowWhy {
  return why;
}

export function playoutRoutes(ctx: FeatureContext<"scheduler">): Router {
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
  // Drafts are not public: any `draft` needs an operator's session before its value is read.
  router.get("/now", liveOrDrafts(answerNow));
  return router;
}
