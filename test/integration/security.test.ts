import type { Express } from "express";
import { beforeAll, describe, expect, it } from "vitest";
import { isRoleGuard } from "../../controller/src/auth/roles.js";
import type { RunningController } from "../../controller/src/server.js";
import type { Role } from "../../controller/src/store/users-repo.js";
import { startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

/**
 * State-changing routes that need no session, each with why. Anything else that changes state must
 * carry `requireRole(...)`. A kiosk endpoint (no cookies; authenticated by the kiosk's own means) is
 * added here with its reason.
 */
const PUBLIC: Record<string, string> = {
  "POST /api/v1/session": "logging in; Origin-checked, rate-limited",
  "POST /api/v1/session/second-factor":
    "the login's code step; Origin-checked, rate-limited, needs the challenge a right password got",
  "POST /api/v1/validate/:entity": "read-only dry run of a save",
};

interface RouteInfo {
  method: string;
  path: string;
  role: Role | undefined;
}

// Structural view of express 5's router internals: just what we read, nothing typed by express.
interface LayerLike {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
  handle?: { stack?: LayerLike[] };
}

/** Every route of the running app, read from the router stack (so a new route cannot be missed). */
function routesOf(c: RunningController): RouteInfo[] {
  const app: Express = c.app;
  const routes: RouteInfo[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const guard = layer.route.stack.map((l) => l.handle).find(isRoleGuard);
        for (const method of Object.keys(layer.route.methods)) {
          routes.push({
            method: method.toUpperCase(),
            path: prefix + layer.route.path,
            role: guard?.requiredRole,
          });
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app.router as unknown as { stack: LayerLike[] }).stack, "");
  return routes;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const concrete = (path: string) => path.replace(/:(\w+)/g, "nothing-$1");
const BELOW: Record<Role, Role | undefined> = {
  operator: undefined,
  supervisor: "operator",
  admin: "supervisor",
};

describe("every state-changing route", () => {
  it("needs a session, the right role and the CSRF token, and refuses another origin", async () => {
    const c = await startTestController();
    await seedUsers(c, { op: "operator", sup: "supervisor", adm: "admin" });
    const as: Record<Role, ConsoleClient> = {
      operator: await new ConsoleClient(c.url).loginOk("op"),
      supervisor: await new ConsoleClient(c.url).loginOk("sup"),
      admin: await new ConsoleClient(c.url).loginOk("adm"),
    };
    const anonymous = new ConsoleClient(c.url);

    const unsafe = routesOf(c).filter((r) => UNSAFE.has(r.method));
    // Sanity: the walk found the write API.
    expect(unsafe.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "PUT /api/v1/items/:id",
        "DELETE /api/v1/schedules/:id",
        "POST /api/v1/emergencies/:id/clear",
        "PATCH /api/v1/users/:username",
        "DELETE /api/v1/session",
        "DELETE /api/v1/drafts/:entity/:id",
        "POST /api/v1/publications",
        "POST /api/v1/publications/:id/approve",
        "POST /api/v1/publications/:id/reject",
        "POST /api/v1/versions/:n/restore",
      ]),
    );
    for (const route of unsafe) {
      const name = `${route.method} ${route.path}`;
      if (name in PUBLIC) continue;
      expect(
        route.role,
        `${name} has no requireRole(): add one, or list it in PUBLIC with why`,
      ).toBeDefined();
      const role = route.role as Role;
      const path = concrete(route.path);
      const send = (client: ConsoleClient, options = {}) =>
        client.send(route.method, path, { body: {}, ...options });

      const noSession = await send(anonymous, { csrf: "made-up-token" });
      expect([name, noSession.status, noSession.body.error?.code]).toEqual([name, 401, "unauthenticated"]);

      const lower = BELOW[role];
      if (lower) {
        const wrongRole = await send(as[lower]);
        expect([name, wrongRole.status, wrongRole.body.error?.code]).toEqual([name, 403, "forbidden"]);
      }
      const noToken = await send(as[role], { csrf: false });
      expect([name, noToken.status, noToken.body.error?.code]).toEqual([name, 403, "csrf"]);
      const wrongToken = await send(as[role], { csrf: `${as[role].csrfToken?.slice(0, -1)}x` });
      expect([name, wrongToken.status, wrongToken.body.error?.code]).toEqual([name, 403, "csrf"]);
      const crossOrigin = await send(as[role], { origin: "http://203.0.113.9:8080" });
      expect([name, crossOrigin.status, crossOrigin.body.error?.code]).toEqual([name, 403, "csrf"]);
      // Another port on the same host is same-site (it gets the cookie) but not same-origin.
      const otherPort = await send(as[role], { origin: c.url.replace(/:\d+$/, ":9") });
      expect([name, otherPort.status]).toEqual([name, 403]);
    }
    // Nothing was written by any of those requests.
    expect(
      c.ctx.db.prepare("SELECT count(*) AS n FROM audit WHERE actor IN ('op','sup','adm')").get(),
    ).toEqual({
      n: 3, // the three logins
    });
  });

  it("accepts a same-origin request with the token", async () => {
    const c = await startTestController();
    await seedUsers(c, { op: "operator" });
    const op = await new ConsoleClient(c.url).loginOk("op");
    const answer = await op.put(
      "/api/v1/items/notice",
      { kind: "led", ledText: { vi: "Xin chào" } },
      { origin: c.url },
    );
    expect(answer.status).toBe(201);
  });
});

