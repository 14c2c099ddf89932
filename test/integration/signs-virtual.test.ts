/**
 * The virtual sign a site sign without `port` gets, and the preview routes. The default sites have no
 * sign hardware, so every test controller runs one: the whole path (render → encode → pty → parse →
 * emulator memory) with no hardware.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { loadSettings } from "../../controller/src/config/settings.js";
import { type RunningController, startController } from "../../controller/src/server.js";
import { SignExtension } from "../../controller/src/signs/sign-extension.js";
import { getJson, startTestController } from "../helpers/controller.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { waitFor } from "../helpers/processes.js";
import { ConsoleClient, seedUsers } from "./auth-helpers.js";

const PNG_SIGNATURE = "89504e470d0a1a0a";

function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function framesOf(dataDir: string): { lit: boolean; rows?: string[]; source?: string }[] {
  const file = path.join(dataDir, "signs", "gate-sign", "frames.jsonl");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** A logged-in operator: previews are operator actions (session cookie and CSRF token). */
async function operator(c: RunningController): Promise<ConsoleClient> {
  await seedUsers(c, { op: "operator" });
  return new ConsoleClient(c.url).loginOk("op");
}

/** The raw answer (PNG bytes) of a preview, as the console's fetch gets it. */
async function render(op: ConsoleClient, body: unknown, query = ""): Promise<Response> {
  return fetch(`${op.base}/api/v1/signs/gate-sign/render${query}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      cookie: `gc_session=${op.cookie}`,
      "x-csrf-token": op.csrfToken ?? "",
    },
    body: JSON.stringify(body),
  });
}

const ownControllers: RunningController[] = [];
afterEach(async () => {
  for (const c of ownControllers.splice(0)) await c.stop();
});

describe("virtual sign", () => {
  it("runs the whole serial path on a socat pty pair and shows its result in DATA_DIR/signs/<id>/", async () => {
    const c = await startTestController({ gate: "cau-treo" });
    const dataDir = c.ctx.settings.dataDir;
    const shown = await waitFor(async () => framesOf(dataDir).find((f) => f.lit));
    const op = await operator(c);
    const preview = await op.send("POST", "/api/v1/signs/gate-sign/render?format=json", {
      body: { messageId: "welcome" },
    });
    expect(shown.rows).toEqual(preview.body.slides[0].rows);
    expect(existsSync(path.join(dataDir, "signs", "gate-sign", "latest.png"))).toBe(true);

    const list = await getJson(c.url, "/api/v1/signs");
    expect(list.body).toHaveLength(1);
    expect(list.body[0]).toMatchObject({
      id: "gate-sign",
      protocol: "alpha",
      virtual: "pty",
      connected: true,
      outDir: path.join(dataDir, "signs", "gate-sign"),
      serial: "9600 7E1",
    });
    const health = await getJson(c.url, "/healthz");
    expect(health.body.signs["gate-sign"]).toMatchObject({ virtual: "pty", connected: true });

    const showing = await fetch(`${c.url}/api/v1/signs/gate-sign/showing.png`);
    expect(showing.headers.get("content-type")).toBe("image/png");

    // Stopping the controller takes socat and the links with it.
    const linkDir = path.dirname(list.body[0].port);
    expect(existsSync(linkDir)).toBe(true);
    await c.stop();
    expect(existsSync(linkDir)).toBe(false);
  });

  it("falls back to an in-process line when socat is not there, and says so", async () => {
    const settings = loadSettings({
      GATE: "thanh-thuy",
      PORT: "0",
      DATA_DIR: tempDir(),
      LOG_LEVEL: "silent",
      GATECAST_CONTENT_DIR: writeTree(testPack("thanh-thuy")),
    });
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const c = await startController(settings, logger, [
      new SignExtension(settings, { forceInProcess: true }),
    ]);
    ownControllers.push(c);
    const shown = await waitFor(async () => framesOf(settings.dataDir).find((f) => f.lit));
    expect(shown.source).toBe("dynamic area 0");
    const status = await getJson(c.url, "/api/v1/signs/gate-sign");
    expect(status.body).toMatchObject({ virtual: "in-process", protocol: "bx5", connected: true, errors: 0 });
    expect(lines.join("")).toContain("runs in-process without a serial line");
  });
});

describe("POST /api/v1/signs/{id}/render", () => {
  it("returns a PNG of every language frame stacked, one frame, or one slide", async () => {
    const c = await startTestController({ gate: "cau-treo" });
    const op = await operator(c);
    const text = { vi: "Chào mừng", lo: "ສະບາຍດີ", en: "Welcome" };
    const all = await render(op, { text });
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toBe("image/png");
    expect(all.headers.get("x-sign-languages")).toBe("vi,lo,en");
    const bytes = new Uint8Array(await all.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 8)).toString("hex")).toBe(PNG_SIGNATURE);
    // 96 × 16 panel, three frames stacked, 6 px per LED by default.
    expect(pngSize(bytes)).toEqual({ width: 96 * 6, height: 48 * 6 });
    const one = new Uint8Array(await (await render(op, { text }, "?frame=1&scale=2")).arrayBuffer());
    expect(pngSize(one)).toEqual({ width: 192, height: 32 });
    const slide = new Uint8Array(await (await render(op, { text }, "?slide=0&scale=1")).arrayBuffer());
    expect(pngSize(slide)).toEqual({ width: 96, height: 48 });
    const bad = await render(op, { text }, "?frame=3");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("frame");
  });

  it("returns the exact pixels as JSON: frames as rows of colour codes, and the slides sent", async () => {
    const c = await startTestController({ gate: "cau-treo" });
    const op = await operator(c);
    const res = await op.send("POST", "/api/v1/signs/gate-sign/render?format=json", {
      body: { text: { vi: "Chào mừng", en: "Welcome" } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ width: 96, height: 16, languages: ["vi", "en"], scroll: false });
    expect(res.body.frames).toHaveLength(2);
    for (const rows of res.body.frames) {
      expect(rows).toHaveLength(16);
      for (const row of rows) expect(row).toMatch(/^[0-3]{96}$/);
    }
    expect(res.body.frames[0].join("")).toMatch(/1/); // something lit, in red
    expect(res.body.slides).toEqual([
      expect.objectContaining({
        layout: "stack",
        effect: "scrollUp",
        width: 96,
        height: 32,
        languages: ["vi", "en"],
      }),
    ]);
    expect(res.body.slides[0].rows).toEqual([...res.body.frames[0], ...res.body.frames[1]]);
  });

  it("says per language which script rule laid the frame out, in the JSON and on the PNG", async () => {
    const c = await startTestController({ gate: "le-thanh" });
    const op = await operator(c);
    const body = { text: { vi: "Chào mừng", km: "សូមស្វាគមន៍" } };
    const res = await op.send("POST", "/api/v1/signs/gate-sign/render?format=json", { body });
    expect(res.status).toBe(200);
    expect(res.body.details.map((d: { layout: unknown }) => d.layout)).toEqual([
      expect.objectContaining({ rule: "latin-16", size: "fit-panel", lines: 1, scroll: false }),
      expect.objectContaining({ rule: "khmer-16", size: "fill-height", lines: 1, inkRows: 16 }),
    ]);
    const png = await render(op, body);
    expect(png.status).toBe(200);
    expect(png.headers.get("x-sign-layout")).toMatch(
      /^vi:latin-16:fit-panel:1:hold:\d+:\d+,km:khmer-16:fill-height:1:hold:13:16$/,
    );
  });

  it("refuses text the sign cannot show with 422, naming the language's field", async () => {
    const c = await startTestController({ gate: "le-thanh" });
    const op = await operator(c);
    const res = await op.send("POST", "/api/v1/signs/gate-sign/render", {
      body: { text: { vi: "Xin chào", km: "សួស្តី 🙂" } },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "unrenderable", field: "text.km" });
    expect(res.body.error.message).toMatch(/^km: no font for U\+1F642/);
  });

  it("renders an item by id (its LED text), refuses unknown ones, and checks the body", async () => {
    const c = await startTestController({ gate: "cau-treo" });
    const anonymous = await new ConsoleClient(c.url).send("POST", "/api/v1/signs/gate-sign/render", {
      body: { messageId: "welcome" },
    });
    expect(anonymous.status).toBe(401);
    const op = await operator(c);
    const post = (path: string, body: unknown) => op.send("POST", path, { body });
    const ok = await post("/api/v1/signs/gate-sign/render?format=json", { itemId: "welcome" });
    expect(ok.body.languages).toEqual(["vi", "en"]);
    // `messageId`, the name before `itemId`, is still taken for one release (deprecated).
    const old = await post("/api/v1/signs/gate-sign/render?format=json", { messageId: "welcome" });
    expect(old.body).toEqual(ok.body);
    const missing = await post("/api/v1/signs/gate-sign/render", { itemId: "nope" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.field).toBe("itemId");
    const noSign = await post("/api/v1/signs/nope/render", { text: { vi: "x" } });
    expect(noSign.status).toBe(404);
    const badBody = await post("/api/v1/signs/gate-sign/render", { words: "x" });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.code).toBe("invalid");
  });

  it("draws the dual VN/Beijing clock for the clock:dual pseudo item", async () => {
    const c = await startTestController({ gate: "thanh-thuy" });
    const op = await operator(c);
    const res = await op.send("POST", "/api/v1/signs/gate-sign/render?format=json", {
      body: { itemId: "clock:dual" },
    });
    expect(res.status).toBe(200);
    // Both clocks, whatever wording the renderer picks for the panel.
    expect(res.body.details[0].lines.join(" ")).toMatch(/\d\d:\d\d.*\d\d:\d\d/);
    expect(res.body.slides[0]).toMatchObject({ layout: "single", width: 128, height: 32 });
  });
});
