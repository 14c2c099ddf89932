/**
 * Drafts, publications (with the two-person rule where the gate requires it), published versions and
 * restores; and the `?draft=1` reads of the content with every draft laid over live content. Mounted
 * before the schedule routes: a read without `draft` passes through to them. (`/now?draft=1` is not
 * here: the schedule routes answer every `/now` through the scheduler's one entry, `resolveAt`.)
 */
import { type Request, type RequestHandler, type Response, Router } from "express";
import { z } from "zod";
import { requireRole, sessionOf } from "../auth/roles.js";
import { checkItem, checkPlaylist, checkSchedule } from "../content/editing.js";
import type { Context } from "../context.js";
import { formatGateIso } from "../domain/gate-time.js";
import { idSchema, safeText, TEXT_LIMITS } from "../domain/schemas.js";
import { HttpError, parseOr400 } from "../errors.js";
import { approvalRequired } from "../publishing/approval.js";
import { lookupIn, valueIn } from "../publishing/changes.js";
import {
  approvePublication,
  DecisionError,
  type DraftView,
  describeDrafts,
  describePublication,
  discardDraft,
  type PublishTarget,
  readDraftState,
  rejectPublication,
  requestPublication,
  requestRestore,
  type User,
} from "../publishing/service.js";
import {
  ensureInitialVersion,
  getPublication,
  getVersion,
  listPublications,
  listVersions,
} from "../publishing/store.js";
import {
  DRAFT_ENTITIES,
  type DraftEntity,
  PUBLICATION_STATUSES,
  type Publication,
} from "../publishing/types.js";
import { editTarget } from "./schedule-routes.js";

export function publishTarget(ctx: Context): PublishTarget {
  return { ...editTarget(ctx), site: ctx.settings.site };
}

/** The logged-in user (the role guard ran before): who decides, and who is audited. */
export function userOf(req: Request): User {
  const session = sessionOf(req);
  if (!session) throw new HttpError(401, "unauthenticated", "log in first");
  return {
    id: session.userId,
    name: session.username,
    role: session.role,
    ...(req.ip ? { address: req.ip } : {}),
  };
}

/** A draft as the API answers it: instants in gate-local time. */
export function draftAnswer(view: DraftView) {
  return { ...view, createdAt: formatGateIso(view.createdAt) };
}

const at = (iso: string | null) => (iso === null ? null : formatGateIso(iso));

function publicationAnswer(ctx: Context, publication: Publication) {
  const { authorId: _authorId, ...shown } = describePublication(ctx, publication);
  return { ...shown, createdAt: formatGateIso(shown.createdAt), decidedAt: at(shown.decidedAt) };
}

/** Decisions refused by the rules become 403 (this user may not) or 409 (nobody may, now). */
function decide<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof DecisionError) {
      throw new HttpError(error.code === "forbidden" ? 403 : 409, error.code, error.message);
    }
    throw error;
  }
}

const noteSchema = safeText({ max: TEXT_LIMITS.note, multiline: true })
  .transform((v) => v.trim())
  .optional();
const publicationBody = z.strictObject({
  changes: z.union(
    [
      z.literal("all"),
      z
        .array(z.strictObject({ entity: z.enum(DRAFT_ENTITIES), id: idSchema }))
        .min(1, 'name at least one draft, or "all"'),
    ],
    { error: 'expected "all" or a list of {"entity","id"}' },
  ),
  note: noteSchema,
});
const rejectBody = z.strictObject({
  reason: z
    .string({ error: "required: why it is rejected" })
    .pipe(safeText({ max: TEXT_LIMITS.note, multiline: true }))
    .transform((v) => v.trim())
    .pipe(z.string().min(1, "say why")),
});
const restoreBody = z.strictObject({ note: noteSchema });
const statusQuery = z.strictObject({ status: z.enum(PUBLICATION_STATUSES).optional() });
const positiveInt = (what: string) =>
  z.coerce
    .number({ error: `expected a ${what} number` })
    .int(`expected a ${what} number`)
    .min(1);
const draftFlag = z.enum(["1", "true"], {
  error: "expected 1 (live content with the drafts laid over it); leave draft out for live content",
});
const draftQuery = z.strictObject({ draft: draftFlag });

function objectBody(req: Request): unknown {
  return req.body === undefined ? {} : req.body;
}

function entityParam(value: unknown): DraftEntity {
  if (!(DRAFT_ENTITIES as readonly unknown[]).includes(value)) {
    throw new HttpError(
      404,
      "not-found",
      `no drafts of "${String(value)}"; expected ${DRAFT_ENTITIES.join(", ")}`,
    );
  }
  return value as DraftEntity;
}

const noStore = (res: Response) => res.setHeader("Cache-Control", "no-store");

