import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../controller/src/config/errors.js";
import { loadSettings, loadSite, ROOT_DIR, readEnv } from "../../controller/src/config/settings.js";
import { writeTree } from "../helpers/fixtures.js";

const SIGNS = path.join(ROOT_DIR, "firmware-config", "signs");

const goodSite = `version: 1
id: test-gate
name: { vi: Cửa khẩu thử, en: Test gate }
province: { vi: Hà Tĩnh, en: Ha Tinh }
neighbour:
  country: LA
  name: { vi: Lào, en: Laos }
  gate: { vi: Nậm Phao, en: Nam Phao }
languages: [vi, lo, en]
contentPack: test-gate
kiosks:
  - { id: hall, name: Sảnh }
signs:
  - { id: gate-sign, name: Bảng LED, profile: alpha-96x16 }
`;

function siteError(text: string): ConfigError {
  const dir = writeTree({ "test-gate.yaml": text });
  try {
    loadSite(path.join(dir, "test-gate.yaml"), SIGNS);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("site configuration", () => {
  it("loads every shipped site with its sign profiles", () => {
    for (const gate of ["thanh-thuy", "cau-treo", "le-thanh"]) {
      const settings = loadSettings({ GATE: gate });
      expect(settings.site.id).toBe(gate);
      expect(settings.site.languages[0]).toBe("vi");
      for (const sign of settings.site.signs) expect(settings.signProfiles.get(sign.profile)).toBeDefined();
    }
  });

  it("applies defaults: idle timeout, sign address, time zone", () => {
    const dir = writeTree({ "test-gate.yaml": goodSite });
    const { site } = loadSite(path.join(dir, "test-gate.yaml"), SIGNS);
    expect(site.kiosks[0]?.idleTimeoutS).toBe(60);
    expect(site.signs[0]?.address).toBe("00");
    expect(site.timezone).toBe("Asia/Ho_Chi_Minh");
  });

  it("names the file, the line and the path of a typo'd key", () => {
    const error = siteError(goodSite.replace("languages:", "langauges:"));
    expect(error.message).toMatch(/test-gate\.yaml:\d+: /);
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/langauges|languages/);
  });

  it("names the field and what was expected for a wrong value", () => {
    const error = siteError(goodSite.replace("[vi, lo, en]", "[vi, lao, en]"));
    expect(error.field).toBe("languages.1");
    expect(error.line).toBe(9);
    expect(error.message).toContain('unknown language "lao"');
  });

  it("refuses a sign profile that does not exist", () => {
    const error = siteError(goodSite.replace("alpha-96x16", "alpha-9000"));
    expect(error.field).toBe("signs.0.profile");
    expect(error.message).toContain('no sign profile "alpha-9000"');
  });

  it("refuses a channel id used twice", () => {
    const error = siteError(goodSite.replace("id: gate-sign", "id: hall"));
    expect(error.message).toContain('channel id "hall" is used twice');
  });

  it("reports YAML syntax errors with their line", () => {
    const error = siteError(`${goodSite}kiosks: [oops\n`);
    expect(error.message).toContain("not valid YAML");
    expect(error.line).toBe(15);
  });

  it("reports a missing file plainly", () => {
    expect(() => loadSite("/nonexistent/x.yaml", SIGNS)).toThrow(/x\.yaml: file not found/);
  });

  it("reads environment overrides and refuses bad ones", () => {
    expect(readEnv({})).toMatchObject({
      PORT: 8080,
      HOST: "127.0.0.1",
      DATA_DIR: "./data",
      GATE: "cau-treo",
    });
    expect(() => readEnv({ PORT: "eighty" })).toThrow(/environment: PORT: .*"eighty"/);
    expect(() => readEnv({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
    expect(() => loadSettings({ GATE: "nowhere" })).toThrow(/GATE: no site file .*nowhere\.yaml/);
  });
});
