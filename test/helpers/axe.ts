/**
 * axe-core (WCAG 2.2 AA) on a page of the kiosk or the console, for the e2e tests: the serious and
 * critical violations, with where they are, and the lines a failure prints.
 * No vitest imports: a helper, usable outside a test run.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

/**
 * axe-core's source, evaluated in the page through DevTools: the controller's CSP (script-src 'self')
 * rightly refuses an injected <script> tag, so page.addScriptTag cannot be used.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export interface Violation {
  id: string;
  /** "serious" or "critical": the lesser ones are not returned. */
  impact: string;
  help: string;
  /** Each element found, as axe's selector path (shadow roots included) in JSON. */
  targets: string[];
}

/**
 * Runs axe on the whole document (shadow roots included) as it is drawn now. axe reads colours as
 * drawn: fonts in, and every transition (a button's pressed colour, a fade) and the document's finite
 * animations ended first; those that repeat for ever (a pulse, a blinking band) are left to run.
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    // document.getAnimations() leaves out those in shadow roots (every Lit component's): their running
    // transitions (a pressed button's colour, a fade of the "more" cue) are each root's own. Their
    // animations are not waited for: one spans a whole slide, the others repeat for ever.
    const animations = [...document.getAnimations()];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of Array.from(root.querySelectorAll("*"))) {
        if (!el.shadowRoot) continue;
        animations.push(
          ...el.shadowRoot
            .getAnimations()
            .filter((a) => a instanceof CSSTransition && a.playState === "running"),
        );
        walk(el.shadowRoot);
      }
    };
    walk(document);
    const finite = animations.filter(
      (a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY,
    );
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        targets: v.nodes.map((n) => JSON.stringify(n.target)),
      }));
  }, TAGS);
}

/** A failure's lines: each violation at `where`, its rule, impact and help, then the elements it found. */
export function describeViolations(where: string, violations: Violation[]): string[] {
  return violations.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}\n    ${v.targets.join("\n    ")}`);
}
