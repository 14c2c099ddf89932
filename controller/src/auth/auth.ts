/**
 * Authentication of the operator console: cookie sessions, a synchronizer CSRF token, same-origin
 * checks and login rate limiting. Kiosks do not use cookies and are not affected.
 */
import { timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { HttpError } from "../errors.js";
import type { Logger } from "../log.js";
import type { Db } from "../store/database.js";
import { sessionFromAddress } from "../store/sessions-repo.js";
import { parseCookies, serializeCookie } from "./cookies.js";
import { Authenticator, type PasswordHasher, scryptHasher } from "./login.js";
import { PendingLogins } from "./pending-logins.js";
import { type LimitRules, LoginLimiter } from "./rate-limit.js";
import { attachSession, sessionOf } from "./roles.js";
import { SecondFactor } from "./second-factor.js";
import { type AuthClock, type Session, SessionStore, systemClock } from "./sessions.js";

export const SESSION_COOKIE = "gc_session";
export const CSRF_HEADER = "x-csrf-token";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface AuthOptions {
  clock?: AuthClock;
  idleMs?: number;
  absoluteMs?: number;
  limits?: LimitRules;
  hasher?: PasswordHasher;
  /** A central office: every account needs a second factor (at a gate, admins do). */
  secondFactorForAll?: boolean;
  /** How the site is named in authenticator apps (the site id). */
  siteLabel?: string;
}

/** Routes (relative to /api/v1) that change nothing a session could be abused for: no CSRF token. */
function csrfExempt(req: Request): boolean {
  // Logging in (both steps): there is no session (and so no token) yet; login CSRF is stopped by the
  // Origin check.
  return req.method === "POST" && (req.path === "/session" || req.path === "/session/second-factor");
}

/**
 * True when a browser says the request comes from another origin. No Origin header means a client that
 * is not a browser page (curl, the CLI, a kiosk's own code): browsers send Origin with every
 * POST/PUT/PATCH/DELETE. "null" (sandboxed frames, file: pages) is cross-origin.
 */
export function isCrossOrigin(req: Request): boolean {
  const origin = req.get("origin");
  if (origin === undefined) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return true;
  }
  const host = req.get("host");
  if (!host) return true;
  // Cookies are shared by every port of a host, so another service on the gate PC is "same-site" and
  // gets our SameSite=Strict cookie: the Origin comparison (scheme, host and port) is what stops it.
  return url.protocol !== `${req.protocol}:` || url.host !== new URL(`${req.protocol}://${host}`).host;
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Auth {
  readonly clock: AuthClock;
  readonly sessions: SessionStore;
  readonly limiter: LoginLimiter;
  readonly authenticator: Authenticator;
  readonly secondFactor: SecondFactor;
  readonly pendingLogins: PendingLogins;

  constructor(
    db: Db,
    private readonly logger: Logger,
    options: AuthOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.secondFactor = new SecondFactor(
      db,
      this.clock,
      options.secondFactorForAll ?? false,
      options.siteLabel ?? "gatecast",
    );
    this.pendingLogins = new PendingLogins(this.clock);
    this.sessions = new SessionStore(db, {
      clock: this.clock,
      ...(options.idleMs ? { idleMs: options.idleMs } : {}),
      ...(options.absoluteMs ? { absoluteMs: options.absoluteMs } : {}),
      secondFactorRequired: (role) => this.secondFactor.required(role),
    });
    // An address with a live session of the account is one its user works at: the per-account
    // ceiling (against distributed guessing) does not slow logins from there.
    this.limiter = new LoginLimiter(this.clock, options.limits, sessionFromAddress(db));
    this.authenticator = new Authenticator(db, this.limiter, options.hasher ?? scryptHasher);
    this.sessions.purgeExpired();
  }

  /** Middleware for /api/v1, before the body is parsed: session, then same-origin and CSRF checks. */
  guards(): RequestHandler[] {
    return [this.loadSession, this.checkCsrf];
  }

  /** Reads the session cookie; a cookie that names no live session is cleared in the answer. */
  readonly loadSession: RequestHandler = (req, res, next) => {
    const token = parseCookies(req.get("cookie")).get(SESSION_COOKIE);
    if (token !== undefined) {
      const session = this.sessions.find(token);
      if (session) attachSession(req, session);
      else this.clearCookie(req, res);
    }
    next();
  };

  /**
   * State-changing requests: refused when a browser says they come from another origin; and when they
   * ride on a session cookie, they must carry that session's token in `x-csrf-token` (a header a
   * cross-site form cannot set and a cross-site script cannot read). A request without a session is
   * left to the route (401 where a role is needed).
   */
  readonly checkCsrf: RequestHandler = (req, _res, next) => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    if (isCrossOrigin(req)) {
      this.logger.warn(
        { origin: req.get("origin"), path: req.path, address: req.ip },
        "cross-origin request refused",
      );
      return next(new HttpError(403, "csrf", "cross-origin request refused"));
    }
    const session = sessionOf(req);
    if (!session || csrfExempt(req)) return next();
    const sent = req.get(CSRF_HEADER);
    if (!sent || !tokensEqual(sent, session.csrfToken)) {
      return next(new HttpError(403, "csrf", `missing or wrong ${CSRF_HEADER} header; reload the console`));
    }
    next();
  };

  /** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure when the request is HTTPS. */
  setCookie(req: Request, res: Response, token: string, session: Session): void {
    const maxAge = (session.expiresAt - this.clock.now()) / 1000;
    this.#replaceCookie(res, serializeCookie(SESSION_COOKIE, token, { maxAge, secure: req.secure }));
  }

  clearCookie(req: Request, res: Response): void {
    this.#replaceCookie(res, serializeCookie(SESSION_COOKIE, "", { maxAge: 0, secure: req.secure }));
  }

  /** One Set-Cookie for our cookie per answer (a login after a stale cookie replaces the clearing one). */
  #replaceCookie(res: Response, value: string): void {
    const current = res.getHeader("Set-Cookie");
    const others = (Array.isArray(current) ? current : current === undefined ? [] : [String(current)]).filter(
      (c) => !c.startsWith(`${SESSION_COOKIE}=`),
    );
    res.setHeader("Set-Cookie", [...others, value]);
  }
}
