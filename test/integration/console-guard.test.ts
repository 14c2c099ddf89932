import http from "node:http";
import { describe, expect, it } from "vitest";
import { readEnv } from "../../controller/src/config/settings.js";
import { KIOSK_BROWSER_MARKER } from "../../controller/src/http/console-guard.js";
import { startTestController } from "../helpers/controller.js";

// Issue #19: the console and the login are not reachable from a kiosk's browser even without its
// Chromium policy, and CONSOLE_ALLOW keeps them to the operators' networks. Through the real HTTP server.

const KIOSK_UA = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 ${KIOSK_BROWSER_MARKER}`;
const OPERATOR_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0";

interface Answer {
  status: number;
  code: string | undefined;
}

/** One request from `localAddress` (any 127.x address reaches the loopback controller). */
function request(
  base: string,
  path: string,
  options: { userAgent?: string; method?: string; body?: string; localAddress?: string } = {},
): Promise<Answer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? "GET",
        localAddress: options.localAddress ?? "127.0.0.1",
        headers: {
          "user-agent": options.userAgent ?? OPERATOR_UA,
          ...(options.body ? { "content-type": "application/json", origin: url.origin } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          } catch {
            code = undefined;
          }
          resolve({ status: res.statusCode ?? 0, code });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

const LOGIN = JSON.stringify({ username: "nguyen.van.an", password: "gác-cổng-Lệ-Thanh" });

describe("the console guard", () => {
  it("refuses the console and the login to the kiosk's browser, and serves it the kiosk", async () => {
    const c = await startTestController();
    const kiosk = { userAgent: KIOSK_UA };
    for (const path of ["/console/", "/console", "/console/kiosks", "/api/v1/session", "/api/v1/users"]) {
      expect(await request(c.url, path, kiosk), path).toEqual({ status: 403, code: "kiosk-browser" });
    }
    expect(await request(c.url, "/api/v1/session", { ...kiosk, method: "POST", body: LOGIN })).toEqual({
      status: 403,
      code: "kiosk-browser",
    });
    expect(
      await request(c.url, "/api/v1/session/second-factor", { ...kiosk, method: "POST", body: "{}" }),
    ).toEqual({ status: 403, code: "kiosk-browser" });
    // What a kiosk needs stays open to it.
    expect((await request(c.url, "/api/v1/kiosk/state?channel=hall", kiosk)).status).toBe(200);
    expect((await request(c.url, "/healthz", kiosk)).status).toBe(200);
    expect((await request(c.url, "/kiosk/", kiosk)).code).not.toBe("kiosk-browser");
    // An operator's browser is not refused: the login answers it (a wrong password, here).
    const login = await request(c.url, "/api/v1/session", { method: "POST", body: LOGIN });
    expect(login.status).toBe(401);
    expect((await request(c.url, "/console/")).code).not.toBe("kiosk-browser");
  });

  it("answers the console and the login only to CONSOLE_ALLOW's networks", async () => {
    const c = await startTestController({ env: { CONSOLE_ALLOW: "127.0.0.1/32, 10.20.0.0/16 ::1" } });
    const outside = { localAddress: "127.0.0.2" };
    expect(await request(c.url, "/console/", outside)).toEqual({ status: 403, code: "console-not-allowed" });
    expect(await request(c.url, "/api/v1/session", { ...outside, method: "POST", body: LOGIN })).toEqual({
      status: 403,
      code: "console-not-allowed",
    });
    // Kiosks and screens work from any address.
    expect((await request(c.url, "/api/v1/kiosk/state?channel=hall", outside)).status).toBe(200);
    // From inside: the login is answered.
    expect((await request(c.url, "/api/v1/session", { method: "POST", body: LOGIN })).status).toBe(401);
    expect((await request(c.url, "/console/")).code).not.toBe("console-not-allowed");
    // The kiosk's browser is refused even from an allowed address.
    expect(await request(c.url, "/console/", { userAgent: KIOSK_UA })).toEqual({
      status: 403,
      code: "kiosk-browser",
    });
  });

  it("refuses to start with a CONSOLE_ALLOW it cannot read, naming the variable and the entry", () => {
    expect(() => readEnv({ CONSOLE_ALLOW: "10.0.0.0/33" })).toThrow(
      /CONSOLE_ALLOW: "10\.0\.0\.0\/33": the prefix length must be 0 to 32/,
    );
    expect(() => readEnv({ CONSOLE_ALLOW: "10.0.0.0/8, operators" })).toThrow(
      /CONSOLE_ALLOW: "operators" is not an address or a network/,
    );
    expect(readEnv({ CONSOLE_ALLOW: " " }).CONSOLE_ALLOW).toBeUndefined();
    expect(readEnv({ CONSOLE_ALLOW: "fd00::/8 192.168.1.20" }).CONSOLE_ALLOW).toEqual([
      { address: "fd00::", prefix: 8, family: "ipv6" },
      { address: "192.168.1.20", prefix: 32, family: "ipv4" },
    ]);
  });
});
