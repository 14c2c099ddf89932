/**
 * A gate's heartbeat names its channels and what they show (#14), and the office still accepts the
 * heartbeats of gates that send ids only. The console words every refusal of a bundle in vi and en.
 */
import { describe, expect, it } from "vitest";
import { boundedText, heartbeatNow } from "../../controller/src/central/heartbeat-now.js";
import { heartbeatSchema } from "../../controller/src/central/office.js";
import type { RefusalCode } from "../../controller/src/contract/central.js";
import type { EntryWhy, Resolution, ResolvedEntry } from "../../controller/src/domain/schedule/types.js";
import type { ContentItem, EmergencyNotice } from "../../controller/src/domain/types.js";
import { CONSOLE_LANGS, REFUSAL_LABEL } from "../../display-ui/src/console/i18n.js";
import {
  REFUSAL_SENTENCE,
  refusalSentence,
  refusalText,
  syncFailureText,
} from "../../display-ui/src/console/sync-text.js";

const OLD_BEAT = {
  gate: "cau-treo",
  version: "0.9.0",
  now: { at: "2027-04-14T09:00:00+07:00", channels: [{ id: "hall", items: ["welcome", null] }] },
  signs: [{ id: "gate-sign" }],
};

const NEW_BEAT = {
  ...OLD_BEAT,
  version: "1.0.0",
  now: {
    at: "2027-04-14T09:00:00+07:00",
    channels: [
      {
        id: "hall",
        name: "Sảnh xuất nhập cảnh",
        items: ["welcome", "hours"],
        titles: ["Chào mừng quý khách", null],
      },
    ],
  },
};

describe("heartbeatSchema", () => {
  it("accepts a gate's heartbeat from before names travelled, as it was", () => {
    const parsed = heartbeatSchema.parse(OLD_BEAT);
    expect(parsed.now?.channels[0]).toEqual({ id: "hall", items: ["welcome", null] });
  });

  it("accepts and keeps a channel's name and its items' titles", () => {
    const parsed = heartbeatSchema.parse(NEW_BEAT);
    expect(parsed.now?.channels[0]).toEqual(NEW_BEAT.now.channels[0]);
  });

  it("keeps fields a newer gate adds, and refuses names and titles past their bounds", () => {
    const newer = structuredClone(NEW_BEAT) as typeof NEW_BEAT & { now: { channels: object[] } };
    Object.assign(newer.now.channels[0] as object, { kind: "kiosk" });
    expect(heartbeatSchema.parse(newer).now?.channels[0]).toMatchObject({ kind: "kiosk" });

    const longName = structuredClone(NEW_BEAT);
    (longName.now.channels[0] as { name: string }).name = "x".repeat(201);
    expect(heartbeatSchema.safeParse(longName).success).toBe(false);
    const longTitle = structuredClone(NEW_BEAT);
    longTitle.now.channels[0]?.titles.splice(0, 1, "ế".repeat(201));
    expect(heartbeatSchema.safeParse(longTitle).success).toBe(false);
    const notText = structuredClone(NEW_BEAT) as unknown as { now: { channels: { titles: unknown[] }[] } };
    notText.now.channels[0]?.titles.splice(0, 1, 42);
    expect(heartbeatSchema.safeParse(notText).success).toBe(false);
  });
});

const why: EntryWhy = { level: "default", scheduleId: "loop", priority: 0 };
const entry = (itemId: string): ResolvedEntry => ({
  itemId,
  scheduleId: "loop",
  priority: 0,
  kind: "default",
  reason: "default 'loop'",
  why,
});
const item = (id: string, fields: Partial<ContentItem>): ContentItem => ({
  id,
  kind: "article",
  title: {},
  body: {},
  ledText: {},
  durationS: 10,
  categories: [],
  ...fields,
});

