/**
 * One traveler's use of the kiosk, from the first touch to the return to the loop: when, in which
 * language, which pages. Reported as a ProofSession; nothing identifies the person.
 */
import type { Lang } from "../../../controller/src/contract/content.js";
import { PROOF_LIMITS, type ProofSession } from "../../../controller/src/contract/kiosk.js";

export class TouchSession {
  readonly startedAt: string;
  #language: Lang;
  readonly #pages: string[] = [];

  constructor(language: Lang, now = new Date()) {
    this.startedAt = now.toISOString();
    this.#language = language;
  }

  set language(lang: Lang) {
    this.#language = lang;
  }

  open(page: string): void {
    if (this.#pages.length < PROOF_LIMITS.pagesPerSession) this.#pages.push(page);
  }

  end(now = new Date()): ProofSession {
    return {
      startedAt: this.startedAt,
      endedAt: now.toISOString(),
      language: this.#language,
      pages: [...this.#pages],
    };
  }
}
