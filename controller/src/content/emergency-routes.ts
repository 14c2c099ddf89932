/**
 * Emergency notices: urgent, so they go live at once (not drafts), audited, and bounded in time by the
 * gate's limits (emergency-limits.ts): a supervisor extends one explicitly, with a reason.
 */
import { randomBytes } from "node:crypto";
import { type Request, Router } from "express";
import { z } from "zod";
import { actorOf, requireRole, sessionOf } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import type { NoticeLimits, NoticeView } from "../contract/content.js";
import { formatGateIso } from "../domain/gate-time.js";
import { safeText, TEXT_LIMITS } from "../domain/schemas.js";
import type { EmergencyNotice } from "../domain/types.js";
import { HttpError, parseOr400 } from "../errors.js";
import { listEmergencies } from "../store/content-repo.js";
import { editTarget } from "./edit-target.js";
import { checkEmergency, clearEmergency, extendEmergency, saveEmergency } from "./editing.js";
import {
  type EmergencyLimits,
  extensionProblem,
  MAX_LEAD_DAYS,
  maxHoursFor,
  newNoticeProblem,
  type Problem,
} from "./emergency-limits.js";

function objectBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpError(400, "invalid", "expected a JSON object (Content-Type: application/json)");
  }
  return body as Record<string, unknown>;
}

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

export function emergencyRoutes(ctx: FeatureContext<"db">): Router {
  const router = Router();
  const target = () => editTarget(ctx);
  const operator = requireRole("operator");
  const limits = (): EmergencyLimits => ctx.settings.site.emergency;
  const roleOf = (req: Request) => {
    const session = sessionOf(req);
    if (!session) throw new HttpError(401, "unauthenticated", "log in first");
    return session.role;
  };
  const noticeOf = (id: string) => {
    const notice = listEmergencies(ctx.db).find((n) => n.id === id);
    if (!notice) throw new HttpError(404, "not-found", `no emergency notice "${id}"`);
    return notice;
  };

  router.get("/emergencies", operator, (_req, res) => {
    const now = Date.now();
    res.json(listEmergencies(ctx.db).map((n): NoticeView => ({ ...n, state: emergencyState(n, now) })));
  });

  // What the console shows next to the form: how long this user's notice may last, and extensions.
  router.get("/emergencies/limits", operator, (req, res) => {
    const { operatorMaxHours, supervisorMaxHours } = limits();
    res.json({
      operatorMaxHours,
      supervisorMaxHours: Math.max(supervisorMaxHours, operatorMaxHours),
      yourMaxHours: maxHoursFor(roleOf(req), limits()),
      maxLeadDays: MAX_LEAD_DAYS,
    } satisfies NoticeLimits);
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
    const notice = noticeOf(req.params.id as string);
    const now = Date.now();
    const saved = clearEmergency(target(), actorOf(req), notice, formatGateIso(now));
    res.json({ ...saved, state: emergencyState(saved, now) });
  });

  // A supervisor's explicit decision that a notice goes on: audited with the reason, bounded ahead.
  router.post("/emergencies/:id/extend", requireRole("supervisor"), (req, res) => {
    const id = req.params.id as string;
    const body = parseOr400(extendBody, objectBody(req));
    const notice = noticeOf(id);
    const now = Date.now();
    const problem = extensionProblem(notice, body.expiresAt, roleOf(req), limits(), now);
    if (problem) refuse(problem);
    const expiresAt = formatGateIso(Date.parse(body.expiresAt));
    const extended = extendEmergency(target(), actorOf(req), notice, expiresAt, body.reason);
    res.json({ ...extended, state: emergencyState(extended, now) });
  });

  return router;
}
