import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import {
  checkPolicy,
  PolicyError,
  renderPolicy,
  urlVerdict,
} from "../../firmware-config/provisioning/kiosk-policy.mjs";

// The kiosk browser's Chromium policy (issue #19): made from the template for the controller's
// origin, and refused with a reason before install.sh enables a unit that would show a blocked page.

const PROVISIONING = path.join(ROOT_DIR, "firmware-config", "provisioning");
const TEMPLATE = readFileSync(path.join(PROVISIONING, "chromium-kiosk-policy.json"), "utf8");
const SCRIPT = path.join(PROVISIONING, "kiosk-policy.mjs");
const KIOSK_URL = "http://127.0.0.1:8080/kiosk/?channel=hall&kiosk=gate-pc&name=Gate%20PC#token=abc";
const SCREEN_URL = "http://127.0.0.1:8080/screen/?id=gate-screen&kiosk=gate-screen";

describe("the kiosk policy", () => {
  const policy = renderPolicy(TEMPLATE, [KIOSK_URL, SCREEN_URL]);

  it("allows only the kiosk's and the screen's pages on the controller's origin", () => {
    expect(policy.URLAllowlist).toEqual(["http://127.0.0.1:8080/kiosk/", "http://127.0.0.1:8080/screen/"]);
    expect(policy.URLBlocklist).toContain("*");
    for (const url of [KIOSK_URL, SCREEN_URL, "http://127.0.0.1:8080/kiosk/assets/index-1.js"]) {
      expect(urlVerdict(policy, url), url).toEqual({ allowed: true, filter: expect.any(String) });
    }
    for (const url of [
      "http://127.0.0.1:8080/console/",
      "http://127.0.0.1:8080/api/v1/auth/login",
      "http://127.0.0.1:8080/",
      "http://127.0.0.1:8081/kiosk/",
      "http://127.0.0.2:8080/kiosk/",
      "https://example.com/kiosk/",
      "file:///etc/passwd",
      "chrome://settings",
      "view-source:http://127.0.0.1:8080/kiosk/",
    ]) {
      expect(urlVerdict(policy, url).allowed, url).toBe(false);
    }
  });

  it("has an entry per origin when the kiosk and the screen use different controllers", () => {
    const two = renderPolicy(TEMPLATE, [KIOSK_URL, "http://10.0.0.2:8080/screen/?id=hall"]);
    expect(two.URLAllowlist).toHaveLength(4);
    expect(urlVerdict(two, "http://10.0.0.2:8080/kiosk/").allowed).toBe(true);
    expect(urlVerdict(two, "http://10.0.0.2:8080/console/").allowed).toBe(false);
  });

  it("passes its own check, and sets what the gate PC relies on", () => {
    const text = JSON.stringify(policy);
    expect(() => checkPolicy(text, [KIOSK_URL, SCREEN_URL])).not.toThrow();
    expect(policy).toMatchObject({
      DownloadRestrictions: 3,
      PrintingEnabled: false,
      DeveloperToolsAvailability: 2,
      AllowFileSelectionDialogs: false,
      PasswordManagerEnabled: false,
      TranslateEnabled: false,
      IncognitoModeAvailability: 1,
      BrowserGuestModeEnabled: false,
      DefaultPopupsSetting: 2,
    });
  });

  it("refuses, with the reason, a policy that does not parse or would block the kiosk", () => {
    const refusal = (text: string, urls = [KIOSK_URL]) => {
      try {
        checkPolicy(text, urls);
      } catch (error) {
        expect(error).toBeInstanceOf(PolicyError);
        return (error as Error).message;
      }
      return "accepted";
    };
    expect(refusal('{"URLBlocklist": ["*"],')).toMatch(/^the policy is not JSON/);
    expect(refusal("[1]")).toMatch(/not a JSON object/);
    expect(refusal('{"URLBlocklist": "*"}')).toMatch(/URLBlocklist must be a list of strings/);
    expect(refusal(TEMPLATE)).toMatch(/still holds @ORIGIN@/);
    expect(refusal(JSON.stringify({ ...policy, URLBlocklist: [] }))).toMatch(/lacks "\*"/);
    // The kiosk moved to another port, or the allowlist names another path: a blank screen otherwise.
    expect(refusal(JSON.stringify(policy), ["http://127.0.0.1:9090/kiosk/?channel=hall"])).toBe(
      'the policy blocks http://127.0.0.1:9090/kiosk/?channel=hall (by "*"): the screen would stay blank',
    );
    expect(
      refusal(JSON.stringify({ ...policy, URLAllowlist: ["http://127.0.0.1:8080/kiosk-old/"] })),
    ).toMatch(
      /blocks http:\/\/127\.0\.0\.1:8080\/kiosk\/\?channel=hall&kiosk=gate-pc&name=Gate%20PC \(by "\*"\)/,
    );
    expect(refusal(JSON.stringify(policy), ["file:///opt/kiosk.html"])).toMatch(/not an http or https URL/);
    expect(refusal(JSON.stringify(policy), ["not a url"])).toMatch(/is not a URL/);
  });

  describe("as install.sh runs it", () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), "gatecast-kiosk-policy-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const run = (...args: string[]) =>
      spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8", cwd: dir });

    it("renders the template for the kiosk URL and checks the result", () => {
      const out = path.join(dir, "gatecast-kiosk.json");
      const rendered = run("render", path.join(PROVISIONING, "chromium-kiosk-policy.json"), out, KIOSK_URL);
      expect(rendered.stderr).toBe("");
      expect(rendered.status).toBe(0);
      expect(JSON.parse(readFileSync(out, "utf8")).URLAllowlist).toEqual([
        "http://127.0.0.1:8080/kiosk/",
        "http://127.0.0.1:8080/screen/",
      ]);
      expect(run("check", out, KIOSK_URL).status).toBe(0);
    });

    it("exits 1 with the reason for a broken template or a blocked URL, and writes nothing", () => {
      const broken = path.join(dir, "broken.json");
      writeFileSync(broken, TEMPLATE.replace('"URLAllowlist"', "URLAllowlist"));
      const out = path.join(dir, "out.json");
      const result = run("render", broken, out, KIOSK_URL);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^kiosk policy: the template is not JSON/);
      expect(() => readFileSync(out)).toThrow();

      const good = path.join(dir, "good.json");
      writeFileSync(good, JSON.stringify(policy));
      const blocked = run("check", good, "http://127.0.0.1:8080/console/");
      expect(blocked.status).toBe(1);
      expect(blocked.stderr).toBe(
        'kiosk policy: the policy blocks http://127.0.0.1:8080/console/ (by "*"): the screen would stay blank\n',
      );
      expect(run("check", path.join(dir, "missing.json"), KIOSK_URL).stderr).toMatch(/ENOENT/);
      expect(run("render").stderr).toMatch(/usage/);
    });
  });
});
