/**
 * What a kiosk keeps to prove itself: its enrolment (id and token, given once by the controller when
 * an operator approved its pairing code, or by the provisioning script in the URL's `#token=`
 * fragment) and, until then, a random pairing secret that lets it find its pairing request again
 * after a reconnect or a reload. Both live in localStorage, which only this origin's pages can read.
 */
import type { KioskAuth } from "../../../controller/src/contract/kiosk.js";
import type { KeyValueStore } from "./proof-queue.js";

const ENROLMENT_KEY = "gatecast:kiosk:enrolment";
const PAIRING_KEY = "gatecast:kiosk:pairing-secret";
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface Enrolment {
  kioskId: string;
  token: string;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class EnrolmentStore {
  #enrolment: Enrolment | undefined;
  #pairing: string | undefined;

  constructor(private readonly store: KeyValueStore) {
    try {
      const kept = JSON.parse(store.getItem(ENROLMENT_KEY) ?? "null") as Partial<Enrolment> | null;
      if (kept && typeof kept.kioskId === "string" && typeof kept.token === "string") {
        if (DEVICE_ID.test(kept.kioskId) && TOKEN.test(kept.token)) {
          this.#enrolment = { kioskId: kept.kioskId, token: kept.token };
        }
      }
    } catch {
      this.#enrolment = undefined;
    }
  }

  get enrolment(): Enrolment | undefined {
    return this.#enrolment;
  }

  /**
   * A token the provisioning script put in the URL's fragment, for the kiosk id in its query. Kept,
   * then taken out of the address bar (it stays in the unit's environment file for the next start).
   */
  takeFromUrl(hash: string, kioskId: string, replaceUrl: (hash: string) => void): void {
    const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
    if (!token || !TOKEN.test(token) || !DEVICE_ID.test(kioskId)) return;
    this.save({ kioskId, token });
    replaceUrl("");
  }

  save(enrolment: Enrolment): void {
    this.#enrolment = enrolment;
    try {
      this.store.setItem(ENROLMENT_KEY, JSON.stringify(enrolment));
    } catch {
      // No storage: enrolled for this load only; the kiosk pairs again after a reload.
    }
  }

  /** The controller refused the token (revoked): forget it and pair again. */
  forget(): void {
    this.#enrolment = undefined;
    try {
      this.store.setItem(ENROLMENT_KEY, "null");
    } catch {
      // nothing kept, nothing to forget
    }
  }

  /** The pairing secret, made once and kept. */
  pairingSecret(): string {
    if (this.#pairing) return this.#pairing;
    const kept = this.store.getItem(PAIRING_KEY);
    if (kept && /^[0-9a-f]{48}$/.test(kept)) {
      this.#pairing = kept;
      return kept;
    }
    const made = randomSecret();
    this.#pairing = made;
    try {
      this.store.setItem(PAIRING_KEY, made);
    } catch {
      // a new secret per load: a new pairing code after a reload
    }
    return made;
  }

  /**
   * The handshake's auth: the token when enrolled, and always the pairing secret, so a kiosk whose
   * token was revoked gets its pairing code on the same connection.
   */
  auth(): KioskAuth {
    const e = this.#enrolment;
    const pairing = this.pairingSecret();
    return e ? { kioskId: e.kioskId, token: e.token, pairing } : { pairing };
  }
}