describe("heartbeatNow", () => {
  const items = new Map<string, ContentItem>([
    ["welcome", item("welcome", { title: { vi: "Chào mừng quý khách", en: "Welcome" } })],
    ["led-hours", item("led-hours", { kind: "led", ledText: { vi: "Giờ mở cửa 7:00–19:00" } })],
    ["lao-only", item("lao-only", { title: { lo: "ສະບາຍດີ" } })],
    ["long", item("long", { title: { vi: `${"Đ".repeat(199)}😀 và hơn nữa` } })],
  ]);
  const alert: EmergencyNotice = {
    id: "flood",
    title: { vi: "Đường ngập", en: "Road flooded" },
    body: {},
    ledText: {},
    startsAt: "2027-04-14T00:00:00Z",
    expiresAt: "2027-04-15T00:00:00Z",
  } as EmergencyNotice;

  it("names each channel from the site file and each item by its title in the gate's first language", () => {
    const resolution: Resolution = {
      at: Date.parse("2027-04-14T02:00:00Z"),
      gate: "cau-treo",
      channels: [
        { id: "hall", kind: "kiosk", entries: ["welcome", "lao-only", "gone", "long"].map(entry) },
        { id: "gate-sign", kind: "sign", entries: [entry("led-hours")] },
        { id: "unnamed", kind: "sign", entries: [] },
      ],
      nextChangeAt: null,
    };
    const now = heartbeatNow(resolution, {
      items,
      languages: ["vi", "lo", "en"],
      channels: [
        { id: "hall", kind: "kiosk", name: "Sảnh xuất nhập cảnh" },
        { id: "gate-sign", kind: "sign", name: "Bảng LED cổng" },
      ],
    });
    expect(now.at).toBe("2027-04-14T09:00:00+07:00");
    const [hall, sign, unnamed] = now.channels;
    expect(hall).toMatchObject({ id: "hall", name: "Sảnh xuất nhập cảnh" });
    expect(hall?.items).toEqual(["welcome", "lao-only", "gone", "long"]);
    expect(hall?.titles?.slice(0, 3)).toEqual(["Chào mừng quý khách", "ສະບາຍດີ", null]);
    // Cut to the office's bound, never through an emoji's surrogate pair.
    const long = hall?.titles?.[3] as string;
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long.endsWith("Đ…")).toBe(true);
    expect(sign).toEqual({
      id: "gate-sign",
      name: "Bảng LED cổng",
      items: ["led-hours"],
      titles: ["Giờ mở cửa 7:00–19:00"],
    });
    expect(unnamed).toEqual({ id: "unnamed", items: [], titles: [] });
    expect(heartbeatSchema.safeParse({ gate: "cau-treo", version: "1", now }).success).toBe(true);
  });

  it("titles an emergency notice's entry by the notice", () => {
    const resolution: Resolution = {
      at: Date.parse("2027-04-14T02:00:00Z"),
      gate: "cau-treo",
      channels: [{ id: "hall", kind: "kiosk", entries: [entry("emergency:flood")] }],
      alert,
      nextChangeAt: null,
    };
    const now = heartbeatNow(resolution, { items, languages: ["vi"], channels: [] });
    expect(now.channels[0]?.titles).toEqual(["Đường ngập"]);
  });

  it("bounds text in UTF-16 units without splitting a pair", () => {
    expect(boundedText("ngắn")).toBe("ngắn");
    const cut = boundedText(`${"a".repeat(198)}😀😀`);
    expect(cut).toBe(`${"a".repeat(198)}…`);
  });
});

/** Every refusal code, checked by the compiler against the contract's union both ways. */
const CODES = [
  "malformed",
  "untrusted-key",
  "revoked-key",
  "key-not-valid",
  "bad-signature",
  "not-for-this-gate",
  "expired",
  "replay",
  "missing-file",
  "truncated",
  "tampered",
  "invalid-content",
  "disk-full",
  "write-failed",
  "conflict",
  "media-budget",
] as const satisfies readonly RefusalCode[];
type Unlisted = Exclude<RefusalCode, (typeof CODES)[number]>;
const everyCodeListed: [Unlisted] extends [never] ? true : false = true;

describe("refusal sentences", () => {
  it("has a sentence in Vietnamese and in English for every refusal code", () => {
    expect(everyCodeListed).toBe(true);
    expect(Object.keys(REFUSAL_SENTENCE).sort()).toEqual([...CODES].sort());
    expect(Object.keys(REFUSAL_LABEL).sort()).toEqual([...CODES].sort());
    for (const code of CODES) {
      for (const lang of CONSOLE_LANGS) {
        const text = refusalText(lang, code, "manifest signature does not verify");
        expect(text.sentence.length, `${code} ${lang}`).toBeGreaterThan(20);
        expect(text.label, `${code} ${lang}`).not.toBe(code);
        expect(text.detail).toBe("manifest signature does not verify");
      }
      // Vietnamese written with its diacritics, not the English again.
      expect(REFUSAL_SENTENCE[code].vi).toMatch(
        /[ạảãàáâậầấẩẫăắằặẳẵđêềếểễệôồốổỗộơờớởỡợưừứửữựịỉĩìíọỏõòóụủũùúỳýỷỹỵ]/,
      );
      expect(REFUSAL_SENTENCE[code].vi).not.toBe(REFUSAL_SENTENCE[code].en);
    }
  });

  it("gives a code it does not know (a newer controller) a general sentence, and keeps the detail", () => {
    expect(refusalSentence("vi", "quantum-flux")).toContain("Gói không được nhập");
    expect(refusalSentence("en", null)).toContain("not imported");
    expect(refusalText("vi", "quantum-flux", "why").detail).toBe("why");
  });

  it("words a failed poll in the console's language, the English beneath", () => {
    const unreachable = syncFailureText("vi", "cannot reach the central: fetch failed");
    expect(unreachable).toMatchObject({
      code: "unreachable",
      detail: "cannot reach the central: fetch failed",
    });
    expect(unreachable.sentence).toContain("Không kết nối được với máy chủ trung tâm (fetch failed)");
    const list = syncFailureText("vi", "the central's bundle list was refused: it is not JSON");
    expect(list.code).toBe("list-refused");
    expect(list.sentence).toContain("danh sách gói không hợp lệ");
    expect(syncFailureText("en", "something else").sentence).toContain("did not succeed");
  });
});
