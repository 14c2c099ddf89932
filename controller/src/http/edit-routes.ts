/**
 * The write API of the operator console. Every route needs a session with a role and (checked before
 * it, for every state-changing request) the CSRF token. Items, playlists and schedules are written as
 * drafts (validated as a save is, audited) that reach screens only through a publication (see
 * publish-routes.ts); emergency notices are urgent and go live at once, audited, bounded in time by
 * the gate's limits (content/emergency-limits.ts): a supervisor extends one explicitly, with a reason.
 */
import { randomBytes } from "node:crypto";
import { type Request, Router } from "express";
import { z } from "zod";
import { actorOf, requireRole, sessionOf } from "../auth/roles.js";
import { checkEmergency, saveEmergency } from "../content/editing.js";
import {
  type EmergencyLimits,
  extensionProblem,
  MAX_LEAD_DAYS,
  maxHoursFor,
  newNoticeProblem,
  type Problem,
} from "../content/emergency-limits.js";
import type { Context } from "../context.js";
import { formatGateIso } from "../domain/gate-time.js";
import { safeText, TEXT_LIMITS } from "../domain/schemas.js";
import type { EmergencyNotice } from "../domain/types.js";
import { HttpError, parseOr400 } from "../errors.js";
import { describeDrafts, writeDeleteDraft, writeDraft } from "../publishing/service.js";
import type { DraftEntity } from "../publishing/types.js";
import { recordAudit } from "../store/audit-repo.js";
import { listEmergencies, saveEntity } from "../store/content-repo.js";
import { draftAnswer, publishTarget, userOf } from "./publish-routes.js";
import { editTarget } from "./schedule-routes.js";

type JsonObject = Record<string, unknown>;

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

const ENTITIES = {
  items: "item",
  playlists: "playlist",
  schedules: "schedule",
} as const satisfies Record<string, DraftEntity>;

/**
 * Fields an operator may send to create a notice; clearing is its own route. Strict: an unknown key
 * (`__proto__` among them, which a loose object would turn into a prototype) is refused by name.
 */
const newEmergencyBody = z.strictObject({
  id: z.string().optional(),
  title: z.unknown(),
  body: z.unknown().optional(),
  ledText: z.unknown().optional(),
  startsAt: z.string().optional(),
  expiresAt: z.string({ error: "required: when the notice ends (ISO-8601 with an offset)" }),
  clearedAt: z
    .undefined({ error: "a new notice cannot be cleared; use POST /emergencies/{id}/clear" })
    .optional(),
});

const extendBody = z.strictObject({
  expiresAt: z.iso.datetime({
    offset: true,
    error: "required: the new end, ISO-8601 with an offset (e.g. 2026-06-03T18:00:00+07:00)",
  }),
  reason: safeText({ min: 1, max: TEXT_LIMITS.note, multiline: true }),
});

function refuse(problem: Problem): never {
  const status = { invalid: 400, forbidden: 403, conflict: 409 }[problem.code];
  throw new HttpError(status, problem.code, problem.message, problem.field || undefined);
}

type EmergencyState = "scheduled" | "active" | "expired" | "cleared";

function emergencyState(notice: EmergencyNotice, now: number): EmergencyState {
  if (notice.clearedAt) return "cleared";
  if (now < Date.parse(notice.startsAt)) return "scheduled";
  return now < Date.parse(notice.expiresAt) ? "active" : "expired";
}

function newEmergencyId(now: number): string {
  // e.g. emergency-20260601-0930-3fa2c1: readable in the audit log, unique enough for a gate.
  const local = formatGateIso(now);
  return `emergency-${local.slice(0, 10).replaceAll("-", "")}-${local.slice(11, 16).replace(":", "")}-${randomBytes(3).toString("hex")}`;
}

