/**
 * Drafts, publications (with the two-person rule where the gate requires it), published versions and
 * restores. Writing a draft is a content route (content/routes.ts: PUT and DELETE of an item,
 * playlist or schedule); so are the `?draft=1` reads of content with every draft laid over it.
 */
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { PublicationView } from "../contract/publishing.js";
import { formatGateIso, parseInstant } from "../domain/instant.js";
import { idSchema, safeText, TEXT_LIMITS } from "../domain/schemas.js";
import { HttpError, parseOr400 } from "../errors.js";
import { getPublication, getVersion, listPublications, listVersions } from "../store/publishing-repo.js";
import { approvalRequired } from "./approval.js";
import { draftAnswer, type PublishingContext, publishTarget, userOf } from "./requests.js";
import {
  approvePublication,
  DecisionError,
  describeDrafts,
  describePublication,
  discardDraft,
  rejectPublication,
  requestPublication,
  requestRestore,
} from "./service.js";
import { DRAFT_ENTITIES, type DraftEntity, PUBLICATION_STATUSES, type Publication } from "./types.js";
import { ensureInitialVersion } from "./writes.js";

/** A stored instant as the API shows it: at the gate's offset. */
const gateIso = (iso: string) => formatGateIso(parseInstant(iso));
const at = (iso: string | null) => (iso === null ? null : gateIso(iso));

function publicationAnswer(ctx: PublishingContext, publication: Publication): PublicationView {
  const { authorId: _authorId, ...shown } = describePublication(ctx, publication);
  return { ...shown, createdAt: gateIso(shown.createdAt), decidedAt: at(shown.decidedAt) };
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

export function publishingRoutes(ctx: PublishingContext): Router {
  // The content found at the first start (the imported pack) is version 1: restorable like any other.
  ensureInitialVersion(ctx.db);
  const router = Router();
  const target = () => publishTarget(ctx);
  const operator = requireRole("operator");
  const supervisor = requireRole("supervisor");

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
    res.json(listVersions(ctx.db).map((v) => ({ ...v, createdAt: gateIso(v.createdAt) })));
  });

  router.get("/versions/:n", operator, (req, res) => {
    const n = parseOr400(positiveInt("version"), req.params.n, "n");
    const version = getVersion(ctx.db, n);
    if (!version) throw new HttpError(404, "not-found", `no published version ${n}`);
    noStore(res);
    res.json({ ...version, createdAt: gateIso(version.createdAt) });
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
