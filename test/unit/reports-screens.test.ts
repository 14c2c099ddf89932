/**
 * Big screens in the six-monthly report: their plays apart from the kiosks', per screen, and the items
 * they skipped, at the gate and at the central office from the same records.
 */
import { describe, expect, it } from "vitest";
import {
  storeUpload,
  type Upload,
  uploadPending,
  uploadSchema,
} from "../../controller/src/central/uploads.js";
import { formatGateIso } from "../../controller/src/domain/gate-time.js";
import { storeProof } from "../../controller/src/kiosk/proof.js";
import { buildReport, type ReportInput } from "../../controller/src/reports/build.js";
import { reportCsv } from "../../controller/src/reports/csv.js";
import { reportHtml } from "../../controller/src/reports/html.js";
import { periodOf } from "../../controller/src/reports/period.js";
import { centralReportInput, gateReportInput } from "../../controller/src/reports/records.js";
import { type Db, openDatabase } from "../../controller/src/store/database.js";
import { tempDir } from "../helpers/fixtures.js";
import { H, iso, MIN, screenProgramme, skipAt } from "../helpers/screen-records.js";

const SCREEN = { id: "gate-screen", name: "Màn hình LED quảng trường cửa khẩu" };
const SITE = {
  id: "thanh-thuy",
  name: { vi: "Cửa khẩu quốc tế Thanh Thủy" },
  signs: [],
  screens: [SCREEN, { id: "hall-screen", name: "Màn hình sảnh" }],
};

/** A day ago: a kiosk's loop and the gate screen's programme, two skipped videos and one missing file. */
function seedGate(db: Db, t0: number): void {
  storeProof(
    db,
    { kioskId: "kiosk-1", channel: "hall" },
    {
      plays: [
        { itemId: "welcome", scheduleId: null, startedAt: iso(t0), durationMs: 30 * MIN, language: "vi" },
      ],
      sessions: [],
    },
  );
  storeProof(
    db,
    { kioskId: "screen-pc-1", channel: SCREEN.id },
    {
      plays: screenProgramme(t0),
      sessions: [],
      skips: [
        skipAt(t0 + 3 * H, "broken-clip", "decode-error", {
          detail: "MEDIA_ERR_DECODE",
          language: "zh-Hans",
        }),
        skipAt(t0 + 3 * H + MIN, "broken-clip", "decode-error", {
          detail: "MEDIA_ERR_DECODE",
          language: "zh-Hans",
        }),
        skipAt(t0 + 3 * H + 2 * MIN, "hevc-clip", "unsupported", {
          detail: "MEDIA_ERR_DECODE",
          language: "zh-Hans",
        }),
        skipAt(t0 + 3 * H + 3 * MIN, "lost-clip", "missing-media", {
          detail: "MEDIA_ERR_DECODE",
          language: "zh-Hans",
        }),
      ],
    },
  );
}

function recent(now: number) {
  return periodOf(formatGateIso(now - 3 * 86_400_000).slice(0, 10), formatGateIso(now).slice(0, 10));
}

/** The gate uploads everything to a central office the way the HTTP route stores a body. */
async function uploadAll(gate: Db, central: Db, screens: Upload["screens"] = []) {
  const sent: Upload[] = [];
  const outcome = await uploadPending(
    gate,
    "thanh-thuy",
    async (upload) => {
      sent.push(upload);
      storeUpload(central, uploadSchema.parse(JSON.parse(JSON.stringify(upload))));
    },
    25,
    screens,
  );
  expect(outcome).toMatchObject({ error: null, more: false });
  return sent;
}