export function editRoutes(ctx: Context): Router {
  const router = Router();
  const target = () => editTarget(ctx);
  const operator = requireRole("operator");

  // Drafts: 201 a new draft, 200 the entity's draft replaced; the answer shows it with the live value.
  for (const [path, entity] of Object.entries(ENTITIES)) {
    router.put(`/${path}/:id`, operator, (req, res) => {
      const id = req.params.id as string;
      const { draft, replaced } = writeDraft(publishTarget(ctx), userOf(req), entity, bodyWithId(req, id));
      res.status(replaced ? 200 : 201).json(describeDrafts(ctx, [draft]).map(draftAnswer)[0]);
    });
    // A delete draft (200), or 204 when the entity existed only as a draft, which is discarded.
    router.delete(`/${path}/:id`, operator, (req, res) => {
      const result = writeDeleteDraft(publishTarget(ctx), userOf(req), entity, req.params.id as string);
      if ("discarded" in result) return void res.status(204).end();
      res.json(describeDrafts(ctx, [result.draft]).map(draftAnswer)[0]);
    });
  }

  router.get("/emergencies", operator, (_req, res) => {
    const now = Date.now();
    res.json(listEmergencies(ctx.db).map((n) => ({ ...n, state: emergencyState(n, now) })));
  });

  const limits = (): EmergencyLimits => ctx.settings.site.emergency;
  const roleOf = (req: Request) => {
    const session = sessionOf(req);
    if (!session) throw new HttpError(401, "unauthenticated", "log in first");
    return session.role;
  };

  // What the console shows next to the form: how long this user's notice may last, and extensions.
  router.get("/emergencies/limits", operator, (req, res) => {
    const { operatorMaxHours, supervisorMaxHours } = limits();
    res.json({
      operatorMaxHours,
      supervisorMaxHours: Math.max(supervisorMaxHours, operatorMaxHours),
      yourMaxHours: maxHoursFor(roleOf(req), limits()),
      maxLeadDays: MAX_LEAD_DAYS,
    });
  });

  router.post("/emergencies", operator, (req, res) => {
    const body = parseOr400(newEmergencyBody, objectBody(req));
    const now = Date.now();
    const notice = {
      ...body,
      id: body.id ?? newEmergencyId(now),
      startsAt: body.startsAt ?? formatGateIso(now),
    };
    if (listEmergencies(ctx.db).some((n) => n.id === notice.id)) {
      throw new HttpError(409, "conflict", `an emergency notice "${notice.id}" exists already`, "id");
    }
    // The full check (ids, languages, text, instants, order) is the domain's; then how long this
    // user's notice may last, which only the route knows (the role, the gate's limits, now).
    const checked = checkEmergency(target(), notice);
    const problem = newNoticeProblem(checked, roleOf(req), limits(), now);
    if (problem) refuse(problem);
    const saved = saveEmergency(target(), actorOf(req), notice);
    res.status(201).json({ ...saved, state: emergencyState(saved, now) });
  });

  router.post("/emergencies/:id/clear", operator, (req, res) => {
    const id = req.params.id as string;
    const notice = listEmergencies(ctx.db).find((n) => n.id === id);
    if (!notice) throw new HttpError(404, "not-found", `no emergency notice "${id}"`);
    const now = Date.now();
    // Clearing twice (two operators, a double click) keeps the first time and writes nothing. Not
    // re-validated: a notice stored under older rules must still be clearable.
    const saved = notice.clearedAt ? notice : { ...notice, clearedAt: formatGateIso(now) };
    if (!notice.clearedAt) {
      saveEntity(ctx.db, actorOf(req), "emergency", saved);
      ctx.bus.emit("contentChanged", { entity: "emergency", id });
    }
    res.json({ ...saved, state: emergencyState(saved, now) });
  });

  // A supervisor's explicit decision that a notice goes on: audited with the reason, bounded ahead.
  router.post("/emergencies/:id/extend", requireRole("supervisor"), (req, res) => {
    const id = req.params.id as string;
    const body = parseOr400(extendBody, objectBody(req));
    const notice = listEmergencies(ctx.db).find((n) => n.id === id);
    if (!notice) throw new HttpError(404, "not-found", `no emergency notice "${id}"`);
    const now = Date.now();
    const problem = extensionProblem(notice, body.expiresAt, roleOf(req), limits(), now);
    if (problem) refuse(problem);
    const extended = { ...notice, expiresAt: formatGateIso(Date.parse(body.expiresAt)) };
    const actor = actorOf(req);
    ctx.db.transaction(() => {
      saveEntity(ctx.db, actor, "emergency", extended);
      recordAudit(
        ctx.db,
        actor,
        "extend",
        "emergency",
        id,
        { expiresAt: notice.expiresAt },
        { expiresAt: extended.expiresAt, reason: body.reason },
      );
    })();
    ctx.bus.emit("contentChanged", { entity: "emergency", id });
    res.json({ ...extended, state: emergencyState(extended, now) });
  });

  return router;
}
