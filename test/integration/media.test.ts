import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { beforeAll, describe, expect, it } from "vitest";
import { getJson, startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

function png(): Buffer {
  const canvas = createCanvas(40, 20);
  const g = canvas.getContext("2d");
  g.fillStyle = "#c00";
  g.fillRect(0, 0, 40, 20);
  return canvas.toBuffer("image/png");
}

const upload = (client: ConsoleClient, bytes: Buffer, type: string, name = "anh.png") =>
  client.upload(bytes, type, name);

describe("media", () => {
  it("stores an upload by its hash, once, checks its real type, and serves it to kiosks", async () => {
    const c = await startTestController();
    await seedUsers(c, { lan: "operator" });
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    const bytes = png();
    const first = await upload(lan, bytes, "image/png");
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ mime: "image/png", size: bytes.length, originalName: "anh.png" });
    const sha = first.body.sha256 as string;
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    // Stored under its hash, nothing left in the temporary folder.
    const dataDir = c.ctx.settings.dataDir;
    expect(existsSync(path.join(dataDir, "media", sha.slice(0, 2), sha))).toBe(true);
    expect(readdirSync(path.join(dataDir, "media", "tmp"))).toEqual([]);
    // The same file again is the same record.
    const again = await upload(lan, bytes, "image/png", "copy.png");
    expect(again.status).toBe(200);
    expect(again.body.sha256).toBe(sha);

    // A kiosk (no session) can fetch it, with caching for ever and no sniffing.
    const served = await fetch(`${c.url}/api/v1/media/${sha}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toContain("immutable");
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);

    // An image item can now name it.
    const item = await lan.put("/api/v1/items/gate-photo", {
      id: "gate-photo",
      kind: "image",
      title: { vi: "Cổng", lo: "ປະຕູ", en: "The gate" },
      mediaSha256: sha,
    });
    expect(item.status).toBe(201);
  });

  it("refuses a file that is not what it claims, an SVG, and anonymous uploads", async () => {
    const c = await startTestController();
    await seedUsers(c, { lan: "operator" });
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    const fake = await upload(
      lan,
      Buffer.from("<html><script>alert(1)</script></html>".padEnd(100)),
      "image/png",
    );
    expect(fake.status).toBe(415);
    expect(fake.body.error.code).toBe("unsupported-media");
    const svg = await upload(
      lan,
      Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>`),
      "image/svg+xml",
    );
    expect(svg.status).toBe(415);
    const anonymous = await fetch(`${c.url}/api/v1/media`, {
      method: "POST",
      headers: { "content-type": "image/png" },
      body: new Uint8Array(png()),
    });
    expect(anonymous.status).toBe(401);
    expect(readdirSync(path.join(c.ctx.settings.dataDir, "media", "tmp"))).toEqual([]);
    // A media URL is a hash, nothing else: no way out of the media folder.
    expect((await getJson(c.url, "/api/v1/media/..%2F..%2Fgatecast.sqlite")).status).toBe(404);
    expect((await getJson(c.url, `/api/v1/media/${"0".repeat(64)}`)).status).toBe(404);
  });

  it("refuses an item naming media that was never uploaded", async () => {
    const c = await startTestController();
    await seedUsers(c, { lan: "operator" });
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    const item = await lan.put("/api/v1/items/ghost", {
      id: "ghost",
      kind: "image",
      title: { vi: "x", en: "x" },
      mediaSha256: "a".repeat(64),
    });
    expect(item.status).toBe(400);
    expect(item.body.error.field).toBe("mediaSha256");
  });
});
