/**
 * What the publishing and content routes share: who asks (`userOf`), where a draft or publication is
 * written (`publishTarget`), and how a draft is answered.
 */
import type { Request } from "express";
import { sessionOf } from "../auth/roles.js";
import { editTarget } from "../content/edit-target.js";
import type { FeatureContext } from "../context.js";
import type { DraftView } from "../contract/publishing.js";
import { formatGateIso, parseInstant } from "../domain/instant.js";
import { HttpError } from "../errors.js";
import type { PublishTarget, User } from "./service.js";

export type PublishingContext = FeatureContext<"db">;

export function publishTarget(ctx: PublishingContext): PublishTarget {
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
export function draftAnswer(view: DraftView): DraftView {
  return { ...view, createdAt: formatGateIso(parseInstant(view.createdAt)) };
}
