/**
 * How long an emergency notice may hold every screen of a gate, as pure functions of the notice, who
 * asks, the gate's limits and the time.
 *
 * A notice interrupts every kiosk and sign at once, so one left running (or typed to end in 2099) takes
 * the gate's screens for good. An operator's notice lasts at most `operatorMaxHours` (24 h by default:
 * one shift hand-over, after which someone decides again). A supervisor or admin may create a longer
 * one, or extend a running one, but never to end more than `supervisorMaxHours` ahead of now (a week by
 * default: a closure over Tết or a flood lasts days, and a week keeps a person looking at it every
 * week); each extension is an explicit, audited action with a reason, and may be repeated.
 * A notice may be prepared at most MAX_LEAD_DAYS ahead: further than that it is content, not an alert.
 */
import { hasRole } from "../auth/roles.js";
import type { EmergencyNotice } from "../domain/types.js";
import type { Role } from "../store/users-repo.js";

export interface EmergencyLimits {
  operatorMaxHours: number;
  supervisorMaxHours: number;
}

export const MAX_LEAD_DAYS = 30;

const HOUR = 3_600_000;

export type Problem = { field: string; message: string; code: "invalid" | "forbidden" | "conflict" };

// Rounded up: a notice a minute too long must not read as exactly the limit.
const hours = (ms: number) => `${Math.ceil((ms / HOUR) * 10) / 10} h`;

/** The longest a notice this role creates may last, in hours. */
export function maxHoursFor(role: Role, limits: EmergencyLimits): number {
  return hasRole(role, "supervisor")
    ? Math.max(limits.supervisorMaxHours, limits.operatorMaxHours)
    : limits.operatorMaxHours;
}

/** Why a new notice may not be created as asked, or undefined. Instants are ISO-8601 with an offset. */
export function newNoticeProblem(
  notice: Pick<EmergencyNotice, "startsAt" | "expiresAt">,
  role: Role,
  limits: EmergencyLimits,
  now: number,
): Problem | undefined {
  const starts = Date.parse(notice.startsAt);
  const expires = Date.parse(notice.expiresAt);
  if (!Number.isFinite(starts) || !Number.isFinite(expires)) return undefined; // the schema says why
  if (expires <= now) return { field: "expiresAt", code: "invalid", message: "expiresAt: is in the past" };
  if (starts > now + MAX_LEAD_DAYS * 24 * HOUR) {
    return {
      field: "startsAt",
      code: "invalid",
      message: `startsAt: a notice starts at most ${MAX_LEAD_DAYS} days ahead; planned changes are content (a schedule)`,
    };
  }
  const max = maxHoursFor(role, limits);
  if (expires - starts > max * HOUR) {
    const who = hasRole(role, "supervisor") ? "a notice" : "an operator's notice";
    const extend = hasRole(role, "supervisor")
      ? "extend it later if it must go on"
      : "a supervisor can extend it";
    return {
      field: "expiresAt",
      code: "invalid",
      message: `expiresAt: ${who} lasts at most ${max} h (this one ${hours(expires - starts)}); ${extend}`,
    };
  }
  return undefined;
}

/** Why a notice may not be extended to `expiresAt`, or undefined. Only supervisors and admins extend. */
export function extensionProblem(
  notice: EmergencyNotice,
  expiresAt: string,
  role: Role,
  limits: EmergencyLimits,
  now: number,
): Problem | undefined {
  if (!hasRole(role, "supervisor")) {
    return {
      field: "",
      code: "forbidden",
      message: `extending a notice needs the supervisor or admin role; you are ${role}`,
    };
  }
  if (notice.clearedAt) {
    return { field: "", code: "conflict", message: `notice "${notice.id}" was cleared: create a new one` };
  }
  if (Date.parse(notice.expiresAt) <= now) {
    return { field: "", code: "conflict", message: `notice "${notice.id}" has expired: create a new one` };
  }
  const until = Date.parse(expiresAt);
  if (until <= Date.parse(notice.expiresAt)) {
    return {
      field: "expiresAt",
      code: "invalid",
      message: "expiresAt: an extension ends later than the notice does now; to end it sooner, clear it",
    };
  }
  const max = Math.max(limits.supervisorMaxHours, limits.operatorMaxHours);
  if (until - now > max * HOUR) {
    return {
      field: "expiresAt",
      code: "invalid",
      message: `expiresAt: an extension ends at most ${max} h from now (this one ${hours(until - now)}); extend again later`,
    };
  }
  return undefined;
}