describe("reading routes that need a role", () => {
  it("refuses them without a session (401) and with a lower role (403)", async () => {
    const c = await startTestController();
    await seedUsers(c, { op: "operator", sup: "supervisor" });
    const op = await new ConsoleClient(c.url).loginOk("op");
    const sup = await new ConsoleClient(c.url).loginOk("sup");
    const anonymous = new ConsoleClient(c.url);
    const guarded = routesOf(c).filter((r) => r.method === "GET" && r.role);
    expect(guarded.map((r) => `${r.path} ${r.role}`)).toEqual(
      expect.arrayContaining([
        "/api/v1/emergencies operator",
        "/api/v1/audit supervisor",
        "/api/v1/audit.csv supervisor",
        "/api/v1/users admin",
        "/api/v1/drafts operator",
        "/api/v1/publications operator",
        "/api/v1/versions operator",
      ]),
    );
    for (const route of guarded) {
      expect([route.path, (await anonymous.get(concrete(route.path))).status]).toEqual([route.path, 401]);
      const lower = route.role === "admin" ? sup : route.role === "supervisor" ? op : undefined;
      if (lower)
        expect([route.path, (await lower.get(concrete(route.path))).status]).toEqual([route.path, 403]);
    }
    // Public reads stay public (kiosks, the preview).
    expect((await anonymous.get("/api/v1/now")).status).toBe(200);
    expect((await anonymous.get("/api/v1/items")).status).toBe(200);
    // The same reads with drafts laid over live content (`?draft=1`) need the operator role.
    for (const path of [
      "/now",
      "/items",
      "/items/welcome",
      "/playlists",
      "/playlists/attract",
      "/schedules",
    ]) {
      const url = `/api/v1${path}?draft=1`;
      expect([url, (await anonymous.get(url)).status]).toEqual([url, 401]);
      expect([url, (await op.get(url)).status]).toEqual([url, 200]);
    }
  });
});

describe("security headers", () => {
  it("sends a strict CSP and helmet's headers on the UI apps and the API, without x-powered-by", async () => {
    const c = await startTestController();
    for (const path of ["/kiosk/", "/console/", "/api/v1/now", "/healthz", "/no-such-page"]) {
      const res = await fetch(`${c.url}${path}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      const directives = new Map(
        csp.split(";").map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values.join(" ")] as const;
        }),
      );
      expect(directives.get("default-src"), path).toBe("'self'");
      expect(directives.get("script-src")).toBe("'self'");
      expect(directives.get("style-src")).toBe("'self'");
      expect(directives.get("img-src")).toBe("'self' data: blob:");
      expect(directives.get("media-src")).toBe("'self' blob:");
      expect(directives.get("connect-src")).toBe("'self' ws: wss:");
      expect(directives.get("font-src")).toBe("'self'");
      expect(directives.get("object-src")).toBe("'none'");
      expect(directives.get("base-uri")).toBe("'self'");
      expect(directives.get("frame-ancestors")).toBe("'self'");
      // Plain HTTP on the LAN: upgrading would break every request.
      expect(directives.has("upgrade-insecure-requests")).toBe(false);
      expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-powered-by")).toBeNull();
      expect(res.headers.get("strict-transport-security")).toBeNull();
      await res.body?.cancel();
    }
    const https = await fetch(`${c.url}/healthz`, { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/^max-age=15552000/);
  });

  it("refuses a JSON body over 256 KB with 413", async () => {
    const c = await startTestController();
    await seedUsers(c, { op: "operator" });
    const op = await new ConsoleClient(c.url).loginOk("op");
    const big = await op.put("/api/v1/items/big", { kind: "article", title: { vi: "x".repeat(300_000) } });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("too-large");
  });
});
