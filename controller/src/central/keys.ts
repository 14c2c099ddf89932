/**
 * Ed25519 keys for central programs (node:crypto only). The central signs with a private key read
 * from a file (`GATECAST_SIGNING_KEY`); gates verify with public keys listed in their site file.
 * A key id is the first 16 hex digits of the sha256 of the raw 32-byte public key.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw key follows it. */
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export class KeyError extends Error {
  override name = "KeyError";
}

export function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ type: "spki", format: "der" });
  if (der.length !== 44 || !der.subarray(0, 12).equals(SPKI_PREFIX)) {
    throw new KeyError("not an Ed25519 public key");
  }
  return der.subarray(12);
}

export function keyIdOf(key: KeyObject): string {
  return createHash("sha256").update(rawPublicKey(key)).digest("hex").slice(0, 16);
}

/** A public key from base64 of the raw 32 bytes, or from a PEM SPKI block. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  let key: KeyObject;
  try {
    if (trimmed.startsWith("-----BEGIN")) {
      key = createPublicKey(trimmed);
    } else {
      const raw = Buffer.from(trimmed, "base64");
      if (raw.length !== 32) throw new KeyError(`expected 32 raw bytes in base64, got ${raw.length}`);
      key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
    }
  } catch (error) {
    if (error instanceof KeyError) throw error;
    throw new KeyError(`cannot read the public key: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== "ed25519") throw new KeyError("not an Ed25519 key");
  return key;
}

export interface GeneratedKey {
  privateKeyPem: string;
  publicKeyBase64: string;
  publicKeyPem: string;
  keyId: string;
}

export function generateSigningKey(): GeneratedKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyBase64: rawPublicKey(publicKey).toString("base64"),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/**
 * Writes `<keyId>.key` (private, mode 0600, refused if it exists) and `<keyId>.pub` (PEM) to `dir`.
 * Returns the key and the two paths.
 */
export function writeSigningKey(dir: string): GeneratedKey & { privateFile: string; publicFile: string } {
  const key = generateSigningKey();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateFile = path.join(dir, `${key.keyId}.key`);
  const publicFile = path.join(dir, `${key.keyId}.pub`);
  // `wx`: never overwrite a key; the mode applies at creation, before any byte is written.
  writeFileSync(privateFile, key.privateKeyPem, { mode: 0o600, flag: "wx" });
  writeFileSync(publicFile, key.publicKeyPem, { mode: 0o644, flag: "wx" });
  return { ...key, privateFile, publicFile };
}

export interface SigningKey {
  privateKey: KeyObject;
  keyId: string;
}

export function signingKeyFromPem(pem: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new KeyError(`cannot read the signing key: ${(error as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== "ed25519") throw new KeyError("the signing key is not Ed25519");
  return { privateKey, keyId: keyIdOf(createPublicKey(privateKey)) };
}

/** Reads the central's signing key from the file `GATECAST_SIGNING_KEY` names. */
export function readSigningKey(file: string | undefined): SigningKey {
  if (!file) throw new KeyError("GATECAST_SIGNING_KEY is not set: it names the central's private key file");
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (error) {
    throw new KeyError(
      `cannot read the signing key ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return signingKeyFromPem(pem);
}

export function signBytes(key: SigningKey, bytes: Uint8Array): string {
  return sign(null, bytes, key.privateKey).toString("base64");
}

export function verifyBytes(key: KeyObject, bytes: Uint8Array, signatureBase64: string): boolean {
  const signature = Buffer.from(signatureBase64, "base64");
  if (signature.length !== 64) return false;
  try {
    return verify(null, bytes, key, signature);
  } catch {
    return false;
  }
}