describe("big screens in the report", () => {
  it("counts the screens apart from the kiosks, per screen, with what they skipped by reason", () => {
    const db = openDatabase(tempDir());
    const now = Date.now();
    const t0 = now - 26 * H;
    seedGate(db, t0);
    const report = buildReport(gateReportInput(db, SITE, recent(now), now));
    expect(report.shown.kiosks.totalHours).toBe(0.5);
    expect(report.shown.kiosks.topItems.map((r) => r.key)).toEqual(["welcome"]);
    const screens = report.shown.screens;
    expect(screens.totalHours).toBe(2.5);
    expect(screens.byLanguage.map((r) => [r.key, r.hours, r.plays])).toEqual([
      ["vi", 1, 1],
      ["zh-Hans", 1, 1],
      ["en", 0.5, 1],
    ]);
    expect(screens.byProgram).toEqual([{ key: "gate", label: "gate", hours: 2.5, plays: 3 }]);
    expect(screens.topItems.map((r) => [r.key, r.hours, r.plays])).toEqual([
      ["tet-film", 2, 2],
      ["border-rules", 0.5, 1],
    ]);
    // Every screen of the site file, the idle one too.
    expect(screens.byScreen).toEqual([
      { key: "gate-screen", label: SCREEN.name, hours: 2.5, plays: 3 },
      { key: "hall-screen", label: "Màn hình sảnh", hours: 0, plays: 0 },
    ]);
    expect(screens.skipped).toEqual({
      total: 4,
      byReason: [
        { reason: "decode-error", count: 2 },
        { reason: "missing-media", count: 1 },
        { reason: "unsupported", count: 1 },
      ],
      topItems: [
        { itemId: "broken-clip", label: "broken-clip", count: 2 },
        { itemId: "hevc-clip", label: "hevc-clip", count: 1 },
        { itemId: "lost-clip", label: "lost-clip", count: 1 },
      ],
    });
    expect(report.lastRecordAt).toBe(iso(t0 + 3 * H + 3 * MIN));

    // A gate without screens in its site file: the same plays are all the kiosks'.
    const noScreens = buildReport(gateReportInput(db, { ...SITE, screens: [] }, recent(now), now));
    expect(noScreens.shown.kiosks.totalHours).toBe(3);
    expect(noScreens.shown.screens).toMatchObject({ totalHours: 0, byScreen: [], skipped: { total: 0 } });
  });

  it("gives the same figures at the central office, from the gate's uploads, skips included", async () => {
    const gate = openDatabase(tempDir());
    const central = openDatabase(tempDir());
    const now = Date.now();
    seedGate(gate, now - 26 * H);
    const sent = await uploadAll(gate, central, SITE.screens);
    expect(sent.every((u) => u.screens?.length === 2)).toBe(true);
    expect(sent.flatMap((u) => u.skips)).toHaveLength(4);
    expect(central.prepare("SELECT count(*) AS n FROM central_play_skips").get()).toEqual({ n: 4 });

    // Sent again (the gate lost its cursors): each skip is held once.
    gate.prepare("DELETE FROM meta WHERE key LIKE 'central.upload.%'").run();
    await uploadAll(gate, central, SITE.screens);
    expect(central.prepare("SELECT count(*) AS n FROM central_play_skips").get()).toEqual({ n: 4 });

    const period = recent(now);
    const at = Date.now();
    const atGate = buildReport(gateReportInput(gate, SITE, period, at));
    const office: ReportInput = centralReportInput(
      central,
      { id: "thanh-thuy", name: "Thanh Thủy" },
      period,
      at,
    );
    const atCentral = buildReport(office);
    expect(atCentral.source).toBe("central");
    expect(atCentral.shown.screens).toEqual(atGate.shown.screens);
    expect(atCentral.shown.kiosks).toEqual(atGate.shown.kiosks);
  });

  it("imports an older gate's upload (no screens, no skips) and counts its plays as kiosks'", () => {
    const central = openDatabase(tempDir());
    const now = Date.now();
    const old = {
      gate: "thanh-thuy",
      plays: [
        {
          deviceId: "screen-pc-1",
          channelId: "gate-screen",
          itemId: "tet-film",
          scheduleId: null,
          origin: null,
          language: "vi",
          startedAt: iso(now - 5 * H),
          durationMs: H,
        },
      ],
      signLogUntil: iso(now - H),
    };
    expect(storeUpload(central, uploadSchema.parse(old))).toEqual({ stored: 1, duplicates: 0 });
    const report = buildReport(
      centralReportInput(central, { id: "thanh-thuy", name: "Thanh Thủy" }, recent(now), now),
    );
    expect(report.shown.kiosks.totalHours).toBe(1);
    expect(report.shown.screens).toMatchObject({ totalHours: 0, byScreen: [], skipped: { total: 0 } });

    // Bounded and checked like the rest of an upload.
    const tooMany = { ...old, screens: Array.from({ length: 17 }, (_, i) => ({ id: `s-${i}`, name: "x" })) };
    expect(uploadSchema.safeParse(tooMany).error?.issues[0]?.path).toEqual(["screens"]);
    const badSkip = {
      ...old,
      skips: [
        {
          deviceId: "screen-pc-1",
          channelId: "gate-screen",
          itemId: "tet-film",
          scheduleId: null,
          at: iso(now),
          reason: "<script>",
          detail: null,
          language: null,
        },
      ],
    };
    expect(uploadSchema.safeParse(badSkip).error?.issues[0]?.path).toEqual(["skips", 0, "reason"]);
  });

  it("prints and exports the screens' section in Vietnamese", () => {
    const db = openDatabase(tempDir());
    const now = Date.now();
    seedGate(db, now - 26 * H);
    const report = buildReport(gateReportInput(db, SITE, recent(now), now));
    const html = reportHtml(report);
    expect(html).toContain("3. Màn hình LED lớn: 2,5 giờ");
    expect(html).toContain("Mục bị bỏ qua trên màn hình LED lớn: 4 lượt");
    expect(html).toContain("<td>Video không giải mã được</td>");
    expect(html).toContain("<td>Định dạng không phát được</td>");
    expect(html).toContain("<td>Thiếu tệp</td>");
    expect(html).toContain(`<td>${SCREEN.name}</td>`);
    expect(html).not.toMatch(/<script/i);
    const csv = reportCsv(report);
    expect(csv).toContain(`screen_shown_screen,gate-screen,${SCREEN.name},2.5,3,,,\r\n`);
    expect(csv).toContain("screen_shown_screen,hall-screen,Màn hình sảnh,0,0,,,\r\n");
    expect(csv).toContain("screen_shown_language,zh-Hans,Tiếng Trung,1,1,,,\r\n");
    expect(csv).toContain("screen_skipped_total,,,,4,,,\r\n");
    expect(csv).toContain("screen_skipped_reason,decode-error,Video không giải mã được,,2,,,\r\n");
    expect(csv).toContain("screen_skipped_item,broken-clip,broken-clip,,2,,,\r\n");
    // The kiosks' rows no longer hold the screen's plays.
    expect(csv).toContain("kiosk_shown_total,,,0.5,,,,\r\n");
  });
});
