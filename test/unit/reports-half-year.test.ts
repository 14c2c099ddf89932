import { describe, expect, it } from "vitest";
import {
  missedHalfYearRun,
  nextHalfYearRun,
  previousHalfYear,
  previousHalfYearRun,
} from "../../controller/src/reports/half-year.js";

// Gate time is UTC+7 whatever the process's TZ (scripts/test.mjs runs this file under several).
const at = (iso: string) => Date.parse(iso);

describe("the half-year report's timing (gate time)", () => {
  it("runs on 1 January and 1 July at 06:00 gate time", () => {
    expect(new Date(nextHalfYearRun(at("2026-03-15T12:00:00+07:00"))).toISOString()).toBe(
      "2026-06-30T23:00:00.000Z",
    );
    expect(new Date(nextHalfYearRun(at("2026-07-01T05:59:59+07:00"))).toISOString()).toBe(
      "2026-06-30T23:00:00.000Z",
    );
    expect(new Date(nextHalfYearRun(at("2026-07-01T06:00:00+07:00"))).toISOString()).toBe(
      "2026-12-31T23:00:00.000Z",
    );
    // 31 December 23:30 UTC is already 1 January 06:30 at the gate: the next run is July's.
    expect(new Date(nextHalfYearRun(at("2026-12-31T23:30:00Z"))).toISOString()).toBe(
      "2027-06-30T23:00:00.000Z",
    );
    expect(new Date(previousHalfYearRun(at("2027-01-01T05:00:00+07:00"))).toISOString()).toBe(
      "2026-06-30T23:00:00.000Z",
    );
    expect(new Date(previousHalfYearRun(at("2027-01-01T06:00:00+07:00"))).toISOString()).toBe(
      "2026-12-31T23:00:00.000Z",
    );
  });

  it("reports on the half-year that ended, by the gate's date", () => {
    expect(previousHalfYear(at("2026-07-01T06:00:00+07:00"))).toMatchObject({
      key: "2026-H1",
      period: { from: "2026-01-01", to: "2026-06-30", startsAt: "2025-12-31T17:00:00.000Z" },
    });
    expect(previousHalfYear(at("2027-01-01T06:00:00+07:00"))).toMatchObject({
      key: "2026-H2",
      period: { from: "2026-07-01", to: "2026-12-31", endsAt: "2026-12-31T17:00:00.000Z" },
    });
    // 30 June 18:00 UTC is 1 July 01:00 at the gate: H1 has ended there.
    expect(previousHalfYear(at("2026-06-30T18:00:00Z")).key).toBe("2026-H1");
    expect(previousHalfYear(at("2026-06-30T16:00:00Z")).key).toBe("2025-H2");
  });

  it("runs a missed report once at start, and never for a half-year before the office knew the job", () => {
    const since = at("2026-02-01T00:00:00+07:00");
    // Off from 30 June to 3 July: 1 July's run was missed.
    expect(missedHalfYearRun(at("2026-02-01T00:00:00+07:00"), since, at("2026-07-03T09:00:00+07:00"))).toBe(
      true,
    );
    // It ran at start on 3 July: nothing missed until 1 January.
    expect(missedHalfYearRun(at("2026-07-03T09:00:05+07:00"), since, at("2026-12-31T23:59:00+07:00"))).toBe(
      false,
    );
    // Never run, and the office started in February: January's run is not missed.
    expect(missedHalfYearRun(null, since, at("2026-03-01T00:00:00+07:00"))).toBe(false);
    expect(missedHalfYearRun(null, since, at("2026-07-01T06:00:00+07:00"))).toBe(true);
  });
});
