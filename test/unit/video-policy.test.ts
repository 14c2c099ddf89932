import { describe, expect, it } from "vitest";
import { describeRefusedType, sniffMediaType } from "../../controller/src/media/sniff.js";
import {
  imageProbe,
  judgeVideo,
  posterAtSeconds,
  tailProblem,
  VIDEO_LIMITS,
} from "../../controller/src/media/video-policy.js";

/** ffprobe's JSON for a file, as `-show_format -show_streams` prints it (numbers as strings, as it does). */
function probe(
  format: string,
  streams: Record<string, unknown>[],
  duration: string | undefined = "3.000000",
): unknown {
  return { streams, format: { format_name: format, ...(duration ? { duration } : {}) } };
}
const MP4 = "mov,mp4,m4a,3gp,3g2,mj2";
const WEBM = "matroska,webm";
const h264 = {
  codec_type: "video",
  codec_name: "h264",
  width: 320,
  height: 180,
  pix_fmt: "yuv420p",
  profile: "High",
};
const aac = { codec_type: "audio", codec_name: "aac" };

describe("video policy", () => {
  it("accepts H.264/AAC in MP4 and VP8/VP9 with Opus/Vorbis or no sound in WebM, recording the probe", () => {
    expect(judgeVideo("video/mp4", probe(MP4, [h264, aac]))).toEqual({
      ok: true,
      probe: {
        container: "mp4",
        videoCodec: "h264",
        audioCodec: "aac",
        width: 320,
        height: 180,
        durationMs: 3000,
      },
    });
    const vp9 = { codec_type: "video", codec_name: "vp9", width: 768, height: 432 };
    expect(
      judgeVideo("video/webm", probe(WEBM, [vp9, { codec_type: "audio", codec_name: "opus" }], "3.008")),
    ).toMatchObject({
      ok: true,
      probe: { container: "webm", videoCodec: "vp9", audioCodec: "opus", durationMs: 3008 },
    });
    const vp8 = { codec_type: "video", codec_name: "vp8", width: 576, height: 320, duration: "12.5" };
    expect(
      judgeVideo("video/webm", probe(WEBM, [vp8, { codec_type: "audio", codec_name: "vorbis" }], "N/A")),
    ).toMatchObject({
      ok: true,
      probe: { videoCodec: "vp8", audioCodec: "vorbis", durationMs: 12_500 },
    });
    expect(judgeVideo("video/mp4", probe(MP4, [h264]))).toMatchObject({
      ok: true,
      probe: { audioCodec: null },
    });
    // A cover picture stream before the film is not the film.
    const cover = {
      codec_type: "video",
      codec_name: "mjpeg",
      width: 600,
      height: 600,
      disposition: { attached_pic: 1 },
    };
    expect(judgeVideo("video/mp4", probe(MP4, [cover, h264, aac]))).toMatchObject({
      ok: true,
      probe: { videoCodec: "h264" },
    });
  });

  it.each([
    ["HEVC in MP4", "video/mp4", probe(MP4, [{ ...h264, codec_name: "hevc" }, aac]), "video codec hevc"],
    ["AV1 in MP4", "video/mp4", probe(MP4, [{ ...h264, codec_name: "av1" }]), "video codec av1"],
    [
      "MPEG-2 in MP4",
      "video/mp4",
      probe(MP4, [{ ...h264, codec_name: "mpeg2video" }]),
      "video codec mpeg2video",
    ],
    ["H.264 in WebM", "video/webm", probe(WEBM, [h264]), "video codec h264 in webm"],
    ["AV1 in WebM", "video/webm", probe(WEBM, [{ ...h264, codec_name: "av1" }]), "video codec av1 in webm"],
    [
      "H.264 4:4:4",
      "video/mp4",
      probe(MP4, [{ ...h264, pix_fmt: "yuv444p", profile: "High 4:4:4 Predictive" }]),
      "yuv444p",
    ],
    ["10-bit H.264", "video/mp4", probe(MP4, [{ ...h264, pix_fmt: "yuv420p10le" }]), "yuv420p10le"],
    [
      "MP3 in MP4",
      "video/mp4",
      probe(MP4, [h264, { codec_type: "audio", codec_name: "mp3" }]),
      "audio codec mp3",
    ],
    [
      "AAC in WebM",
      "video/webm",
      probe(WEBM, [{ ...h264, codec_name: "vp9" }, aac]),
      "audio codec aac in webm",
    ],
    [
      "a 10000 px video",
      "video/mp4",
      probe(MP4, [{ ...h264, width: 10_000 }]),
      `at most ${VIDEO_LIMITS.maxSide} px`,
    ],
    ["a 5-hour video", "video/mp4", probe(MP4, [h264], String(5 * 3600)), "at most 4 hours"],
  ] as const)("refuses %s as unsupported, naming it", (_name, mime, raw, reason) => {
    const verdict = judgeVideo(mime, raw);
    expect(verdict).toMatchObject({ ok: false, kind: "unsupported" });
    if (!verdict.ok) expect(verdict.reason).toContain(reason);
  });

  it("names the codec and the way out in the HEVC reason", () => {
    const verdict = judgeVideo("video/mp4", probe(MP4, [{ ...h264, codec_name: "hevc" }]));
    expect(verdict).toEqual({
      ok: false,
      kind: "unsupported",
      reason:
        "video codec hevc in mp4 is not played by the screens' browser; re-encode as H.264 in MP4 or VP9 in WebM",
    });
  });

  it.each([
    ["no streams", probe(MP4, []), "no video stream"],
    ["sound only", probe(MP4, [aac]), "no video stream"],
    ["a zero duration", probe(MP4, [h264], "0.000000"), "duration is zero or unknown"],
    ["an unknown duration", probe(MP4, [h264], "N/A"), "duration is zero or unknown"],
    ["no picture size", probe(MP4, [{ ...h264, width: 0 }]), "picture size"],
    ["another container inside", probe("mpegts", [h264]), 'says "mpegts"'],
    ["garbage", "not json at all", "no video stream"],
  ] as const)("refuses %s as damaged", (_name, raw, reason) => {
    const verdict = judgeVideo("video/mp4", raw === "not json at all" ? probe(MP4, []) : raw);
    expect(verdict).toMatchObject({ ok: false, kind: "damaged" });
    if (!verdict.ok) expect(verdict.reason).toContain(reason);
  });

  it("reads an image's size, and takes the poster at 1 s or a tenth of a short video", () => {
    expect(
      imageProbe(
        "png",
        probe("png_pipe", [{ codec_type: "video", codec_name: "png", width: 40, height: 20 }]),
      ),
    ).toEqual({
      container: "png",
      videoCodec: null,
      audioCodec: null,
      width: 40,
      height: 20,
      durationMs: null,
    });
    expect(imageProbe("png", {})).toBeNull();
    expect(posterAtSeconds(60_000)).toBe(1);
    expect(posterAtSeconds(3000)).toBeCloseTo(0.3);
  });

  it("reads ffmpeg's complaints about the end of a file", () => {
    expect(tailProblem("")).toBeNull();
    expect(tailProblem("[mov,mp4 @ 0x5] stream 0, offset 0x542d: partial file\n")).toBe(
      "stream 0, offset 0x542d: partial file",
    );
    expect(
      tailProblem("[matroska,webm @ 0x5] File ended prematurely\n    Last message repeated 1 times\n"),
    ).toBe("File ended prematurely");
  });

  it("sniffs MOV as the MP4 family and names Matroska and HEIF when refusing them", () => {
    const head = (s: string) => Uint8Array.from([0, 0, 0, 0x14, ...Buffer.from(s)]);
    expect(sniffMediaType(head("ftypqt  \0\0\x02\0qt  "))).toBe("video/mp4");
    expect(sniffMediaType(head("ftypheic\0\0\0\0"))).toBeNull();
    expect(describeRefusedType(head("ftypheic\0\0\0\0"))).toContain("HEIF");
    const mkv = Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, ...Buffer.from("matroska")]);
    expect(sniffMediaType(mkv)).toBeNull();
    expect(describeRefusedType(mkv)).toContain("Matroska");
  });
});
