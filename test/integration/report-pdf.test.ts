/**
 * Reports as PDF documents, printed by the real Chromium: a gate's own, a gate's at the central office,
 * the province's six-monthly one the central makes on its own (on demand, and once at start when its
 * run was missed), and the 503 where no Chromium is installed.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { siteSchema } from "../../controller/src/config/site-schema.js";
import { documentIssuer, provinceDocumentHtml } from "../../controller/src/reports/document-html.js";
import { HalfYearReports } from "../../controller/src/reports/half-year-job.js";
import { PdfPrinter } from "../../controller/src/reports/pdf.js";
import { ReportRunner } from "../../controller/src/reports/report-runner.js";
import { startTestController } from "../helpers/controller.js";
import { pdfFonts, pdfPageSizes, pdfText } from "../helpers/pdf.js";
import { waitFor } from "../helpers/processes.js";
import { NAMES, provinceReportFixture } from "../helpers/report-fixtures.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";
import { CENTRAL_SITE, configDir } from "./central-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

const A4: [number, number] = [595, 842];

/** The central of the tests with gates named in the four scripts and an issuer of its own. */
const SITE = `${CENTRAL_SITE.replace(
  "    - { id: cau-treo, name: Cầu Treo }\n    - { id: le-thanh, name: Lệ Thanh }\n",
  `    - { id: cau-treo, name: ${NAMES.vi} }\n    - { id: nam-phao, name: ${NAMES.lo} }\n    - { id: le-thanh, name: ${NAMES.km} }\n    - { id: huu-nghi, name: ${NAMES.zh} }\n`,
)}report:
  parentBody: UBND tỉnh Hà Tĩnh
  office: Trung tâm Thông tin đối ngoại
  numberSuffix: BC-TTĐN
  signer: { title: Giám đốc, name: Nguyễn Văn An }
`;

async function download(
  client: ConsoleClient,
  path: string,
): Promise<{ status: number; type: string; disposition: string; pdf: Buffer }> {
  const res = await fetch(`${client.base}${path}`, { headers: { cookie: `gc_session=${client.cookie}` } });
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    disposition: res.headers.get("content-disposition") ?? "",
    pdf: Buffer.from(await res.arrayBuffer()),
  };
}

function expectDocument(pdf: Buffer, fonts: string[], texts: string[]) {
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const sizes = pdfPageSizes(pdf);
  expect(sizes.length).toBeGreaterThan(0);
  for (const size of sizes) expect(size).toEqual(A4);
  const embedded = pdfFonts(pdf);
  for (const font of fonts) expect([...embedded]).toContain(font);
  const text = pdfText(pdf);
  // pdftotext comes with poppler-utils (scripts/test.mjs installs it); without it the fonts above
  // are the proof that each script was set in its font.
  // pdftotext puts a space after a mark it placed apart from its base (Lao "ດ່ ານສາກົ ນ"): the letters
  // are compared without white space.
  const letters = (s: string) => s.replace(/\s+/g, "");
  if (text !== undefined) for (const t of texts) expect(letters(text)).toContain(letters(t));
}

