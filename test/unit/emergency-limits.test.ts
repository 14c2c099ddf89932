import { describe, expect, it } from "vitest";
import {
  extensionProblem,
  maxHoursFor,
  newNoticeProblem,
} from "../../controller/src/content/emergency-limits.js";
import type { EmergencyNotice } from "../../controller/src/domain/types.js";

const H = 3_600_000;
const NOW = Date.parse("2026-06-01T08:00:00+07:00");
const LIMITS = { operatorMaxHours: 24, supervisorMaxHours: 168 };
const iso = (ms: number) => new Date(ms).toISOString();
const span = (fromH: number, toH: number) => ({
  startsAt: iso(NOW + fromH * H),
  expiresAt: iso(NOW + toH * H),
});

describe("a new emergency notice", () => {
  it("lasts at most operatorMaxHours for an operator, with a message naming the limit", () => {
    expect(newNoticeProblem(span(0, 24), "operator", LIMITS, NOW)).toBeUndefined();
    expect(newNoticeProblem(span(-1, 23), "operator", LIMITS, NOW)).toBeUndefined();
    const until2099 = { startsAt: iso(NOW), expiresAt: "2099-12-31T23:59:00+07:00" };
    expect(newNoticeProblem(until2099, "operator", LIMITS, NOW)).toMatchObject({
      field: "expiresAt",
      code: "invalid",
      message: expect.stringMatching(/an operator's notice lasts at most 24 h .*a supervisor can extend it/),
    });
    expect(newNoticeProblem(span(0, 24.01), "operator", LIMITS, NOW)?.message).toMatch(/this one 24.1 h/);
  });

  it("measures from startsAt, so a start in the past cannot stretch it", () => {
    expect(newNoticeProblem(span(-100, 1), "operator", LIMITS, NOW)?.field).toBe("expiresAt");
  });

  it("lets a supervisor or admin create one up to supervisorMaxHours", () => {
    expect(newNoticeProblem(span(0, 168), "supervisor", LIMITS, NOW)).toBeUndefined();
    expect(newNoticeProblem(span(0, 169), "admin", LIMITS, NOW)?.message).toMatch(
      /a notice lasts at most 168 h/,
    );
    expect(maxHoursFor("operator", LIMITS)).toBe(24);
    expect(maxHoursFor("supervisor", LIMITS)).toBe(168);
    expect(maxHoursFor("supervisor", { operatorMaxHours: 48, supervisorMaxHours: 24 })).toBe(48);
  });

  it("must end in the future and start within 30 days", () => {
    expect(newNoticeProblem(span(-2, -1), "admin", LIMITS, NOW)?.message).toBe("expiresAt: is in the past");
    expect(newNoticeProblem(span(31 * 24, 31 * 24 + 1), "admin", LIMITS, NOW)?.field).toBe("startsAt");
  });
});

describe("extending a notice", () => {
  const notice: EmergencyNotice = {
    id: "storm",
    title: { vi: "Bão" },
    body: {},
    ledText: {},
    ...span(-1, 5),
  };

  it("is for supervisors and admins", () => {
    expect(extensionProblem(notice, iso(NOW + 48 * H), "operator", LIMITS, NOW)).toMatchObject({
      code: "forbidden",
    });
    expect(extensionProblem(notice, iso(NOW + 48 * H), "supervisor", LIMITS, NOW)).toBeUndefined();
  });

  it("ends later than now's end and at most supervisorMaxHours from now", () => {
    expect(extensionProblem(notice, iso(NOW + 4 * H), "admin", LIMITS, NOW)?.message).toMatch(/ends later/);
    expect(extensionProblem(notice, iso(NOW + 168 * H), "admin", LIMITS, NOW)).toBeUndefined();
    expect(extensionProblem(notice, iso(NOW + 169 * H), "admin", LIMITS, NOW)?.message).toMatch(
      /at most 168 h from now \(this one 169 h\)/,
    );
  });

  it("refuses a cleared or expired notice (conflict)", () => {
    expect(
      extensionProblem({ ...notice, clearedAt: iso(NOW) }, iso(NOW + 9 * H), "admin", LIMITS, NOW),
    ).toMatchObject({
      code: "conflict",
    });
    expect(
      extensionProblem({ ...notice, ...span(-5, -1) }, iso(NOW + 9 * H), "admin", LIMITS, NOW),
    ).toMatchObject({
      code: "conflict",
    });
  });
});
