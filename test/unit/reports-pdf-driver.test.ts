/**
 * The PDF driver's bounds, with a real process that never finishes printing (a shell script in
 * Chromium's place): killed after its time, its temporary folder removed, prints waiting beyond the
 * queue's bound refused at once, and a missing browser named.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  findChromium,
  PdfBusyError,
  PdfPrinter,
  PdfUnavailableError,
} from "../../controller/src/reports/pdf.js";

const dirs: string[] = [];
const savedTmp = process.env.TMPDIR;
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function hangingBrowser(): { browser: string; tmp: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "gatecast-pdf-driver-"));
  dirs.push(dir);
  const browser = path.join(dir, "chromium");
  writeFileSync(browser, "#!/bin/sh\nexec sleep 600\n");
  chmodSync(browser, 0o755);
  const tmp = path.join(dir, "tmp");
  mkdirSync(tmp);
  return { browser, tmp };
}

describe("the PDF driver", () => {
  it("kills a print that overruns its time and removes its temporary folder", async () => {
    const { browser, tmp } = hangingBrowser();
    process.env.TMPDIR = tmp;
    const printer = new PdfPrinter({ chromium: browser, timeoutMs: 1500 });
    const started = Date.now();
    await expect(printer.print("<p>x</p>")).rejects.toThrow(/did not finish the PDF within 2 s/);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("refuses at once a print beyond the queue's bound, and prints the others in turn", async () => {
    const { browser } = hangingBrowser();
    const printer = new PdfPrinter({ chromium: browser, timeoutMs: 1500, maxQueued: 1 });
    const first = printer.print("<p>1</p>");
    const second = printer.print("<p>2</p>");
    await expect(printer.print("<p>3</p>")).rejects.toBeInstanceOf(PdfBusyError);
    // Both queued prints run (and time out) one after the other.
    await expect(first).rejects.toThrow(/did not finish/);
    await expect(second).rejects.toThrow(/did not finish/);
  });

  it("names the missing browser", async () => {
    expect(findChromium("/nonexistent/chromium")).toBeUndefined();
    expect(findChromium("no-such-browser-gatecast")).toBeUndefined();
    await expect(new PdfPrinter({ chromium: "/nonexistent/chromium" }).print("<p/>")).rejects.toBeInstanceOf(
      PdfUnavailableError,
    );
  });
});
