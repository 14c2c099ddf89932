/**
 * A sign's uptime timeline starts where its records do: a gate whose sign log begins mid-period (it
 * joined the central office in September) is grey before that, not green from the period's first day.
 */
import { describe, expect, it } from "vitest";
import { buildReport, type ReportInput } from "../../controller/src/reports/build.js";
import { chartSvg } from "../../controller/src/reports/charts.js";
import { periodOf } from "../../controller/src/reports/period.js";

const H = 3_600_000;
const period = periodOf("2026-07-01", "2026-12-31");
const start = Date.parse(period.startsAt);
const end = Date.parse(period.endsAt);
const at = (hours: number) => new Date(start + hours * H).toISOString();

function input(signEvents: ReportInput["signEvents"]): ReportInput {
  return {
    gate: { id: "le-thanh", name: "Lệ Thanh" },
    source: "central",
    period,
    generatedAt: start + 4000 * H,
    observedUntil: start + 3000 * H,
    plays: [],
    lastPlayEnd: null,
    skips: [],
    lastSkipAt: null,
    sessions: [],
    signEvents,
    signs: [{ id: "gate-sign", name: "Bảng LED cổng" }],
    screens: [],
    labels: { programs: new Map(), items: new Map() },
  };
}

/** The green lane's left and right edges as fractions of the plot (charts.ts: 230 px left, 70 right, 720 wide). */
function greenSpan(svg: string): [number, number] {
  const m = svg.match(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="14" fill="#009E73">/);
  if (!m) throw new Error("no green lane");
  const plot = 720 - 230 - 70;
  const x = Number(m[1]);
  return [(x - 230) / plot, (x + Number(m[2]) - 230) / plot];
}

describe("a sign's uptime timeline", () => {
  it("is green only from the sign's first record to where the gate's records end", () => {
    const report = buildReport(
      input([
        { signId: "gate-sign", at: at(2000), kind: "online", detail: {} },
        { signId: "gate-sign", at: at(2500), kind: "offline", detail: { reason: "no answer" } },
        { signId: "gate-sign", at: at(2510), kind: "online", detail: {} },
      ]),
    );
    const [sign] = report.signs;
    expect(sign?.hoursObserved).toBe(1000);
    expect(sign?.watched).toEqual({ from: at(2000), to: at(3000) });
    const [from, to] = greenSpan(chartSvg("sign-uptime", report) ?? "");
    const hours = (end - start) / H;
    expect(from).toBeCloseTo(2000 / hours, 2);
    expect(to).toBeCloseTo(3000 / hours, 2);
  });

  it("says nothing was watched for a sign with no records, and draws no green", () => {
    const report = buildReport(input([]));
    expect(report.signs[0]?.watched).toBeNull();
    expect(chartSvg("sign-uptime", report)).not.toContain('fill="#009E73"><title>');
  });
});
