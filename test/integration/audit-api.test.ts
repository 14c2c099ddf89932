import { beforeAll, describe, expect, it } from "vitest";
import { auditCsv } from "../../controller/src/audit/routes.js";
import { type AuditRow, recordAudit } from "../../controller/src/store/audit-repo.js";
import { csvCell } from "../../controller/src/text/csv.js";
import { startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

async function gate() {
  const c = await startTestController();
  await seedUsers(c, { lan: "operator", mai: "supervisor", "-cmd": "operator" });
  const db = c.ctx.db;
  // Audit rows at known instants (the pack import wrote its own rows before these).
  db.prepare("DELETE FROM audit").run();
  const at = (iso: string, fn: () => void) => {
    fn();
    db.prepare("UPDATE audit SET at = ? WHERE id = (SELECT max(id) FROM audit)").run(
      new Date(iso).toISOString(),
    );
  };
  at("2026-06-01T08:00:00+07:00", () =>
    recordAudit(db, { name: "lan", address: "10.0.0.5" }, "create", "item", "welcome", null, {
      title: { vi: "Chào" },
    }),
  );
  at("2026-06-01T09:00:00+07:00", () =>
    recordAudit(
      db,
      { name: "lan", address: "10.0.0.5" },
      "update",
      "playlist",
      "attract",
      { a: 1 },
      { a: 2 },
    ),
  );
  at("2026-06-02T08:00:00+07:00", () =>
    recordAudit(db, { name: "mai", address: "10.0.0.6" }, "update", "item", "welcome", null, {
      title: { vi: 'Cửa khẩu "Cầu Treo", Hà Tĩnh' },
    }),
  );
  at("2026-06-03T08:00:00+07:00", () =>
    recordAudit(db, { name: "-cmd", address: "10.0.0.7" }, "create", "item", "=HYPERLINK(1)", null, null),
  );
  const mai = await new ConsoleClient(c.url).loginOk("mai");
  return { c, mai };
}

describe("GET /api/v1/audit (supervisor)", () => {
  it("filters by entity, actor, time range, and pages with limit/offset and a total", async () => {
    const { mai } = await gate();
    const all = await mai.get("/api/v1/audit?entity=item");
    expect(all.status).toBe(200);
    expect(all.headers.get("cache-control")).toBe("no-store");
    expect(all.body.total).toBe(3);
    expect(all.body.rows.map((r: AuditRow) => r.at)).toEqual([
      "2026-06-03T08:00:00+07:00",
      "2026-06-02T08:00:00+07:00",
      "2026-06-01T08:00:00+07:00",
    ]);
    expect(all.body.rows[2]).toMatchObject({
      actor: "lan",
      address: "10.0.0.5",
      action: "create",
      entityId: "welcome",
      before: null,
      after: { title: { vi: "Chào" } },
    });

    const byLan = await mai.get("/api/v1/audit?actor=LAN");
    expect(byLan.body.rows.map((r: AuditRow) => r.entity)).toEqual(["playlist", "item"]);

    const day = await mai.get(
      `/api/v1/audit?from=${encodeURIComponent("2026-06-01T00:00:00+07:00")}&to=${encodeURIComponent("2026-06-02T00:00:00+07:00")}`,
    );
    expect(day.body.total).toBe(2);
    // `to` is exclusive, any offset works.
    const edge = await mai.get(`/api/v1/audit?to=${encodeURIComponent("2026-06-01T01:00:00Z")}`);
    expect(edge.body.total).toBe(0);

    const page = await mai.get("/api/v1/audit?entity=item&limit=1&offset=1");
    expect(page.body).toMatchObject({ limit: 1, offset: 1 });
    expect(page.body.rows).toHaveLength(1);
    expect(page.body.rows[0].at).toBe("2026-06-02T08:00:00+07:00");

    expect((await mai.get("/api/v1/audit?entityId=attract")).body.total).toBe(1);
  });

  it("answers 400 naming the field for a bad filter", async () => {
    const { mai } = await gate();
    expect((await mai.get("/api/v1/audit?from=yesterday")).body.error.field).toBe("query.from");
    expect((await mai.get("/api/v1/audit?limit=0")).body.error.field).toBe("query.limit");
    expect((await mai.get("/api/v1/audit?limit=5000")).body.error.field).toBe("query.limit");
    expect((await mai.get("/api/v1/audit?sort=at")).status).toBe(400);
  });

  it("is refused to an operator", async () => {
    const { c } = await gate();
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    expect((await lan.get("/api/v1/audit")).status).toBe(403);
    expect((await lan.get("/api/v1/audit.csv")).status).toBe(403);
  });
});

describe("GET /api/v1/audit.csv", () => {
  it("starts with a BOM, escapes quotes, neutralizes formulas and keeps Vietnamese", async () => {
    const { c, mai } = await gate();
    const res = await fetch(`${c.url}/api/v1/audit.csv?entity=item`, {
      headers: { cookie: `gc_session=${mai.cookie}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="audit-cau-treo-\d{8}-\d{4}\.csv"$/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe("id,at,actor,address,action,entity,entityId,before,after");
    expect(lines).toHaveLength(5); // header, 3 rows, and the empty string after the final CRLF
    expect(lines[4]).toBe("");
    // Row order is newest first: the formula row.
    expect(lines[1]).toMatch(
      /^\d+,2026-06-03T08:00:00\+07:00,'-cmd,10\.0\.0\.7,create,item,'=HYPERLINK\(1\),,$/,
    );
    expect(lines[2]).toContain(',"{""title"":{""vi"":""Cửa khẩu \\""Cầu Treo\\"", Hà Tĩnh""}}"');
  });

  it("takes the same filters", async () => {
    const { mai } = await gate();
    const csv = await mai.get("/api/v1/audit.csv?actor=mai&entity=item");
    expect(csv.text.trim().split("\r\n")).toHaveLength(2);
    // mai's own login is in the log too (entity "session").
    expect((await mai.get("/api/v1/audit.csv?actor=mai")).text.trim().split("\r\n")).toHaveLength(3);
  });
});

describe("csvCell and auditCsv", () => {
  it("prefixes every formula start with a quote and quotes only when needed", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}1+1`)).toMatch(/^"?'/);
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell('=cmd|" /C calc"!A0')).toBe(`"'=cmd|"" /C calc""!A0"`);
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell("Lệ Thanh")).toBe("Lệ Thanh");
  });

  it("writes an empty log as a BOM and the header", () => {
    expect(auditCsv([])).toBe("\uFEFFid,at,actor,address,action,entity,entityId,before,after\r\n");
  });
});
