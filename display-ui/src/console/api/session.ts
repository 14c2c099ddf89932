/** Logging in and out (`/api/v1/session`); see docs/api.md "Sessions and roles". */
import type { Lang, Localized } from "../../../../controller/src/domain/types.js";
import type { Role } from "../../../../controller/src/store/users-repo.js";
import type { ApiClient, Result } from "./http.js";

export type { Role };

/** Lowest to highest; each role may do everything the ones before it may. */
export const ROLES = ["operator", "supervisor", "admin"] as const satisfies readonly Role[];

export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface SessionUser {
  username: string;
  role: Role;
}

/** A gate, or the provincial central office that composes programs for the gates. */
export type SiteRole = "gate" | "central";

export interface SiteInfo {
  id: string;
  role: SiteRole;
  name: Localized;
  /** Vietnamese first. */
  languages: Lang[];
}

/** The account's second factor as the session sees it. */
export interface SessionSecondFactor {
  enrolled: boolean;
  /** Admins everywhere, every account at a central office. */
  required: boolean;
  /** Required and not set up: only the security screen works until it is. */
  missing: boolean;
}

export interface SessionAnswer {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
  idleTimeoutS: number;
  /** Absent from a controller older than second factors: none. */
  secondFactor?: SessionSecondFactor;
  /** Absent from a controller older than the central screens: a gate. */
  site?: SiteInfo;
}

/** The password was right; the code from the authenticator app (or a recovery code) must follow. */
export interface CodeStep {
  secondFactor: "totp";
  challenge: string;
  expiresAt: string;
}

export type LoginAnswer = SessionAnswer | CodeStep;

export function isCodeStep(answer: LoginAnswer): answer is CodeStep {
  return "challenge" in answer;
}

export async function login(
  api: ApiClient,
  username: string,
  password: string,
): Promise<Result<LoginAnswer>> {
  const answer = await api.post<LoginAnswer>("/session", { username, password });
  if (answer.ok && !isCodeStep(answer.value)) api.csrfToken = answer.value.csrfToken;
  return answer;
}

/** The login's second step: `code` is six digits or a recovery code. */
export async function loginCode(
  api: ApiClient,
  challenge: string,
  code: string,
): Promise<Result<SessionAnswer>> {
  const answer = await api.post<SessionAnswer>("/session/second-factor", { challenge, code });
  if (answer.ok) api.csrfToken = answer.value.csrfToken;
  return answer;
}

/** The session this browser's cookie has, with its CSRF token again (after a reload). */
export async function currentSession(api: ApiClient): Promise<Result<SessionAnswer>> {
  const answer = await api.get<SessionAnswer>("/session");
  if (answer.ok) api.csrfToken = answer.value.csrfToken;
  return answer;
}

export async function logout(api: ApiClient): Promise<Result<undefined>> {
  const answer = await api.delete("/session");
  api.csrfToken = undefined;
  return answer;
}
