/**
 * The media budget at a gate: a program that would take media past `storage.budgets.mediaMB` makes
 * room by evicting media nothing uses, oldest first; one that cannot fit even then is refused with
 * its reason in the sync log, and nothing is deleted.
 */
import { copyFileSync, createReadStream, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GateSync } from "../../controller/src/central/gate-sync.js";
import { mediaPath } from "../../controller/src/media/media-store.js";
import { addImportedMedia, recentSyncLog } from "../../controller/src/store/central-gate-repo.js";
import { getMedia, mediaBytes } from "../../controller/src/store/media-repo.js";
import { writeDiskBundle, writeVideo } from "../helpers/central-bundles.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { configDir, gateSite, newKey } from "./central-helpers.js";

const MB = 1024 * 1024;

describe("media budget at a gate", () => {
  it("evicts unused media oldest first to make room, and refuses what cannot fit without deleting anything", async () => {
    const key = newKey();
    const gate = await startTestController({
      gate: "cau-treo",
      env: { GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ keys: [{ key }] }) }) },
    });
    const { db, settings } = gate.ctx;
    const budgetMB = Math.ceil(mediaBytes(db) / MB) + 2;
    const site = {
      ...settings.site,
      storage: { ...settings.site.storage, budgets: { ...settings.site.storage.budgets, mediaMB: budgetMB } },
    };
    const sync = new GateSync({ ...gate.ctx, settings: { ...settings, site } as typeof settings });
    const work = tempDir();

    // An old upload nothing uses any more: 1.5 MB.
    const unused = writeVideo(path.join(work, "old.mp4"), 1.5 * MB);
    mkdirSync(path.dirname(mediaPath(settings.dataDir, unused.sha256)), { recursive: true });
    copyFileSync(unused.file, mediaPath(settings.dataDir, unused.sha256));
    addImportedMedia(db, {
      sha256: unused.sha256,
      mime: "video/mp4",
      size: unused.size,
      originalName: "old.mp4",
      createdAt: "2020-01-01T00:00:00.000Z",
    });

    const fromDisk =
      (bundle: ReturnType<typeof writeDiskBundle>) => (_m: unknown, entry: { sha256: string }) => {
        const file = bundle.files.get(entry.sha256);
        return file ? createReadStream(file) : undefined;
      };
    const film = writeVideo(path.join(work, "film.mp4"), 1 * MB);
    const a = writeDiskBundle(path.join(work, "a"), key.signing, { programId: "films", version: 1 }, [film]);
    const imported = await sync.processBundle(a.manifestBytes, a.sig, fromDisk(a), "usb test");
    expect(imported.outcome, JSON.stringify(imported)).toBe("imported");
    expect(getMedia(db, unused.sha256)).toBeUndefined();
    expect(existsSync(mediaPath(settings.dataDir, unused.sha256))).toBe(false);
    expect(getMedia(db, film.sha256)).toBeDefined();
    const evicted = db.prepare("SELECT entity_id FROM audit WHERE action = 'evict'").pluck().all();
    expect(evicted).toEqual([unused.sha256]);

    // 3 MB more cannot fit: the film is used by an item, so nothing may go.
    const big = writeVideo(path.join(work, "big.mp4"), 3 * MB);
    const b = writeDiskBundle(path.join(work, "b"), key.signing, { programId: "big", version: 1 }, [big]);
    const refused = await sync.processBundle(b.manifestBytes, b.sig, fromDisk(b), "usb test");
    expect(refused).toMatchObject({ outcome: "refused", code: "media-budget" });
    expect((refused as { reason: string }).reason).toMatch(/nothing was deleted/);
    expect(recentSyncLog(db)[0]).toMatchObject({ programId: "big", code: "media-budget" });
    expect(getMedia(db, film.sha256)).toBeDefined();
    expect(statSync(mediaPath(settings.dataDir, film.sha256)).size).toBe(film.size);
    expect(sync.status().downloads).toEqual([]);
  });
});
