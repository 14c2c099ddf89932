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

export interface SessionAnswer {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
  idleTimeoutS: number;
  /** Absent from a controller older than the central screens: a gate. */
  site?: SiteInfo;
}

export async function login(
  api: ApiClient,
  username: string,
  password: string,
): Promise<Result<SessionAnswer>> {
  const answer = await api.post<SessionAnswer>("/session", { username, password });
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
