/**
 * Video and subtitle uploads through the real HTTP API, probed by the real ffprobe: the videos are made
 * here with ffmpeg's test sources (3 s, 320×180), nothing is committed.
 */
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createCanvas } from "@napi-rs/canvas";
import { beforeAll, describe, expect, it } from "vitest";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

const run = promisify(execFile);
const dir = tempDir("gatecast-video-");
const file = (name: string) => path.join(dir, name);

/** ffmpeg with a 3-second test picture and tone; `args` pick the codecs and the container. */
async function make(name: string, args: string[], withSound = true): Promise<Buffer> {
  await run(
    "ffmpeg",
    [
      "-v",
      "error",
      "-nostdin",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "testsrc=size=320x180:rate=25",
      ...(withSound ? ["-f", "lavfi", "-i", "sine=frequency=440"] : []),
      "-t",
      "3",
      ...args,
      file(name),
    ],
    { timeout: 120_000 },
  );
  return readFileSync(file(name));
}

const videos: Record<string, Buffer> = {};

beforeAll(async () => {
  await sharedHash();
  videos.h264 = await make("h264.mp4", ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"]);
  videos.faststart = await make("faststart.mp4", [
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-movflags",
    "+faststart",
  ]);
  videos.vp9 = await make("vp9.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus"]);
  videos.silentVp8 = await make("vp8.webm", ["-c:v", "libvpx", "-deadline", "realtime"], false);
  videos.hevc = await make("hevc.mp4", ["-c:v", "libx265", "-x265-params", "log-level=error", "-c:a", "aac"]);
  videos.yuv444 = await make("yuv444.mp4", ["-c:v", "libx264", "-pix_fmt", "yuv444p"], false);
  videos.mpeg2 = await make("mpeg2.mp4", ["-c:v", "mpeg2video"], false);
  // Cut in half: without faststart the index (moov) is at the end and gone; with it, the header
  // survives and only the end of the file shows the cut.
  videos.truncated = videos.h264.subarray(0, Math.floor(videos.h264.length / 2));
  videos.truncatedFaststart = videos.faststart.subarray(0, Math.floor(videos.faststart.length / 2));
  writeFileSync(file("truncated.mp4"), videos.truncated);
}, 180_000);

function png(): Buffer {
  const canvas = createCanvas(40, 20);
  const g = canvas.getContext("2d");
  g.fillStyle = "#0a0";
  g.fillRect(0, 0, 40, 20);
  return canvas.toBuffer("image/png");
}

const VTT = `WEBVTT

00:00:00.000 --> 00:00:02.000
Chào mừng đến cửa khẩu Cầu Treo

00:00:02.000 --> 00:00:03.000
ຍິນດີຕ້ອນຮັບ
`;

async function operator(env?: Record<string, string>) {
  const c = await startTestController(env ? { env } : {});
  await seedUsers(c, { lan: "operator" });
  return { c, lan: await new ConsoleClient(c.url).loginOk("lan") };
}

