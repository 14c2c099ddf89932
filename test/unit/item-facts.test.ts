/**
 * An item's facts (source, review-by date, checked-on date): validated like any input, stored by
 * migration 14 (an existing database keeps its items, with no facts), read back, found when past
 * review, and carried by the default packs into a new gate's database.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { programContentSchema } from "../../controller/src/central/manifest.js";
import { importPackOnce, readPack } from "../../controller/src/content/pack.js";
import { isPastReview, itemsPastReview as pastReview } from "../../controller/src/contract/content.js";
import { FACTS_SOURCE_MAX, itemSchema } from "../../controller/src/domain/schemas.js";
import type { ContentItem } from "../../controller/src/domain/types.js";
import { buildReport } from "../../controller/src/reports/build.js";
import { reportCsv } from "../../controller/src/reports/csv.js";
import { reportHtml } from "../../controller/src/reports/html.js";
import { periodOf } from "../../controller/src/reports/period.js";
import { gateReportInput } from "../../controller/src/reports/records.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getItem, itemsPastReview, listItems, saveEntity } from "../../controller/src/store/content-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { applyMigrations, MIGRATIONS, schemaVersion } from "../../controller/src/store/migrations.js";
import { tempDir } from "../helpers/fixtures.js";

const CONTENT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../content");

const article = (id: string, facts?: ContentItem["facts"]): ContentItem => ({
  id,
  kind: "article",
  title: { vi: "Giờ làm việc" },
  body: { vi: "07:00 – 18:00" },
  ledText: {},
  durationS: 10,
  categories: ["hours"],
  ...(facts ? { facts } : {}),
});

function issuesOf(input: unknown): string[] {
  const parsed = itemSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("facts on an item: the schema", () => {
  it("takes a source, a review date and an optional checked date", () => {
    expect(issuesOf(article("a", { source: "Nghị định 134/2016/NĐ-CP", reviewBy: "2027-06-30" }))).toEqual(
      [],
    );
    expect(
      issuesOf(
        article("a", { source: "Gọi Đồn Biên phòng", reviewBy: "2027-06-30", checkedOn: "2026-12-01" }),
      ),
    ).toEqual([]);
  });

  it("refuses, naming the field: no source, a bad date, an unknown key, a review before the check", () => {
    expect(issuesOf({ ...article("a"), facts: { source: "", reviewBy: "2027-06-30" } })[0]).toMatch(
      /^facts\.source: required/,
    );
    expect(issuesOf({ ...article("a"), facts: { source: "x", reviewBy: "2027-02-30" } })[0]).toMatch(
      /^facts\.reviewBy: no such date/,
    );
    expect(issuesOf({ ...article("a"), facts: { source: "x", reviewBy: "30/06/2027" } })[0]).toMatch(
      /^facts\.reviewBy: expected a date/,
    );
    expect(
      issuesOf({ ...article("a"), facts: { source: "x", reviewBy: "2027-06-30", by: "me" } })[0],
    ).toMatch(/^facts/);
    expect(
      issuesOf({ ...article("a"), facts: { source: "x", reviewBy: "2027-01-01", checkedOn: "2027-02-01" } }),
    ).toEqual(["facts.reviewBy: is before checkedOn"]);
  });

  it("bounds the source and refuses control and bidi characters in it", () => {
    const long = "x".repeat(FACTS_SOURCE_MAX + 1);
    expect(issuesOf({ ...article("a"), facts: { source: long, reviewBy: "2027-06-30" } })[0]).toMatch(
      /^facts\.source: at most 500/,
    );
    expect(issuesOf({ ...article("a"), facts: { source: "a\u202Eb", reviewBy: "2027-06-30" } })[0]).toMatch(
      /^facts\.source: contains the bidirectional control/,
    );
  });
});

describe("facts in a central program's content", () => {
  it("travel with the item, checked by the same schema", () => {
    const facts = { source: "Thông báo của Bộ Chỉ huy Bộ đội Biên phòng tỉnh", reviewBy: "2027-03-31" };
    const ok = programContentSchema.safeParse({ items: [article("hours", facts)] });
    expect(ok.success && ok.data.items[0]?.facts).toEqual(facts);
    const bad = programContentSchema.safeParse({
      items: [article("hours", { source: "x", reviewBy: "soon" })],
    });
    expect(bad.error?.issues[0]?.path).toEqual(["items", 0, "facts", "reviewBy"]);
  });
});

describe("facts past review (contract, shared by the console and the report)", () => {
  it("is due on reviewBy and past from the day after, longest overdue first", () => {
    const a = article("a", { source: "s", reviewBy: "2027-01-10" });
    const b = article("b", { source: "s", reviewBy: "2026-12-31" });
    const c = article("c");
    expect(isPastReview(a, "2027-01-10")).toBe(false);
    expect(isPastReview(a, "2027-01-11")).toBe(true);
    expect(isPastReview(c, "2099-01-01")).toBe(false);
    expect(pastReview([a, b, c], "2027-02-01").map((i) => i.id)).toEqual(["b", "a"]);
  });
});

describe("migration 14: facts on stored items", () => {
  it("brings a database at version 13 forward, keeping its items (without facts)", () => {
    const db = new Database(":memory:");
    applyMigrations(
      db,
      MIGRATIONS.filter((m) => m.version <= 13),
    );
    expect(schemaVersion(db)).toBe(13);
    db.prepare(
      `INSERT INTO items (id, kind, title, body, led_text, duration_s, categories, origin, updated_at)
       VALUES ('opening-hours', 'article', '{"vi":"Giờ làm việc"}', '{}', '{}', 20, '["hours"]', 'pack:x', '2026-01-01T00:00:00Z')`,
    ).run();

    expect(applyMigrations(db)).toEqual(MIGRATIONS.filter((m) => m.version > 13).map((m) => m.version));
    const before = getItem(db, "opening-hours");
    expect(before?.title).toEqual({ vi: "Giờ làm việc" });
    expect(before && "facts" in before).toBe(false);
    expect(itemsPastReview(db, "2099-01-01")).toEqual([]);

    const facts = {
      source: "Gọi Đồn Biên phòng ngày 01/12/2026",
      reviewBy: "2027-06-30",
      checkedOn: "2026-12-01",
    };
    saveEntity(db, SYSTEM, "item", { ...(before as ContentItem), facts });
    expect(getItem(db, "opening-hours")?.facts).toEqual(facts);
    expect(itemsPastReview(db, "2027-06-30")).toEqual([]);
    expect(itemsPastReview(db, "2027-07-01").map((i) => i.id)).toEqual(["opening-hours"]);

    // Facts removed: the item is no longer listed.
    const { facts: _gone, ...without } = getItem(db, "opening-hours") as ContentItem;
    saveEntity(db, SYSTEM, "item", without);
    expect(getItem(db, "opening-hours")?.facts).toBeUndefined();
    expect(itemsPastReview(db, "2099-01-01")).toEqual([]);
    db.close();
  });

  it("carries the default packs' facts into a new gate's database", () => {
    const db = openDatabase(tempDir());
    const pack = readPack(CONTENT_DIR, "le-thanh");
    importPackOnce(db, pack, SYSTEM);
    const withFacts = listItems(db).filter((i) => i.facts);
    expect(withFacts.map((i) => i.id).sort()).toEqual([
      "crossing-procedures",
      "customs-allowances",
      "emergency-numbers",
      "opening-hours",
    ]);
    expect(getItem(db, "opening-hours")?.facts?.source).toMatch(/Báo Gia Lai/);
    db.close();
  });
});

describe("the gate's half-year report", () => {
  it("counts and lists the facts past review on the day it is made", () => {
    const db = openDatabase(tempDir());
    saveEntity(
      db,
      SYSTEM,
      "item",
      article("opening-hours", { source: "Gọi Đồn Biên phòng", reviewBy: "2026-06-30" }),
    );
    saveEntity(
      db,
      SYSTEM,
      "item",
      article("customs", { source: "Nghị định 134/2016/NĐ-CP", reviewBy: "2027-12-31" }),
    );
    saveEntity(db, SYSTEM, "item", article("welcome"));
    const site = { id: "cau-treo", name: { vi: "Cửa khẩu quốc tế Cầu Treo" }, signs: [], screens: [] };
    // Made on 02/07/2026 (gate time): one fact was due on 30/06.
    const now = Date.parse("2026-07-02T09:00:00+07:00");
    const report = buildReport(gateReportInput(db, site, periodOf("2026-01-01", "2026-06-30"), now));
    expect(report.factsPastReview).toEqual({
      count: 1,
      items: [
        {
          itemId: "opening-hours",
          label: "Giờ làm việc",
          source: "Gọi Đồn Biên phòng",
          reviewBy: "2026-06-30",
        },
      ],
    });
    expect(reportCsv(report)).toContain(
      "fact_past_review,opening-hours,Giờ làm việc,,,,2026-06-30,Gọi Đồn Biên phòng",
    );
    expect(reportHtml(report)).toContain(
      "Nội dung đã quá ngày rà soát thông tin (1): Giờ làm việc (hạn 30/06/2026",
    );
    db.close();
  });
});
