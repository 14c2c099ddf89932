import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import { checkItem, checkPlaylist, checkSchedule, type EditTarget } from "../content/editing.js";
import type { Context } from "../context.js";
import { calendarForYear } from "../domain/calendar/holidays.js";
import { formatGateIso, gateDate } from "../domain/gate-time.js";
import type { Resolution } from "../domain/schedule/types.js";
import { lintSchedules } from "../domain/schedule/validate.js";
import type { Snapshot } from "../domain/types.js";
import { HttpError, parseOr400 } from "../errors.js";
import {
  getItem,
  getPlaylist,
  getSchedule,
  listHolidayOverrides,
  listItems,
  listPlaylists,
  listSchedules,
} from "../store/content-repo.js";

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
const yearQuery = z.strictObject({
  year: z.coerce
    .number({ error: "expected a year" })
    .int()
    .min(1900, "the calendar covers 1900–2100")
    .max(2100, "the calendar covers 1900–2100"),
});

/**
 * The API shape of `GET /now`: every entry names its item `itemId`, as everywhere else in the API.
 * LED messages (items of kind `led`) also carry it as `messageId`, the name they had alone before:
 * a deprecated alias kept for one release so clients can move, then removed.
 */
export function nowResponse(resolution: Resolution, content: Pick<Snapshot, "items">) {
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

export function editTarget(ctx: Context): EditTarget {
  const { site } = ctx.settings;
  return {
    db: ctx.db,
    bus: ctx.bus,
    channelIds: [...site.kiosks.map((k) => k.id), ...site.signs.map((s) => s.id)],
  };
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new HttpError(404, "not-found", `no ${what}`);
  return value;
}

export function scheduleRoutes(ctx: Context): Router {
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

  router.get("/calendar", (req, res) => {
    const { year } = parseOr400(yearQuery, req.query, "query");
    const occurrences = calendarForYear(year, listHolidayOverrides(ctx.db));
    res.json(
      occurrences.map((o) => ({
        id: o.id,
        date: o.date,
        ...(o.endDate ? { endDate: o.endDate } : {}),
        name: o.name,
        // Where the calendar computes the instant a holiday begins (Khmer New Year's Moha Songkran).
        ...(o.moment ? { moment: formatGateIso(o.moment) } : {}),
      })),
    );
  });

  router.get("/items", (_req, res) => void res.json(listItems(ctx.db)));
  router.get(
    "/items/:id",
    (req, res) => void res.json(found(getItem(ctx.db, req.params.id), `item "${req.params.id}"`)),
  );
  router.get("/playlists", (_req, res) => void res.json(listPlaylists(ctx.db)));
  router.get(
    "/playlists/:id",
    (req, res) => void res.json(found(getPlaylist(ctx.db, req.params.id), `playlist "${req.params.id}"`)),
  );
  router.get("/schedules", (_req, res) => void res.json(listSchedules(ctx.db)));
  router.get(
    "/schedules/:id",
    (req, res) => void res.json(found(getSchedule(ctx.db, req.params.id), `schedule "${req.params.id}"`)),
  );

  // Problems a save cannot see alone: schedules that can never occur in their range, lunar dates that
  // don't exist, exact overlaps that will rotate. Warnings and errors, each naming schedule and field.
  router.get("/lint", (_req, res) => {
    res.json(lintSchedules(ctx.scheduler.content(), { today: gateDate(Date.now()) }));
  });

  // Dry-run validation for editors: the same checks a save runs, without writing anything.
  const checks = { item: checkItem, playlist: checkPlaylist, schedule: checkSchedule } as const;
  router.post("/validate/:entity", (req, res) => {
    const check = checks[req.params.entity as keyof typeof checks];
    if (!check) throw new HttpError(404, "not-found", `nothing to validate called "${req.params.entity}"`);
    res.json({ ok: true, value: check(editTarget(ctx), req.body) });
  });
  return router;
}
