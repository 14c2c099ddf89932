/**
 * Users, sessions and second factors as `/api/v1/session`, `/users` and `/account` answer them, and
 * the codes of a refused password. Password hashes and secrets never cross: nothing here holds one.
 */
import type { Lang, Localized } from "./content.js";

/** Lowest to highest; each role may do everything the ones before it may. */
export const ROLES = ["operator", "supervisor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Why a new password is refused (auth/password-rules.ts); the console words each one itself. */
export const PASSWORD_PROBLEMS = [
  "too-short",
  "too-long",
  "whitespace",
  "repetitive",
  "common",
  "contains-username",
] as const;
export type PasswordProblemCode = (typeof PASSWORD_PROBLEMS)[number];

export interface SessionUser {
  username: string;
  role: Role;
}

/** A gate, or the provincial central office that composes programs for the gates. */
export type SiteRole = "gate" | "central";

/** A big screen of the gate, for the console's preview: its exact pixel size. */
export interface ScreenInfo {
  id: string;
  name: string;
  width: number;
  height: number;
}

export interface SiteInfo {
  id: string;
  role: SiteRole;
  name: Localized;
  /** Vietnamese first. */
  languages: Lang[];
  /**
   * The two-person rule (`approval.required`): a request waits for a second person. Without it a
   * request publishes at once, and the console says so before sending it.
   */
  approvalRequired: boolean;
  /** The gate's big screens (absent from an older controller). */
  screens?: ScreenInfo[];
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

/** A user as `/api/v1/users` lists it (admin). */
export interface UserRow {
  username: string;
  role: Role;
  disabled: boolean;
  /** Has a confirmed second factor (an authenticator app). */
  secondFactor: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The logged-in user's own second factor (`/api/v1/account/second-factor`). */
export interface SecondFactorStatus {
  enrolled: boolean;
  /** A secret was made and not yet confirmed. */
  enrolling: boolean;
  required: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

/** The secret to scan (as an `otpauth://` URI for the QR code) or to type; shown once. */
export interface Enrolment {
  secret: string;
  uri: string;
}
