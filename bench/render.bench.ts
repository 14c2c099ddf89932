/**
 * Bench: rendering one five-language LED message (vi, en, zh-Hans, lo, km → five frames: layout, shaping,
 * drawing, thresholding) for the two shipped sign profiles. Fonts are registered before timing (the first
 * message of a process pays that once). Aim from issue #5: 5 ms per message.
 */
import path from "node:path";
import { ROOT_DIR } from "../controller/src/config/settings.js";
import { signProfileSchema } from "../controller/src/config/sign-profile-schema.js";
import { readYamlFile } from "../controller/src/config/yaml-file.js";
import type { Localized } from "../controller/src/domain/types.js";
import { renderMessageFrames } from "../controller/src/signs/render/index.js";
import { type BenchRow, time } from "./harness.js";

const MESSAGE: Localized = {
  vi: "Chào mừng đến Cửa khẩu Cầu Treo",
  en: "Welcome to Cau Treo border gate",
  "zh-Hans": "欢迎来到越南边防检查站",
  lo: "ຍິນດີຕ້ອນຮັບ\u200bສູ່\u200bດ່ານ\u200bສາກົນ",
  km: "សូមស្វាគមន៍\u200bមកកាន់\u200bច្រកទ្វារ\u200bអន្តរជាតិ",
};
const LANGS = ["vi", "en", "zh-Hans", "lo", "km"] as const;

function profile(id: string) {
  return readYamlFile(path.join(ROOT_DIR, "firmware-config", "signs", `${id}.yaml`), signProfileSchema);
}

export default async function (): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const id of ["alpha-96x16", "bx5-128x32"]) {
    const p = profile(id);
    const once = () => {
      const r = renderMessageFrames(MESSAGE, LANGS, p);
      if (!r.ok) throw new Error(`${id}: ${r.reason}`);
      return r;
    };
    once();
    const t = time(once, { warmup: 10, runs: 200 });
    rows.push({
      name: `five-language message, ${p.panel.width}×${p.panel.height} (${id}), median`,
      value: t.median,
      unit: "ms",
      limit: 5,
      limitLabel: "aim from issue #5",
    });
    rows.push({
      name: `five-language message, ${p.panel.width}×${p.panel.height} (${id}), p95`,
      value: t.p95,
      unit: "ms",
    });
  }
  return rows;
}
