/**
 * Items, playlists and schedules: reads (live, or with `?draft=1` live content with every draft laid
 * over it), writes (each a draft that reaches screens only through a publication: publishing/routes.ts),
 * the editor's dry run, the schedule lint and the holiday calendar. Each path has one handler here.
 */
import { type Request, type RequestHandler, type Response, Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import { calendarForYear } from "../domain/calendar/holidays.js";
import { formatGateIso, gateDate } from "../domain/gate-time.js";
import { lintSchedules } from "../domain/schedule/validate.js";
import { HttpError, parseOr400 } from "../errors.js";
import { lookupIn, valueIn } from "../publishing/changes.js";
import { draftParam, liveOrDrafts } from "../publishing/draft-query.js";
import { draftAnswer, publishTarget, userOf } from "../publishing/requests.js";
import { describeDrafts, readDraftState, writeDeleteDraft, writeDraft } from "../publishing/service.js";
import type { DraftEntity } from "../publishing/types.js";
import {
  getItem,
  getPlaylist,
  getSchedule,
  listHolidayOverrides,
  listItems,
  listPlaylists,
  listSchedules,
} from "../store/content-repo.js";
import { editTarget } from "./edit-target.js";
import { checkItem, checkPlaylist, checkSchedule } from "./editing.js";

type JsonObject = Record<string, unknown>;
type Handler = (req: Request, res: Response) => void;

const draftQuery = z.strictObject({ draft: draftParam });
const yearQuery = z.strictObject({
  year: z.coerce
    .number({ error: "expected a year" })
    .int()
    .min(1900, "the calendar covers 1900–2100")
    .max(2100, "the calendar covers 1900–2100"),
});

function objectBody(req: Request): JsonObject {
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "invalid", "expected a JSON object (Content-Type: application/json)");
  }
  return body as JsonObject;
}

/** The body with the path's id: a body naming another id is refused rather than silently moved. */
function bodyWithId(req: Request, id: string): JsonObject {
  const body = objectBody(req);
  if ("id" in body && body.id !== id) {
    throw new HttpError(
      400,
      "invalid",
      `id: the body's id ${JSON.stringify(body.id)} differs from the path's "${id}"`,
      "id",
    );
  }
  return { ...body, id };
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new HttpError(404, "not-found", `no ${what}`);
  return value;
}

const noStore = (res: Response) => res.setHeader("Cache-Control", "no-store");

export type ContentContext = FeatureContext<"db" | "scheduler">;

export function contentRoutes(ctx: ContentContext): Router {
  const router = Router();
  const operator = requireRole("operator");

  /** A read live for anyone, or with `?draft=…` (an operator's) uncached and with the drafts. */
  const liveOrDraft = (live: Handler, withDrafts: Handler): RequestHandler =>
    liveOrDrafts(live, (req, res) => {
      noStore(res);
      parseOr400(draftQuery, req.query, "query");
      withDrafts(req, res);
    });
  const overlay = () => readDraftState(ctx).overlay;

  const COLLECTIONS = {
    items: { entity: "item", list: listItems, get: getItem },
    playlists: { entity: "playlist", list: listPlaylists, get: getPlaylist },
    schedules: { entity: "schedule", list: listSchedules, get: getSchedule },
  } as const;
  for (const [path, { entity, list, get }] of Object.entries(COLLECTIONS)) {
    const collection = path as keyof typeof COLLECTIONS;
    router.get(
      `/${path}`,
      liveOrDraft(
        (_req, res) => void res.json(list(ctx.db)),
        (_req, res) => void res.json(overlay()[collection]),
      ),
    );
    router.get(
      `/${path}/:id`,
      liveOrDraft(
        (req, res) => {
          const id = req.params.id as string;
          res.json(found(get(ctx.db, id), `${entity} "${id}"`));
        },
        (req, res) => {
          const id = req.params.id as string;
          const value = valueIn(overlay(), entity, id);
          if (!value) throw new HttpError(404, "not-found", `no ${entity} "${id}" (drafts included)`);
          res.json(value);
        },
      ),
    );

    // Writes are drafts: 201 a new draft, 200 the entity's draft replaced; the answer shows it with
    // the live value.
    router.put(`/${path}/:id`, operator, (req, res) => {
      const id = req.params.id as string;
      const { draft, replaced } = writeDraft(
        publishTarget(ctx),
        userOf(req),
        entity satisfies DraftEntity,
        bodyWithId(req, id),
      );
      res.status(replaced ? 200 : 201).json(describeDrafts(ctx, [draft]).map(draftAnswer)[0]);
    });
    // A delete draft (200), or 204 when the entity existed only as a draft, which is discarded.
    router.delete(`/${path}/:id`, operator, (req, res) => {
      const result = writeDeleteDraft(publishTarget(ctx), userOf(req), entity, req.params.id as string);
      if ("discarded" in result) return void res.status(204).end();
      res.json(describeDrafts(ctx, [result.draft]).map(draftAnswer)[0]);
    });
  }

  // The editor's dry run: the same checks a save runs, without writing anything. With `draft`,
  // against live content with the drafts laid over it: a new playlist may name an item that exists
  // only as a draft, exactly as the PUT that follows would accept.
  const checks = { item: checkItem, playlist: checkPlaylist, schedule: checkSchedule } as const;
  const checkOf = (req: Request) => {
    const check = checks[req.params.entity as keyof typeof checks];
    if (!check) throw new HttpError(404, "not-found", `nothing to validate called "${req.params.entity}"`);
    return check;
  };
  router.post(
    "/validate/:entity",
    liveOrDraft(
      (req, res) => void res.json({ ok: true, value: checkOf(req)(editTarget(ctx), req.body) }),
      (req, res) => {
        const check = checkOf(req);
        const lookup = lookupIn(overlay());
        res.json({ ok: true, value: check({ ...editTarget(ctx), lookup }, req.body) });
      },
    ),
  );

  // Problems a save cannot see alone: schedules that can never occur in their range, lunar dates that
  // don't exist, exact overlaps that will rotate. Warnings and errors, each naming schedule and field.
  router.get("/lint", (_req, res) => {
    res.json(lintSchedules(ctx.scheduler.content(), { today: gateDate(Date.now()) }));
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
        ...(o.moment !== undefined ? { moment: formatGateIso(o.moment) } : {}),
      })),
    );
  });

  return router;
}