export function publishRoutes(ctx: Context): Router {
  // The content found at the first start (the imported pack) is version 1: restorable like any other.
  ensureInitialVersion(ctx.db);
  const router = Router();
  const target = () => publishTarget(ctx);
  const operator = requireRole("operator");
  const supervisor = requireRole("supervisor");

  /**
   * `?draft=…` on a public read: the operator role is needed and this answers; without `draft` the
   * schedule routes answer with live content, as before.
   */
  const draftRead =
    (handler: (req: Request, res: Response) => void): RequestHandler =>
    (req, res, next) => {
      if (!("draft" in req.query)) return next();
      operator(req, res, (error?: unknown) => {
        if (error) return next(error);
        try {
          noStore(res);
          handler(req, res);
        } catch (e) {
          next(e);
        }
      });
    };

  const COLLECTIONS = { items: "item", playlists: "playlist", schedules: "schedule" } as const;
  for (const [path, entity] of Object.entries(COLLECTIONS)) {
    router.get(
      `/${path}`,
      draftRead((req, res) => {
        parseOr400(draftQuery, req.query, "query");
        res.json(readDraftState(ctx).overlay[path as keyof typeof COLLECTIONS]);
      }),
    );
    router.get(
      `/${path}/:id`,
      draftRead((req, res) => {
        parseOr400(draftQuery, req.query, "query");
        const id = req.params.id as string;
        const value = valueIn(readDraftState(ctx).overlay, entity, id);
        if (!value) throw new HttpError(404, "not-found", `no ${entity} "${id}" (drafts included)`);
        res.json(value);
      }),
    );
  }

  // The editor's dry run against live content with the drafts laid over it: a new playlist may name
  // an item that exists only as a draft, exactly as the PUT that follows would accept.
  const checks = { item: checkItem, playlist: checkPlaylist, schedule: checkSchedule } as const;
  router.post(
    "/validate/:entity",
    draftRead((req, res) => {
      parseOr400(draftQuery, req.query, "query");
      const check = checks[req.params.entity as keyof typeof checks];
      if (!check) throw new HttpError(404, "not-found", `nothing to validate called "${req.params.entity}"`);
      const lookup = lookupIn(readDraftState(ctx).overlay);
      res.json({ ok: true, value: check({ ...editTarget(ctx), lookup }, req.body) });
    }),
  );

  router.get("/drafts", operator, (_req, res) => {
    noStore(res);
    res.json(describeDrafts(ctx).map(draftAnswer));
  });

  router.delete("/drafts/:entity/:id", operator, (req, res) => {
    discardDraft(target(), userOf(req), entityParam(req.params.entity), req.params.id as string);
    res.status(204).end();
  });

  router.get("/publications", operator, (req, res) => {
    const { status } = parseOr400(statusQuery, req.query, "query");
    noStore(res);
    res.json(listPublications(ctx.db, status).map((p) => publicationAnswer(ctx, p)));
  });

  router.get("/publications/:id", operator, (req, res) => {
    const id = parseOr400(positiveInt("publication"), req.params.id, "id");
    const publication = getPublication(ctx.db, id);
    if (!publication) throw new HttpError(404, "not-found", `no publication ${id}`);
    noStore(res);
    res.json(publicationAnswer(ctx, publication));
  });

  router.post("/publications", operator, (req, res) => {
    const body = parseOr400(publicationBody, objectBody(req));
    const publication = requestPublication(target(), userOf(req), body);
    res.status(201).json({
      ...publicationAnswer(ctx, publication),
      approvalRequired: approvalRequired(ctx.settings.site),
    });
  });

  router.post("/publications/:id/approve", supervisor, (req, res) => {
    const id = parseOr400(positiveInt("publication"), req.params.id, "id");
    const publication = decide(() => approvePublication(target(), userOf(req), id));
    res.json(publicationAnswer(ctx, publication));
  });

  router.post("/publications/:id/reject", operator, (req, res) => {
    const id = parseOr400(positiveInt("publication"), req.params.id, "id");
    const { reason } = parseOr400(rejectBody, objectBody(req));
    const publication = decide(() => rejectPublication(target(), userOf(req), id, reason));
    res.json(publicationAnswer(ctx, publication));
  });

  router.get("/versions", operator, (_req, res) => {
    noStore(res);
    res.json(listVersions(ctx.db).map((v) => ({ ...v, createdAt: formatGateIso(v.createdAt) })));
  });

  router.get("/versions/:n", operator, (req, res) => {
    const n = parseOr400(positiveInt("version"), req.params.n, "n");
    const version = getVersion(ctx.db, n);
    if (!version) throw new HttpError(404, "not-found", `no published version ${n}`);
    noStore(res);
    res.json({ ...version, createdAt: formatGateIso(version.createdAt) });
  });

  router.post("/versions/:n/restore", supervisor, (req, res) => {
    const n = parseOr400(positiveInt("version"), req.params.n, "n");
    const { note } = parseOr400(restoreBody, objectBody(req));
    const publication = requestRestore(target(), userOf(req), n, note);
    res.status(201).json({
      ...publicationAnswer(ctx, publication),
      approvalRequired: approvalRequired(ctx.settings.site),
    });
  });

  return router;
}
