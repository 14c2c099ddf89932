import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor, osUser } from "../../controller/src/cli/actor.js";
import { importPackOnce, readPack } from "../../controller/src/content/pack.js";
import { CLIENT_ERROR_CODES, ERROR_CODES } from "../../controller/src/contract/errors.js";
import { parsePeriod } from "../../controller/src/reports/period.js";
import { gateReportInput } from "../../controller/src/reports/records.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getItem, saveEntity } from "../../controller/src/store/content-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { auditAction, auditActor, auditEntity } from "../../display-ui/src/console/audit-text.js";
import { ERROR_TEXT, errorText } from "../../display-ui/src/console/error-text.js";
import {
  errorAt,
  formatDateTime,
  formatDay,
  formatTime,
  parseClock,
  parseDay,
  parseDayTime,
} from "../../display-ui/src/console/format.js";
import { CONSOLE_LANGS } from "../../display-ui/src/console/i18n.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { ROOT, tsFiles } from "../helpers/source-tree.js";

// Issue #14: the console showed dates in the browser's locale (mm/dd/yyyy, 03:21 AM), server errors
// in English, audit codes and `cli:unknown`. These pin the console's own words and formats.

describe("console dates and times", () => {
  const tz = process.env.TZ;
  beforeAll(() => {
    // A laptop set to New York: the gate's times must not move.
    process.env.TZ = "America/New_York";
  });
  afterAll(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it("runs in a zone that is not the gate's", () => {
    expect(new Date("2026-07-12T00:00:00Z").getTimezoneOffset()).toBe(240);
  });

  it("writes dd/mm/yyyy HH:mm in gate time, 24-hour, in both languages", () => {
    // 20:21 UTC on 11 July is 03:21 on 12 July at the gate (the "03:21 AM" of the issue).
    for (const lang of CONSOLE_LANGS) {
      expect(formatDateTime("2026-07-11T20:21:00Z", lang)).toBe("12/07/2026 03:21");
      expect(formatDateTime("2026-07-12T15:05:00+07:00", lang)).toBe("12/07/2026 15:05");
      expect(formatTime("2026-07-12T15:05:00+07:00", lang)).toBe("15:05");
    }
    expect(formatDay("2026-12-31T17:00:00Z")).toBe("01/01/2027");
    expect(formatDateTime("", "vi")).toBe("");
    expect(formatDateTime("not a date", "vi")).toBe("not a date");
  });

  it("reads days typed day first and refuses days that do not exist", () => {
    expect(parseDay("06/12/2026")).toBe("2026-12-06");
    expect(parseDay(" 6/7/2026 ")).toBe("2026-07-06");
    expect(parseDay("06.12.2026")).toBe("2026-12-06");
    expect(parseDay("31/02/2026")).toBeUndefined();
    expect(parseDay("12/31/2026")).toBeUndefined();
    expect(parseDay("2026-12-06")).toBeUndefined();
  });

  it("reads 24-hour times and gate dates with times, as the date fields do", () => {
    expect(parseClock("8:05")).toBe("08:05");
    expect(parseClock("08h05")).toBe("08:05");
    expect(parseClock("23:59")).toBe("23:59");
    expect(parseClock("00:00")).toBe("00:00");
    for (const wrong of ["24:00", "12:60", "8:5", "2:30 PM", "0805", ""]) {
      expect(parseClock(wrong), wrong).toBeUndefined();
    }
    // The gate's instant, whatever the laptop's zone (New York here).
    expect(parseDayTime("06/02/2027 08:00")).toBe("2027-02-06T08:00:00+07:00");
    expect(parseDayTime(" 6/2/2027  8:00 ")).toBe("2027-02-06T08:00:00+07:00");
    expect(formatDateTime(parseDayTime("12/07/2026 15:05"))).toBe("12/07/2026 15:05");
    for (const wrong of ["31/02/2027 08:00", "06/02/2027", "06/02/2027 25:00", "02/06/2027 8:00 AM"]) {
      expect(parseDayTime(wrong), wrong).toBeUndefined();
    }
  });
});

/** Every error code the controller's source can answer with, found by reading it. */
function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (code: string, file: string) => found.set(code, path.relative(ROOT, file));
  for (const file of tsFiles(path.join(ROOT, "controller/src"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/HttpError\(\s*[^,]+,\s*(?:"([a-z0-9-]+)"|`([a-z0-9-]+)\$\{)/g)) {
      if (m[1]) add(m[1], file);
    }
    // Conditional codes (`error.status === 415 ? "unsupported-media" : "invalid"`).
    for (const m of text.matchAll(/HttpError\(\s*[^,]+,\s*[^,"]+\?\s*"([a-z0-9-]+)"\s*:\s*"([a-z0-9-]+)"/g)) {
      add(m[1] as string, file);
      add(m[2] as string, file);
    }
    // Answers written without HttpError: the express error handler and the kiosk hub.
    for (const m of text.matchAll(/error: \{\s*code: "([a-z0-9-]+)"/g)) add(m[1] as string, file);
  }
  return found;
}

describe("server errors in the console's words", () => {
  const known = new Set<string>([...ERROR_CODES, ...CLIENT_ERROR_CODES]);

  it("lists every code the controller's source answers with (add new ones to contract/errors.ts)", () => {
    const found = codesInSource();
    expect(found.size).toBeGreaterThan(15);
    const missing = [...found].filter(([code]) => !known.has(code)).map(([c, f]) => `${c} (${f})`);
    expect(missing).toEqual([]);
  });

  it("has a Vietnamese and an English message for every code", () => {
    for (const lang of CONSOLE_LANGS) {
      for (const code of known) {
        const text = (ERROR_TEXT[lang] as Record<string, string>)[code];
        expect(text, `${lang} ${code}`).toBeTruthy();
      }
    }
    expect(errorText({ code: "forbidden", message: "this needs the admin role" }, "vi")).toEqual({
      text: "Tài khoản của bạn không có quyền thực hiện thao tác này.",
    });
    expect(errorText({ code: "password-common", message: "x" }, "vi").text).toMatch(/mật khẩu/i);
  });

  it("keeps the controller's detail where it names the fault, and words an unknown code generally", () => {
    const invalid = errorText({ code: "invalid", message: "title.vi: required" }, "vi");
    expect(invalid).toEqual({ text: "Dữ liệu chưa hợp lệ.", detail: "title.vi: required" });
    expect(errorText({ code: "invalid", message: "title.vi: required" }, "en")).toEqual({
      text: "title.vi: required",
    });
    const unknown = errorText({ code: "brand-new", message: "something new went wrong" }, "vi");
    expect(unknown.text).toMatch(/^Máy chủ từ chối thao tác này/);
    expect(unknown.detail).toBe("something new went wrong");
  });

  it("shows a field's error under the field in the reader's words, the detail without the field", () => {
    const error = {
      code: "invalid",
      message: "Dữ liệu chưa hợp lệ.",
      detail: "durationS: too big",
      field: "durationS",
    };
    expect(errorAt(error, "durationS")).toBe("Dữ liệu chưa hợp lệ. too big");
    expect(errorAt(error, "title")).toBeUndefined();
  });
});

describe("the audit log in words", () => {
  it("names actions and entities in Vietnamese, and unknown codes as they are", () => {
    expect(auditAction("login", "vi")).toBe("đăng nhập");
    expect(auditAction("import", "vi")).toBe("nhập");
    expect(auditAction("create", "en")).toBe("created");
    expect(auditAction("brand-new", "vi")).toBe("brand-new");
    expect(auditEntity("content-pack", "vi")).toBe("gói nội dung mặc định");
    expect(auditEntity("constructor", "vi")).toBe("constructor");
  });

  it("names actors in words: the command line with its OS user, the system, a user", () => {
    expect(auditActor("cli:root", "vi").text).toBe("dòng lệnh (người dùng hệ thống: root)");
    expect(auditActor("cli:root", "en").text).toBe("command line (OS user: root)");
    expect(auditActor("system", "vi").text).toBe("hệ thống");
    expect(auditActor("central", "vi").text).toBe("văn phòng trung tâm");
    expect(auditActor("lan.nguyen", "vi", new Map([["lan.nguyen", "Nguyễn Thị Lan"]])).text).toBe(
      "Nguyễn Thị Lan",
    );
    expect(auditActor("hung", "vi").text).toBe("hung");
  });
});

describe("the CLI's audit actor", () => {
  const throws = () => {
    throw new Error("uid has no passwd entry");
  };

  it("is the OS account, or whoever ran sudo", () => {
    expect(cliActor({}, () => ({ username: "gatecast" }))).toEqual({ name: "cli:gatecast" });
    expect(osUser({ SUDO_USER: "hung" }, () => ({ username: "root" }))).toBe("hung");
  });

  it("falls back to LOGNAME, USER, then unknown when userInfo throws", () => {
    expect(osUser({ LOGNAME: "lan" }, throws)).toBe("lan");
    expect(osUser({ USER: "minh" }, throws)).toBe("minh");
    expect(osUser({}, throws)).toBe("unknown");
  });

  it("does not take a name that could forge a log line", () => {
    expect(osUser({ SUDO_USER: "a\nb" }, () => ({ username: "root" }))).toBe("root");
    expect(osUser({}, () => ({ username: " " }))).toBe("unknown");
  });

  it("names the real user of this process", () => {
    expect(cliActor().name).toMatch(/^cli:\S+$/);
    expect(cliActor().name).not.toBe("cli:unknown");
  });
});

describe("report rows by name", () => {
  it("names an LED message, which has no title, by its LED text", () => {
    const db = openDatabase(tempDir());
    importPackOnce(db, readPack(writeTree(testPack()), "test-gate"), SYSTEM);
    const welcome = getItem(db, "welcome");
    if (!welcome) throw new Error("welcome missing");
    saveEntity(db, SYSTEM, "item", {
      ...welcome,
      id: "gate-notice-led",
      kind: "led",
      title: {},
      body: {},
      ledText: { vi: "Chào mừng đến\nViệt Nam", en: "Welcome to Viet Nam" },
    });
    const input = gateReportInput(
      db,
      { id: "test-gate", name: { vi: "Cửa khẩu thử" }, signs: [], screens: [] },
      parsePeriod({}, Date.now()),
      Date.now(),
    );
    expect(input.labels.items.get("gate-notice-led")).toBe("Chào mừng đến Việt Nam");
    expect(input.labels.items.get("welcome")).toBe(welcome.title.vi);
    db.close();
  });
});
