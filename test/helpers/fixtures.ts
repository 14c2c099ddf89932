import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach } from "vitest";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder removed after the test. */
export function tempDir(prefix = "gatecast-test-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes files (relative path → text) under a new temporary folder and returns it. */
export function writeTree(files: Record<string, string>): string {
  const root = tempDir();
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(root, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return root;
}

/** A small, valid content pack for tests that must not depend on the shipped packs' wording. */
export function testPack(packId = "test-gate"): Record<string, string> {
  return {
    [`packs/${packId}/pack.yaml`]: [
      "version: 1",
      `gate: ${packId}`,
      "languages: [vi, lo, en]",
      "playlists:",
      "  - { id: attract, name: Attract, itemIds: [welcome, hours] }",
      "schedules:",
      "  - id: default-loop",
      "    name: Default loop",
      "    kind: default",
      "    target: { playlistId: attract }",
      '    channels: ["*"]',
      "    priority: 0",
      "",
    ].join("\n"),
    [`packs/${packId}/items/welcome.yaml`]: [
      "id: welcome",
      "kind: article",
      "title: { vi: Chào mừng, lo: ຍິນດີຕ້ອນຮັບ, en: Welcome }",
      "body: { vi: Xin chào, lo: ສະບາຍດີ, en: Hello }",
      "ledText: { vi: Chào mừng, en: Welcome }",
      "categories: [welcome]",
      "",
    ].join("\n"),
    [`packs/${packId}/items/hours.yaml`]: [
      "id: hours",
      "kind: article",
      "title: { vi: Giờ mở cửa, lo: ເວລາເປີດ, en: Opening hours }",
      "body: { vi: 07:00–18:00, lo: 07:00–18:00, en: 07:00–18:00 }",
      "categories: [hours]",
      "",
    ].join("\n"),
  };
}
