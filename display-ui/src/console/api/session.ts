/** Logging in and out (`/api/v1/session`); see docs/api.md "Sessions and roles". */
import {
  type CodeStep,
  type LoginAnswer,
  ROLES,
  type Role,
  type SessionAnswer,
} from "../../../../controller/src/contract/accounts.js";
import type { ApiClient, Result } from "./http.js";

export type {
  CodeStep,
  LoginAnswer,
  Role,
  SessionAnswer,
  SessionSecondFactor,
  SessionUser,
  SiteInfo,
  SiteRole,
} from "../../../../controller/src/contract/accounts.js";
export { ROLES };

export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

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
