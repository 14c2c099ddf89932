/**
 * The sign pipeline is the one path from LED messages to what a driver sends: the preview runs it with the
 * sign's own target, so it shows exactly the slides, plan and summary the driver feed gets, memory limits
 * included.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type SignProfile, signProfileSchema } from "../../controller/src/config/sign-profile-schema.js";
import type { SignSelection } from "../../controller/src/signs/led-text.js";
import {
  previewSignPipeline,
  profileTarget,
  runSignPipeline,
  signTargetOf,
} from "../../controller/src/signs/pipeline.js";
import { withProtocol } from "../../controller/src/signs/protocols/index.js";

function profile(id: string): SignProfile {
  const file = path.join(import.meta.dirname, "../../firmware-config/signs", `${id}.yaml`);
  return signProfileSchema.parse(parseYaml(readFileSync(file, "utf8")));
}

const texts = ["Chào mừng", "Mở cửa 07:00–17:00", "Xin xuất trình hộ chiếu", "Cấm hút thuốc"];
const selection: SignSelection = {
  messages: texts.map((vi, i) => ({
    itemId: `m${i}`,
    kind: "text" as const,
    text: { vi, en: `Message ${i}` },
  })),
  problems: ["gone: no such item"],
};
const options = { languages: ["vi", "en"] as const, now: Date.parse("2026-02-17T08:05:00+07:00") };

describe("the sign pipeline", () => {
  it("gives the preview the very slides and summary the driver feed gets", () => {
    for (const id of ["alpha-96x16", "bx5-128x32"]) {
      const p = profile(id);
      const target = signTargetOf({ address: p.protocol === "alpha" ? "01" : "1" }, p);
      // The driver feed's run, its protocol's frame type kept (as sign-channel.ts does).
      const fed = withProtocol(p.protocol, (protocol) => {
        const { show, frames, plan } = runSignPipeline({ profile: p, protocol, target }, selection, options);
        if (!plan.ok) throw plan.error;
        return { show, frames, summary: plan.content.summary, slides: plan.content.slides.length };
      });
      const preview = previewSignPipeline({ profile: p, target }, selection, options);
      if (!preview.plan.ok) throw preview.plan.error;
      expect(preview.show).toEqual(fed.show);
      expect(preview.frames).toEqual(fed.frames);
      expect(preview.plan.summary).toEqual(fed.summary);
      expect(fed.slides).toBe(p.protocol === "alpha" ? 1 : fed.show.slides.length);
      expect(fed.summary.problems[0]).toBe("gone: no such item");
    }
  });

  it("plans with the sign's memory: slides it cannot hold are named, in the preview too", () => {
    const p = profile("alpha-96x16");
    const small = { ...p, memory: { ...p.memory, pictureFiles: 2 } };
    const preview = previewSignPipeline({ profile: small, target: profileTarget(small) }, selection, options);
    if (!preview.plan.ok) throw preview.plan.error;
    const { summary } = preview.plan;
    expect(preview.show.slides.length).toBeGreaterThan(2);
    expect(summary.rotation).toBe("sign");
    expect(summary.slides.filter((s) => s.notShown !== undefined)).toHaveLength(
      preview.show.slides.length - 2,
    );
    expect(summary.problems.some((m) => /not shown: the sign holds 2 pictures/.test(m))).toBe(true);
  });

  it("reports what it cannot render per message and language, and goes on with the rest", () => {
    const p = profile("bx5-128x32");
    const result = previewSignPipeline(
      { profile: p, target: profileTarget(p) },
      { messages: [{ itemId: "x", kind: "text", text: { vi: "Xin chào", km: "សួស្តី 🙂" } }], problems: [] },
      { ...options, languages: ["vi", "km"] },
    );
    expect(result.frames.map((f) => f.language)).toEqual(["vi"]);
    expect(result.failures).toEqual([
      { itemId: "x", language: "km", reason: expect.stringMatching(/^no font/) },
    ]);
  });
});