describe("video and subtitle uploads", () => {
  it("probes playable videos, records codecs, size and duration, and stores a JPEG poster", async () => {
    const { c, lan } = await operator();
    const mp4 = await lan.upload(videos.h264 as Buffer, "video/mp4", "chao-mung.mp4");
    expect(mp4.status).toBe(201);
    expect(mp4.body).toMatchObject({
      mime: "video/mp4",
      probe: {
        container: "mp4",
        videoCodec: "h264",
        audioCodec: "aac",
        width: 320,
        height: 180,
        durationMs: 3000,
      },
      posterSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const poster = await fetch(`${c.url}/api/v1/media/${mp4.body.posterSha256}`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get("content-type")).toBe("image/jpeg");
    const jpeg = Buffer.from(await poster.arrayBuffer());
    expect(jpeg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);

    const webm = await lan.upload(videos.vp9 as Buffer, "video/webm", "chao-mung.webm");
    expect(webm.status).toBe(201);
    expect(webm.body).toMatchObject({
      mime: "video/webm",
      probe: { container: "webm", videoCodec: "vp9", audioCodec: "opus", width: 320, height: 180 },
    });
    expect(webm.body.probe.durationMs).toBeGreaterThanOrEqual(2900);
    const silent = await lan.upload(videos.silentVp8 as Buffer, "video/webm", "im-lang.webm");
    expect(silent.status).toBe(201);
    expect(silent.body.probe).toMatchObject({ videoCodec: "vp8", audioCodec: null });

    // The list carries the probe and the poster (the poster, an image, its own size).
    const list = await lan.get("/api/v1/media");
    const listed = list.body.find((m: { sha256: string }) => m.sha256 === mp4.body.sha256);
    expect(listed).toMatchObject({ probe: { durationMs: 3000 }, posterSha256: mp4.body.posterSha256 });
    const posterRecord = list.body.find((m: { sha256: string }) => m.sha256 === mp4.body.posterSha256);
    expect(posterRecord).toMatchObject({ mime: "image/jpeg", probe: { width: 320, height: 180 } });
    // An image gets its size too.
    const image = await lan.upload(png(), "image/png", "anh.png");
    expect(image.status).toBe(201);
    expect(image.body.probe).toMatchObject({ container: "png", width: 40, height: 20, durationMs: null });
  });

  it("refuses codecs the screens cannot play, naming the codec, and truncated files", async () => {
    const { c, lan } = await operator();
    const hevc = await lan.upload(videos.hevc as Buffer, "video/mp4", "hevc.mp4");
    expect(hevc.status).toBe(415);
    expect(hevc.body.error).toMatchObject({ code: "unsupported-media", field: "file" });
    expect(hevc.body.error.message).toContain("video codec hevc");
    expect(hevc.body.error.message).toContain("re-encode as H.264 in MP4 or VP9 in WebM");

    const mpeg2 = await lan.upload(videos.mpeg2 as Buffer, "video/mp4", "mpeg2.mp4");
    expect(mpeg2.status).toBe(415);
    expect(mpeg2.body.error.message).toContain("video codec mpeg2video");
    const yuv444 = await lan.upload(videos.yuv444 as Buffer, "video/mp4", "444.mp4");
    expect(yuv444.status).toBe(415);
    expect(yuv444.body.error.message).toContain("yuv444p");

    const truncated = await lan.upload(videos.truncated as Buffer, "video/mp4", "cut.mp4");
    expect(truncated.status).toBe(422);
    expect(truncated.body.error.code).toBe("unplayable-video");
    expect(truncated.body.error.message).toContain("moov atom not found");
    const cut = await lan.upload(videos.truncatedFaststart as Buffer, "video/mp4", "cut-faststart.mp4");
    expect(cut.status).toBe(422);
    expect(cut.body.error.code).toBe("unplayable-video");
    expect(cut.body.error.message).toContain("does not decode");

    // Nothing refused was kept: only what was accepted is in the list.
    expect((await lan.get("/api/v1/media")).body).toEqual([]);
    expect(c.ctx.db.prepare("SELECT count(*) FROM media").pluck().get()).toBe(0);
  });

  it("stores WebVTT subtitles, refuses others with the line, and puts them on video items", async () => {
    const { lan } = await operator();
    const video = await lan.upload(videos.faststart as Buffer, "video/mp4", "phim.mp4");
    expect(video.status).toBe(201);
    const vtt = await lan.upload(Buffer.from(VTT), "text/vtt", "phim.vi.vtt");
    expect(vtt.status).toBe(201);
    expect(vtt.body).toMatchObject({ mime: "text/vtt" });
    expect(vtt.body.probe).toBeUndefined();

    const srt = await lan.upload(
      Buffer.from("1\n00:00:01,000 --> 00:00:02,000\nXin chào\n"),
      "application/x-subrip",
      "phim.srt",
    );
    expect(srt.status).toBe(422);
    expect(srt.body.error.code).toBe("invalid-subtitles");
    expect(srt.body.error.message).toMatch(/^subtitles: line 1: this is SubRip/);
    const broken = await lan.upload(
      Buffer.from("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\n00:00:05.000 --> 00:00:04.000\nB\n"),
      "text/vtt",
      "hong.vtt",
    );
    expect(broken.status).toBe(422);
    expect(broken.body.error.message).toBe("subtitles: line 6: the cue ends before it starts");

    // Saved without durationS, a video item takes its video's length (3 s).
    const item = {
      id: "phim-chao-mung",
      kind: "video",
      title: { vi: "Chào mừng", en: "Welcome" },
      mediaSha256: video.body.sha256,
      subtitles: { vi: vtt.body.sha256 },
    };
    const saved = await lan.put(`/api/v1/items/${item.id}`, item);
    expect(saved.status).toBe(201);
    expect(saved.body.after).toMatchObject({ durationS: 3, subtitles: { vi: vtt.body.sha256 } });
    // Given, it is kept.
    const given = await lan.put(`/api/v1/items/${item.id}`, { ...item, durationS: 20 });
    expect(given.body.after.durationS).toBe(20);

    // Cầu Treo shows vi, en and lo: no Chinese subtitles; subtitles must be WebVTT; only videos have them.
    const zh = await lan.put(`/api/v1/items/${item.id}`, {
      ...item,
      subtitles: { "zh-Hans": vtt.body.sha256 },
    });
    expect(zh.status).toBe(400);
    expect(zh.body.error.field).toBe("subtitles.zh-Hans");
    const notVtt = await lan.put(`/api/v1/items/${item.id}`, {
      ...item,
      subtitles: { en: video.body.sha256 },
    });
    expect(notVtt.status).toBe(400);
    expect(notVtt.body.error).toMatchObject({ field: "subtitles.en" });
    expect(notVtt.body.error.message).toContain("not WebVTT");
    const image = await lan.upload(png(), "image/png", "anh.png");
    const onImage = await lan.put("/api/v1/items/anh", {
      id: "anh",
      kind: "image",
      title: { vi: "Ảnh" },
      mediaSha256: image.body.sha256,
      subtitles: { vi: vtt.body.sha256 },
    });
    expect(onImage.status).toBe(400);
    expect(onImage.body.error.field).toBe("subtitles");
    // A video item cannot name an image as its video.
    const imageAsVideo = await lan.put(`/api/v1/items/${item.id}`, {
      ...item,
      mediaSha256: image.body.sha256,
    });
    expect(imageAsVideo.status).toBe(400);
    expect(imageAsVideo.body.error.field).toBe("mediaSha256");
    // A film: up to 4 hours.
    expect((await lan.put(`/api/v1/items/${item.id}`, { ...item, durationS: 14_400 })).status).toBe(200);
    expect((await lan.put(`/api/v1/items/${item.id}`, { ...item, durationS: 14_401 })).status).toBe(400);
  });

  it("without ffprobe refuses videos with a clear 503 and still takes images", async () => {
    const { lan } = await operator({ GATECAST_FFPROBE: path.join(dir, "no-such-ffprobe") });
    const video = await lan.upload(videos.h264 as Buffer, "video/mp4", "phim.mp4");
    expect(video.status).toBe(503);
    expect(video.body.error.code).toBe("media-tools-missing");
    expect(video.body.error.message).toContain("apt install ffmpeg");
    const image = await lan.upload(png(), "image/png", "anh.png");
    expect(image.status).toBe(201);
    expect(image.body.probe).toBeUndefined();
  });
});
