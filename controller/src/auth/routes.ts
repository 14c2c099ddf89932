import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { FeatureContext } from "../context.js";
import type { SessionAnswer, UserRow } from "../contract/accounts.js";
import { formatGateIso } from "../domain/gate-time.js";
import { HttpError, parseOr400 } from "../errors.js";
import { recordAudit } from "../store/audit-repo.js";
import { inTransaction } from "../store/database.js";
import { usersWithSecondFactor } from "../store/second-factor-repo.js";
import {
  createUser,
  findUser,
  listUsers,
  otherActiveAdmins,
  ROLES,
  type Role,
  type User,
  UserError,
  updateUser,
} from "../store/users-repo.js";
import type { Auth } from "./auth.js";
import { hashPassword } from "./password.js";
import { passwordProblem } from "./password-rules.js";
import { actorOf, requireRole, requireSession, sessionOf } from "./roles.js";
import { SecondFactorError } from "./second-factor.js";
import type { Session } from "./sessions.js";

/** As the CLI's `user add` accepts. */
export const USERNAME_PATTERN = /^[a-zA-Z0-9._-]{2,64}$/;

const loginBody = z.strictObject({
  username: z.string().min(1, "enter a username").max(64),
  // Bounded: scrypt of a huge input is still cheap, but there is no reason to accept one.
  password: z.string().min(1, "enter a password").max(1000),
});

const secondStepBody = z.strictObject({
  challenge: z.string().min(1).max(100),
  // Six digits, or a recovery code ("abcd-efgh-jkmn-pqrs"); spaces as typed are allowed.
  code: z.string().min(1, "enter the code").max(64),
});

const codeBody = z.strictObject({ code: z.string().min(1, "enter the code").max(64) });

// Bounded here; what makes a password acceptable depends on the account (checkPassword).
const passwordField = z.string().min(1, "enter a password").max(1000);

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

const publicUser = (u: User, secondFactor: boolean): UserRow => ({
  username: u.username,
  role: u.role,
  disabled: u.disabled,
  secondFactor,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
});

/** 400 `password-<problem>` (too-short, whitespace, repetitive, common, contains-username, too-long). */
function checkPassword(password: string, username: string, role: Role): void {
  const problem = passwordProblem(password, { username, role });
  if (problem) throw new HttpError(400, `password-${problem.code}`, problem.message, "body.password");
}

function noStore(res: Response): void {
  res.set("Cache-Control", "no-store");
}

