import type { Request, RequestHandler } from "express";
import { HttpError } from "../errors.js";
import type { Actor } from "../store/audit-repo.js";
import type { Role } from "../store/users-repo.js";
import type { Session } from "./sessions.js";

/**
 * operator: content, playlists, schedules, LED messages, emergency notices.
 * supervisor: everything an operator does, plus approving publications, restoring versions and the audit log.
 * admin: everything, plus users.
 */
const RANK: Record<Role, number> = { operator: 1, supervisor: 2, admin: 3 };

export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** The session each request was authenticated with; set by the session middleware. */
const sessions = new WeakMap<Request, Session>();

export function attachSession(req: Request, session: Session): void {
  sessions.set(req, session);
}

export function sessionOf(req: Request): Session | undefined {
  return sessions.get(req);
}

/** Who makes a change, for the audit log: the logged-in user and the client address. */
export function actorOf(req: Request): Actor {
  const session = sessionOf(req);
  if (!session) throw new HttpError(401, "unauthenticated", "log in first");
  return { name: session.username, ...(req.ip ? { address: req.ip } : {}) };
}

/** A route guard; `requiredRole` lets a test list which routes are guarded and by what. */
export type RoleGuard = RequestHandler & { readonly requiredRole: Role };

/**
 * 401 without a session, 403 when the session's role is below `needed`, and 403
 * `second-factor-required` when the account must set up a second factor first (an admin, or anyone
 * at a central office, who has none yet: such a session can only reach the enrolment routes).
 */
export function requireRole(needed: Role, options: { whileEnrolling?: boolean } = {}): RoleGuard {
  const guard: RequestHandler = (req, _res, next) => {
    const session = sessionOf(req);
    if (!session) return next(new HttpError(401, "unauthenticated", "log in first"));
    if (session.secondFactorMissing && !options.whileEnrolling) {
      return next(
        new HttpError(
          403,
          "second-factor-required",
          "set up a second factor (an authenticator app) first: Account / Security",
        ),
      );
    }
    if (!hasRole(session.role, needed)) {
      return next(new HttpError(403, "forbidden", `this needs the ${needed} role; you are ${session.role}`));
    }
    next();
  };
  return Object.assign(guard, { requiredRole: needed });
}

/** Any logged-in session, even one that still has to set up its second factor (the enrolment routes). */
export const requireSession: RoleGuard = requireRole("operator", { whileEnrolling: true });

export function isRoleGuard(handler: unknown): handler is RoleGuard {
  return typeof handler === "function" && "requiredRole" in handler;
}