async function startCentral(env: Record<string, string> = {}) {
  const central = await startTestController({
    gate: "central-ha-tinh",
    env: { GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": SITE }), ...env },
  });
  await seedUsers(central, { hoa: "admin", tam: "supervisor" });
  return {
    central,
    admin: await new ConsoleClient(central.url).loginOk("hoa"),
    supervisor: await new ConsoleClient(central.url).loginOk("tam"),
  };
}

describe("reports as PDF documents", () => {
  it("prints a gate's own report on A4 in Tinos, with the national heading", async () => {
    const gate = await startTestController();
    await seedUsers(gate, { thu: "supervisor" });
    const supervisor = await new ConsoleClient(gate.url).loginOk("thu");
    const answer = await download(supervisor, "/api/v1/reports?from=2026-01-01&to=2026-06-30&format=pdf");
    expect(answer.status).toBe(200);
    expect(answer.type).toBe("application/pdf");
    expect(answer.disposition).toBe('attachment; filename="bao-cao-cau-treo-2026-01-01-2026-06-30.pdf"');
    expectDocument(
      answer.pdf,
      ["Tinos-Regular", "Tinos-Bold", "Tinos-Italic"],
      ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Nơi nhận:"],
    );
    // Only a central office prepares the province's reports.
    expect((await supervisor.get("/api/v1/central/report-files")).status).toBe(404);
  });

  it("sets the neighbours' names in their own fonts: a gate's report at the central, and the province's", async () => {
    const { supervisor } = await startCentral();
    const lao = await download(
      supervisor,
      "/api/v1/central/reports/nam-phao?from=2026-01-01&to=2026-06-30&format=pdf",
    );
    expect(lao.status).toBe(200);
    expectDocument(
      lao.pdf,
      ["Tinos-Bold", "NotoSansLao-Regular"],
      [NAMES.lo, "TRUNG TÂM THÔNG TIN ĐỐI NGOẠI"],
    );

    // A province of ten gates with every section filled, as the six-monthly job prints it.
    const site = siteSchema.parse(parseYaml(SITE));
    const { pdf } = await new PdfPrinter().print(
      provinceDocumentHtml(provinceReportFixture(10), documentIssuer(site)),
    );
    expectDocument(
      pdf,
      ["Tinos-Regular", "Tinos-Bold", "Tinos-Italic", "NotoSansLao-Regular", "NotoSansKhmer-Regular"],
      [NAMES.lo, NAMES.zh, "TÌNH HÌNH TỪNG CỬA KHẨU", "GIÁM ĐỐC"],
    );
    expect([...pdfFonts(pdf)].some((f) => f.startsWith("NotoSansSC"))).toBe(true);
  });

  it("answers 503 pdf-unavailable where no Chromium is installed, and JSON still works", async () => {
    const { supervisor } = await startCentral({ GATECAST_CHROMIUM: "/nonexistent/chromium" });
    const answer = await supervisor.get("/api/v1/central/reports/cau-treo?format=pdf");
    expect(answer.status).toBe(503);
    expect(answer.body.error).toMatchObject({ code: "pdf-unavailable" });
    expect(answer.body.error.message).toContain("GATECAST_CHROMIUM");
    expect((await supervisor.get("/api/v1/central/reports/cau-treo")).status).toBe(200);
  });

  it("makes the last half-year's province report on demand, keeps it, and announces it until dismissed", async () => {
    const { admin, supervisor } = await startCentral();
    const before = await admin.get("/api/v1/central/report-files");
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ files: [], lastRunAt: null });
    expect(Date.parse(before.body.nextRunAt)).toBeGreaterThan(Date.now());
    // Operators and supervisors cannot start it; the admin can.
    expect((await supervisor.post("/api/v1/central/report-files/run", {})).status).toBe(403);
    expect((await admin.post("/api/v1/central/report-files/run", {})).status).toBe(202);
    const listed = await waitFor(async () => {
      const answer = await admin.get("/api/v1/central/report-files");
      return answer.body.lastOutcome ? answer.body : undefined;
    }, 150_000);
    expect(listed.lastOutcome, listed.lastMessage).toBe("ok");
    expect(listed.files).toHaveLength(1);
    const file = listed.files[0];
    expect(file).toMatchObject({ gates: 4, notice: true });
    expect(file.period).toMatch(/^\d{4}-H[12]$/);
    const got = await download(supervisor, file.url);
    expect(got.status).toBe(200);
    expect(got.disposition).toBe(`attachment; filename="bao-cao-tinh-${file.period}.pdf"`);
    expectDocument(got.pdf, ["Tinos-Regular", "NotoSansLao-Regular", "NotoSansKhmer-Regular"], [NAMES.km]);
    expect(got.pdf.length).toBe(file.bytes);

    expect((await supervisor.post(`/api/v1/central/report-files/${file.period}/dismiss`, {})).status).toBe(
      403,
    );
    expect((await admin.post(`/api/v1/central/report-files/${file.period}/dismiss`, {})).status).toBe(204);
    expect((await admin.get("/api/v1/central/report-files")).body.files[0].notice).toBe(false);
    // Both the admin's acts are in the audit log.
    const audit = await admin.get("/api/v1/audit?entity=report-file");
    expect(
      audit.body.rows.map((r: { action: string; actor: string }) => `${r.action} ${r.actor}`).sort(),
    ).toEqual(["dismiss hoa", "run hoa"]);
    expect((await admin.post("/api/v1/central/report-files/2026-H3/dismiss", {})).status).toBe(400);
    expect((await admin.get("/api/v1/central/report-files/2001-H1")).status).toBe(404);
  });

  it("makes a run missed while the office was off once at start", async () => {
    const { central, admin } = await startCentral();
    // The office knew the job from its start (now); it is started again on 3 January of next year,
    // after the 1 January run it missed.
    const year = new Date().getUTCFullYear() + 1;
    const later = Date.parse(`${year}-01-03T09:00:00+07:00`);
    const runner = new ReportRunner(central.ctx.logger);
    const job = new HalfYearReports(central.ctx, runner, new PdfPrinter(), { now: () => later });
    job.start();
    const files = await waitFor(async () => {
      const answer = await admin.get("/api/v1/central/report-files");
      return answer.body.files.length > 0 ? answer.body : undefined;
    }, 150_000);
    job.stop();
    expect(files.lastOutcome, files.lastMessage).toBe("ok");
    expect(files.files[0]).toMatchObject({
      period: `${year - 1}-H2`,
      from: `${year - 1}-07-01`,
      to: `${year - 1}-12-31`,
    });
    // Started again the same day: nothing is missed any more.
    const again = new HalfYearReports(central.ctx, runner, new PdfPrinter(), {
      now: () => later + 3_600_000,
    });
    const record = again.record();
    expect(record.lastRunAt).toBe(new Date(later).toISOString());
  });
});
