/**
 * A central program's video reaches the gate with its subtitles, its poster frame and the central's
 * probe: the office checks the upload once, the gate does not probe a gigabyte again.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { writeSigningKey } from "../../controller/src/central/keys.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";
import { CENTRAL_SITE, configDir, gateSite, laoProgram } from "./central-helpers.js";

const run = promisify(execFile);
let video: Buffer;

beforeAll(async () => {
  await sharedHash();
  const file = path.join(tempDir("gatecast-video-"), "pi-mai.webm");
  await run(
    "ffmpeg",
    [
      "-v",
      "error",
      "-nostdin",
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=320x180:rate=25",
      "-t",
      "2",
      "-c:v",
      "libvpx-vp9",
      "-deadline",
      "realtime",
      file,
    ],
    { timeout: 120_000 },
  );
  video = readFileSync(file);
}, 180_000);
afterEach(() => {
  vi.unstubAllEnvs();
});

const VTT_VI = "WEBVTT\n\n00:00.000 --> 00:02.000\nChúc mừng năm mới Lào\n";
const VTT_LO = "WEBVTT\n\n00:00.000 --> 00:02.000\nສະບາຍດີປີໃໝ່\n";

describe("a central program's video", () => {
  it("arrives at the gate with its subtitles, its poster and its probe", async () => {
    const key = writeSigningKey(path.join(tempDir(), "keys"));
    vi.stubEnv("GATECAST_SIGNING_KEY", key.privateFile);
    const central = await startTestController({
      gate: "central-ha-tinh",
      env: { GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": CENTRAL_SITE }) },
    });
    await seedUsers(central, { hoa: "admin" });
    const admin = await new ConsoleClient(central.url).loginOk("hoa");
    const film = await admin.upload(video, "video/webm", "pi-mai.webm");
    expect(film.status).toBe(201);
    const vi_ = await admin.upload(Buffer.from(VTT_VI), "text/vtt", "pi-mai.vi.vtt");
    const lo = await admin.upload(Buffer.from(VTT_LO), "text/vtt", "pi-mai.lo.vtt");
    expect([vi_.status, lo.status]).toEqual([201, 201]);

    const item = {
      id: "film",
      kind: "video",
      title: { vi: "Phim Tết Lào", lo: "ບຸນປີໃໝ່", en: "Pi Mai film" },
      mediaSha256: film.body.sha256,
      subtitles: { vi: vi_.body.sha256, lo: lo.body.sha256 },
      durationS: 2,
    };
    // Subtitles must be uploaded WebVTT files at the office too.
    const wrong = await admin.post(
      "/api/v1/central/programs",
      laoProgram({
        items: [{ ...item, subtitles: { vi: film.body.sha256 } }],
        playlists: [{ id: "pi-mai", name: "Pi Mai", itemIds: ["film"] }],
      }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe("items.0.subtitles.vi");
    const composed = await admin.post(
      "/api/v1/central/programs",
      laoProgram({ items: [item], playlists: [{ id: "pi-mai", name: "Pi Mai", itemIds: ["film"] }] }),
    );
    expect(composed.status).toBe(201);
    const published = await admin.post("/api/v1/central/programs/lao-2027/publish", {});
    expect(published.status).toBe(201);

    const gate = await startTestController({
      gate: "cau-treo",
      env: {
        GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ url: central.url, keys: [{ key }] }) }),
      },
    });
    await seedUsers(gate, { minh: "operator" });
    const op = await new ConsoleClient(gate.url).loginOk("minh");
    const synced = await op.post("/api/v1/sync", {});
    expect(synced.status).toBe(200);
    expect((await op.get("/api/v1/sync/status")).body.held).toEqual([
      expect.objectContaining({ programId: "lao-2027", version: 1 }),
    ]);

    const imported = (await op.get("/api/v1/items/p-lao-2027-film")).body;
    expect(imported.subtitles).toEqual(item.subtitles);
    const info = await op.get(`/api/v1/media/${film.body.sha256}/info`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      mime: "video/webm",
      probe: film.body.probe,
      posterSha256: film.body.posterSha256,
    });
    const poster = await fetch(`${gate.url}/api/v1/media/${film.body.posterSha256}`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get("content-type")).toBe("image/jpeg");
    const subtitles = await fetch(`${gate.url}/api/v1/media/${lo.body.sha256}`);
    expect(subtitles.headers.get("content-type")).toMatch(/^text\/vtt/);
    expect(await subtitles.text()).toBe(VTT_LO);
  });
});
