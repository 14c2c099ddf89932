import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { Auth } from "../auth/auth.js";
import { hashPassword, passwordProblem } from "../auth/password.js";
import { actorOf, requireRole, sessionOf } from "../auth/roles.js";
import type { Session } from "../auth/sessions.js";
import type { Context } from "../context.js";
import { formatGateIso } from "../domain/gate-time.js";
import { recordAudit } from "../store/audit-repo.js";
import {
  createUser,
  findUser,
  listUsers,
  ROLES,
  type User,
  UserError,
  updateUser,
} from "../store/users-repo.js";
import { HttpError, parseOr400 } from "./errors.js";

/** As the CLI's `user add` accepts. */
export const USERNAME_PATTERN = /^[a-zA-Z0-9._-]{2,64}$/;

const loginBody = z.strictObject({
  username: z.string().min(1, "enter a username").max(64),
  // Bounded: scrypt of a huge input is still cheap, but there is no reason to accept one.
  password: z.string().min(1, "enter a password").max(1000),
});

const passwordField = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

const newUserBody = z.strictObject({
  username: z.string().regex(USERNAME_PATTERN, "a username has 2–64 letters, digits, '.', '_' or '-'"),
  role: z.enum(ROLES),
  password: passwordField,
});

const userChangeBody = z
  .strictObject({
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    password: passwordField.optional(),
  })
  .refine((b) => b.role !== undefined || b.disabled !== undefined || b.password !== undefined, {
    message: "change at least one of role, disabled, password",
  });

const publicUser = (u: User) => ({
  username: u.username,
  role: u.role,
  disabled: u.disabled,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

function noStore(res: Response): void {
  res.set("Cache-Control", "no-store");
}

export function authRoutes(ctx: Context, auth: Auth): Router {
  const router = Router();
  const { db, logger } = ctx;

  /**
   * `site`: the console shows a central office's screens at `role: central`; a central has no kiosk
   * state to read its name and languages from, so they come here too.
   */
  const sessionAnswer = (s: Session) => ({
    user: { username: s.username, role: s.role },
    csrfToken: s.csrfToken,
    expiresAt: formatGateIso(s.expiresAt),
    idleTimeoutS: Math.round(auth.sessions.idleMs / 1000),
    site: {
      id: ctx.settings.site.id,
      role: ctx.settings.site.role,
      name: ctx.settings.site.name,
      languages: ctx.settings.site.languages,
    },
  });

  router.post("/session", async (req: Request, res: Response) => {
    noStore(res);
    const { username, password } = parseOr400(loginBody, req.body, "body");
    const address = req.ip ?? "unknown";
    const result = await auth.authenticator.login(username, password, address);
    if (!result.ok) {
      if (result.reason === "rate-limited") {
        const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
        res.set("Retry-After", String(seconds));
        logger.debug({ username, address }, "login refused: too many failures");
        throw new HttpError(429, "rate-limited", `too many failed logins; try again in ${seconds} s`);
      }
      if (result.locks.length > 0) {
        // Once per lock: a guessing attack is visible in the log without flooding it.
        logger.warn(
          { username, address, locked: result.locks },
          "repeated login failures: locked for 15 minutes",
        );
      } else {
        logger.info({ username, address }, "login failed");
      }
      throw new HttpError(401, "bad-credentials", "wrong username or password");
    }
    // A new session at every login (no fixation); a session the browser still had is ended.
    const old = sessionOf(req);
    if (old) auth.sessions.destroyById(old.id);
    auth.sessions.purgeExpired();
    const { token, session } = auth.sessions.create(result.user.id, {
      address,
      ...(req.get("user-agent") ? { userAgent: req.get("user-agent") } : {}),
    });
    auth.setCookie(req, res, token, session);
    recordAudit(db, { name: session.username, address }, "login", "session", session.username, null, {
      userAgent: session.userAgent,
    });
    res.json(sessionAnswer(session));
  });

  router.get("/session", (req, res) => {
    noStore(res);
    const session = sessionOf(req);
    if (!session) throw new HttpError(401, "unauthenticated", "not logged in");
    res.json(sessionAnswer(session));
  });

  router.delete("/session", requireRole("operator"), (req, res) => {
    const session = sessionOf(req) as Session;
    auth.sessions.destroyById(session.id);
    auth.clearCookie(req, res);
    recordAudit(db, actorOf(req), "logout", "session", session.username, null, null);
    res.status(204).end();
  });

  // Users (admin). Password hashes never leave the store.
  router.get("/users", requireRole("admin"), (_req, res) => {
    noStore(res);
    res.json(listUsers(db).map(publicUser));
  });

  router.post("/users", requireRole("admin"), async (req, res) => {
    const body = parseOr400(newUserBody, req.body, "body");
    const hash = await hashPassword(body.password);
    try {
      const user = createUser(db, actorOf(req), body.username, body.role, hash);
      res.status(201).json(publicUser(user));
    } catch (error) {
      if (error instanceof UserError) throw new HttpError(409, "conflict", error.message, "username");
      throw error;
    }
  });

  router.patch("/users/:username", requireRole("admin"), async (req, res) => {
    const change = parseOr400(userChangeBody, req.body, "body");
    const username = req.params.username as string;
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
    const actor = actorOf(req);
    // Checked and written in one transaction: two admins demoting each other at once can't both win.
    const user = db.transaction(() => {
      const target = findUser(db, username);
      if (!target) throw new HttpError(404, "not-found", `no user "${username}"`);
      const losesAdmin =
        target.role === "admin" &&
        !target.disabled &&
        ((change.role !== undefined && change.role !== "admin") || change.disabled === true);
      if (losesAdmin) {
        const { n } = db
          .prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?")
          .get(target.id) as { n: number };
        if (n === 0) {
          throw new HttpError(
            409,
            "last-admin",
            `"${target.username}" is the last active admin; make another user admin first`,
            change.disabled === true ? "disabled" : "role",
          );
        }
      }
      return updateUser(db, actor, target.username, {
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
      });
    })();
    // A disabled user is logged out everywhere; a new password ends the user's other sessions.
    if (change.disabled === true) auth.sessions.destroyForUser(user.id);
    else if (passwordHash !== undefined) auth.sessions.destroyForUser(user.id, sessionOf(req)?.id);
    res.json(publicUser(user));
  });

  return router;
}
