import { afterEach, describe, expect, it } from "vitest";
import {
  formatBeijingIso,
  formatGateIso,
  formatGateIsoOrNull,
  isInstant,
  parseInstant,
  requireInstant,
} from "../../../controller/src/domain/instant.js";

// Inside the domain an instant is epoch milliseconds; these are the conversions at its edges. This file
// is under test/unit/schedule, so `npm test` runs it again under TZ=UTC and TZ=America/New_York.

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

const EIGHT_AT_THE_GATE = Date.UTC(2026, 1, 17, 1, 0); // 2026-02-17 08:00 at UTC+7

describe("instant: ISO in", () => {
  it("reads an instant with an offset exactly", () => {
    expect(parseInstant("2026-02-17T08:00:00+07:00")).toBe(EIGHT_AT_THE_GATE);
    expect(parseInstant("2026-02-17T01:00:00Z")).toBe(EIGHT_AT_THE_GATE);
    expect(parseInstant("2026-02-17T09:00:00.000+08:00")).toBe(EIGHT_AT_THE_GATE);
  });

  it("reads a wall time without an offset at the gate, whatever the process TZ", () => {
    for (const tz of ["UTC", "America/New_York", "Asia/Ho_Chi_Minh", "Pacific/Kiritimati"]) {
      process.env.TZ = tz;
      expect(parseInstant("2026-02-17T08:00")).toBe(EIGHT_AT_THE_GATE);
      expect(parseInstant("2026-02-17")).toBe(Date.UTC(2026, 1, 16, 17, 0));
    }
  });

  it("is NaN, or a RangeError when required, for anything else", () => {
    expect(parseInstant("yesterday")).toBeNaN();
    expect(() => requireInstant("yesterday", "at")).toThrow(/at: not an ISO-8601 instant/);
    expect(requireInstant(" 2026-02-17T08:00:00+07:00 ")).toBe(EIGHT_AT_THE_GATE);
    expect(isInstant(EIGHT_AT_THE_GATE)).toBe(true);
    expect(isInstant(Number.NaN)).toBe(false);
    expect(isInstant("2026-02-17T08:00:00+07:00")).toBe(false);
  });
});

describe("instant: ISO out", () => {
  it("writes the wire form at +07:00, milliseconds only when not zero", () => {
    expect(formatGateIso(EIGHT_AT_THE_GATE)).toBe("2026-02-17T08:00:00+07:00");
    expect(formatGateIso(EIGHT_AT_THE_GATE + 5)).toBe("2026-02-17T08:00:00.005+07:00");
    expect(formatBeijingIso(EIGHT_AT_THE_GATE)).toBe("2026-02-17T09:00:00+08:00");
    expect(formatGateIsoOrNull(null)).toBeNull();
    expect(formatGateIsoOrNull(EIGHT_AT_THE_GATE)).toBe("2026-02-17T08:00:00+07:00");
    expect(() => formatGateIso(Number.NaN)).toThrow(RangeError);
  });

  it("writes the same string under every process TZ, across a US daylight-saving change", () => {
    const t = Date.UTC(2026, 2, 8, 16, 59, 59); // 23:59:59 at the gate on the day New York springs forward
    const written = ["UTC", "America/New_York", "Australia/Lord_Howe"].map((tz) => {
      process.env.TZ = tz;
      return formatGateIso(t);
    });
    expect(written).toEqual(Array(3).fill("2026-03-08T23:59:59+07:00"));
  });

  it("round-trips: what goes out comes back as the same instant", () => {
    for (const t of [0, EIGHT_AT_THE_GATE, EIGHT_AT_THE_GATE + 999, Date.UTC(2099, 11, 31, 16, 59, 59)]) {
      expect(parseInstant(formatGateIso(t))).toBe(t);
      expect(parseInstant(formatBeijingIso(t))).toBe(t);
    }
  });
});