/** Sessions (login in one or two steps, logout), the user's own second factor, and users (admin). */
export function authRoutes(ctx: FeatureContext<"db">, auth: Auth): Router {
  const router = Router();
  const { db, logger } = ctx;
  const factor = auth.secondFactor;

  /**
   * `site`: the console shows a central office's screens at `role: central`; a central has no kiosk
   * state to read its name and languages from, so they come here too. `secondFactor.missing`: the
   * console opens only the security screen until one is set up.
   */
  const sessionAnswer = (s: Session): SessionAnswer => ({
    user: { username: s.username, role: s.role },
    csrfToken: s.csrfToken,
    expiresAt: formatGateIso(s.expiresAt),
    idleTimeoutS: Math.round(auth.sessions.idleMs / 1000),
    secondFactor: {
      enrolled: s.secondFactor,
      required: factor.required(s.role),
      missing: s.secondFactorMissing,
    },
    site: {
      id: ctx.settings.site.id,
      role: ctx.settings.site.role,
      name: ctx.settings.site.name,
      languages: ctx.settings.site.languages,
      approvalRequired: ctx.settings.site.approval.required,
      screens: ctx.settings.site.screens.map(({ id, name, width, height }) => ({ id, name, width, height })),
    },
  });

  const tooMany = (res: Response, waitMs: number, username: string, address: string): never => {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    res.set("Retry-After", String(seconds));
    logger.debug({ username, address }, "login refused: too many failures");
    throw new HttpError(429, "rate-limited", `too many failed logins; try again in ${seconds} s`);
  };

  /** A new session at every login (no fixation); a session the browser still had is ended. */
  const startSession = (req: Request, res: Response, userId: number, address: string, method: string) => {
    const old = sessionOf(req);
    if (old) auth.sessions.destroyById(old.id);
    auth.sessions.purgeExpired();
    const { token, session } = auth.sessions.create(userId, {
      address,
      ...(req.get("user-agent") ? { userAgent: req.get("user-agent") } : {}),
    });
    auth.setCookie(req, res, token, session);
    recordAudit(db, { name: session.username, address }, "login", "session", session.username, null, {
      userAgent: session.userAgent,
      ...(method === "password" ? {} : { secondFactor: method }),
    });
    res.json(sessionAnswer(session));
  };

  router.post("/session", async (req: Request, res: Response) => {
    noStore(res);
    const { username, password } = parseOr400(loginBody, req.body, "body");
    const address = req.ip ?? "unknown";
    const result = await auth.authenticator.login(username, password, address);
    if (!result.ok) {
      if (result.reason === "rate-limited") tooMany(res, result.retryAfterMs, username, address);
      else if (result.locks.length > 0) {
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
    if (result.secondFactor) {
      // The password was right; no session until the code is too.
      const { challenge, expiresAt } = auth.pendingLogins.create(
        result.user.id,
        result.user.username,
        address,
      );
      res.json({ secondFactor: "totp", challenge, expiresAt: formatGateIso(expiresAt) });
      return;
    }
    startSession(req, res, result.user.id, address, "password");
  });

  // The second step: the code from the authenticator app, or a recovery code. Limited as the
  // password is (per account and address), and each challenge takes at most 5 codes.
  router.post("/session/second-factor", (req: Request, res: Response) => {
    noStore(res);
    const { challenge, code } = parseOr400(secondStepBody, req.body, "body");
    const address = req.ip ?? "unknown";
    const pending = auth.pendingLogins.find(challenge, address);
    if (!pending) {
      throw new HttpError(
        401,
        "login-expired",
        "the login has expired or was refused; enter the password again",
      );
    }
    const { waitMs, attempt } = auth.limiter.begin(pending.username, address);
    if (!attempt) return tooMany(res, waitMs, pending.username, address);
    const user = findUser(db, pending.username);
    const method = user && !user.disabled ? factor.verify(user.id, code) : null;
    const actor = { name: pending.username, address };
    if (!user || !method) {
      auth.limiter.failed(attempt);
      auth.pendingLogins.failed(challenge);
      recordAudit(db, actor, "second-factor-failed", "session", pending.username, null, null);
      logger.info({ username: pending.username, address }, "second factor refused");
      throw new HttpError(
        401,
        "bad-code",
        "the code is not right (each code works once; wait for the next one)",
      );
    }
    auth.limiter.succeeded(attempt);
    auth.pendingLogins.end(challenge);
    if (method === "recovery-code") {
      const left = factor.state(user.id).recoveryCodesLeft;
      recordAudit(db, actor, "use-recovery-code", "user", user.username, null, { left });
      logger.warn({ username: user.username, address, left }, "a recovery code was used to log in");
    }
    startSession(req, res, user.id, address, method);
  });

  router.get("/session", (req, res) => {
    noStore(res);
    const session = sessionOf(req);
    if (!session) throw new HttpError(401, "unauthenticated", "not logged in");
    res.json(sessionAnswer(session));
  });

  router.delete("/session", requireSession, (req, res) => {
    const session = sessionOf(req) as Session;
    auth.sessions.destroyById(session.id);
    auth.clearCookie(req, res);
    recordAudit(db, actorOf(req), "logout", "session", session.username, null, null);
    res.status(204).end();
  });

  // The logged-in user's own second factor (the only routes a session without a required factor reaches).
  router.get("/account/second-factor", requireSession, (req, res) => {
    noStore(res);
    const session = sessionOf(req) as Session;
    const state = factor.state(session.userId);
    res.json({
      enrolled: state.enabled,
      enrolling: state.pending,
      required: factor.required(session.role),
      enabledAt: state.enabledAt,
      recoveryCodesLeft: state.recoveryCodesLeft,
    });
  });

  // A new secret to scan. Shown now and never again: once confirmed, no route returns it.
  router.post("/account/second-factor/enrolment", requireSession, (req, res) => {
    noStore(res);
    const session = sessionOf(req) as Session;
    try {
      const { secret, uri } = factor.begin(session.userId, session.username);
      recordAudit(db, actorOf(req), "begin-second-factor", "user", session.username, null, null);
      res.status(201).json({ secret, uri });
    } catch (error) {
      if (error instanceof SecondFactorError) throw new HttpError(409, error.code, error.message);
      throw error;
    }
  });

  router.post("/account/second-factor/confirmation", requireSession, (req, res) => {
    noStore(res);
    const session = sessionOf(req) as Session;
    const { code } = parseOr400(codeBody, req.body, "body");
    const address = req.ip ?? "unknown";
    const { waitMs, attempt } = auth.limiter.begin(session.username, address);
    if (!attempt) return tooMany(res, waitMs, session.username, address);
    try {
      const recoveryCodes = factor.confirm(session.userId, code);
      auth.limiter.succeeded(attempt);
      recordAudit(db, actorOf(req), "enable-second-factor", "user", session.username, null, {
        recoveryCodes: recoveryCodes.length,
      });
      // Sessions elsewhere were made with the password alone: they end; this one goes on.
      auth.sessions.destroyForUser(session.userId, session.id);
      res.json({ enabled: true, recoveryCodes });
    } catch (error) {
      if (!(error instanceof SecondFactorError)) throw error;
      if (error.code === "bad-code") {
        auth.limiter.failed(attempt);
        recordAudit(db, actorOf(req), "second-factor-failed", "user", session.username, null, {
          step: "enrolment",
        });
        throw new HttpError(400, "bad-code", error.message, "code");
      }
      auth.limiter.passedPassword(attempt);
      throw new HttpError(409, error.code, error.message);
    }
  });

  // Users (admin). Password hashes and second-factor secrets never leave the store.
  router.get("/users", requireRole("admin"), (_req, res) => {
    noStore(res);
    const withFactor = usersWithSecondFactor(db);
    res.json(listUsers(db).map((u) => publicUser(u, withFactor.has(u.id))));
  });

  router.post("/users", requireRole("admin"), async (req, res) => {
    const body = parseOr400(newUserBody, req.body, "body");
    checkPassword(body.password, body.username, body.role);
    const hash = await hashPassword(body.password);
    try {
      const user = createUser(db, actorOf(req), body.username, body.role, hash);
      res.status(201).json(publicUser(user, false));
    } catch (error) {
      if (error instanceof UserError) throw new HttpError(409, "conflict", error.message, "username");
      throw error;
    }
  });

  router.patch("/users/:username", requireRole("admin"), async (req, res) => {
    const change = parseOr400(userChangeBody, req.body, "body");
    const username = req.params.username as string;
    if (change.password !== undefined) {
      const current = findUser(db, username);
      if (!current) throw new HttpError(404, "not-found", `no user "${username}"`);
      // The rules of the role the account will have after this change.
      checkPassword(change.password, current.username, change.role ?? current.role);
    }
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
    const actor = actorOf(req); // Checked and written in one transaction: two admins demoting each other at once can't both win.
    const user = inTransaction(db, () => {
      const target = findUser(db, username);
      if (!target) throw new HttpError(404, "not-found", `no user "${username}"`);
      const losesAdmin =
        target.role === "admin" &&
        !target.disabled &&
        ((change.role !== undefined && change.role !== "admin") || change.disabled === true);
      if (losesAdmin) {
        if (otherActiveAdmins(db, target.id) === 0) {
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
    });
    // A disabled user is logged out everywhere; a new password ends the user's other sessions.
    if (change.disabled === true) auth.sessions.destroyForUser(user.id);
    else if (passwordHash !== undefined) auth.sessions.destroyForUser(user.id, sessionOf(req)?.id);
    res.json(publicUser(user, factor.state(user.id).enabled));
  });

  // An admin resets a user's second factor (a lost phone): the user sets one up again at next login.
  router.delete("/users/:username/second-factor", requireRole("admin"), (req, res) => {
    const username = req.params.username as string;
    const target = findUser(db, username);
    if (!target) throw new HttpError(404, "not-found", `no user "${username}"`);
    const removed = inTransaction(db, () => {
      const had = factor.reset(target.id);
      if (had) recordAudit(db, actorOf(req), "reset-second-factor", "user", target.username, null, null);
      return had;
    });
    if (!removed) throw new HttpError(404, "not-found", `"${target.username}" has no second factor`);
    // Sessions made with the factor end: the next login asks for the password and a new set-up.
    auth.sessions.destroyForUser(
      target.id,
      target.id === sessionOf(req)?.userId ? sessionOf(req)?.id : undefined,
    );
    logger.warn({ username: target.username, by: actorOf(req).name }, "second factor reset by an admin");
    res.status(204).end();
  });

  return router;
}
