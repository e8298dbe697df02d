/**
 * Secrets at rest: credentials are AES-256-GCM ciphertext (authenticated, so a modified blob is refused
 * rather than decrypted into garbage), and bearer tokens/API keys are stored only as sha256 hashes
 * (they are 256-bit random, so a fast hash is enough — there is nothing to brute-force).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EncryptedSecret } from "./types.js";

export const API_KEY_PREFIX = "agk_";
export const MCP_TOKEN_PREFIX = "agm_";
export const OAUTH_STATE_PREFIX = "ags_";

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
export const KEY_ENV = "ATLASGATE_ENCRYPTION_KEY";
export const KEY_FILE = "encryption.key";

/** Thrown for a missing/malformed key; the message never contains the key material. */
export class EncryptionKeyError extends Error {
  override name = "EncryptionKeyError";
}

/** Thrown when a stored secret cannot be decrypted: wrong key, or the blob was modified. */
export class SecretDecryptError extends Error {
  override name = "SecretDecryptError";
}

/**
 * A short, stable id of a key, stored beside each ciphertext so a later key rotation can tell which
 * rows still use the old key. Derived with a domain prefix so it is not a plain hash of the key.
 */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update("atlasgate-key-id:").update(key).digest("hex").slice(0, 16);
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new EncryptionKeyError(`encryption key must be ${KEY_BYTES} bytes`);
}

/**
 * `context` is bound as GCM additional data (the repositories pass the row id), so a ciphertext
 * copied onto another row does not decrypt there.
 */
export function encryptSecret(key: Buffer, plaintext: string, context = ""): EncryptedSecret {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64"),
    keyId: keyIdOf(key),
  };
}

export function decryptSecret(key: Buffer, secret: EncryptedSecret, context = ""): string {
  checkKey(key);
  if (secret.keyId !== keyIdOf(key)) {
    throw new SecretDecryptError("stored secret was encrypted with a different key");
  }
  const blob = Buffer.from(secret.ciphertext, "base64");
  if (blob.length < IV_BYTES + TAG_BYTES) throw new SecretDecryptError("stored secret is truncated");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, blob.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretDecryptError("stored secret failed authentication (tampered, or wrong key)");
  }
}

/** Hex sha256: how API keys, MCP server tokens and OAuth states are looked up. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A bearer token: `prefix` (readable, e.g. `agk_`) + base64url of at least 256 random bits. */
export function newToken(prefix: string, bytes = 32): string {
  if (bytes < 32) throw new RangeError("tokens need at least 32 random bytes");
  return `${prefix}${randomBytes(bytes).toString("base64url")}`;
}

/** Strict: exactly 32 bytes as base64 (standard or url-safe alphabet, padding optional). */
export function parseEncryptionKey(value: string, source: string): Buffer {
  const text = value.trim();
  const key = /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, "base64") : null;
  if (!key || key.length !== KEY_BYTES) {
    const hint = /^[0-9a-f]{64}$/i.test(text) ? " It looks like hex; base64 is required." : "";
    throw new EncryptionKeyError(
      `${source} must be the base64 encoding of exactly 32 bytes (44 characters, e.g. from ` +
        `\`openssl rand -base64 32\`); the value given is ${text.length} characters long.${hint}`,
    );
  }
  return key;
}

export interface LoadEncryptionKeyOptions {
  env: Record<string, string | undefined>;
  /** Where `encryption.key` lives when the env var is unset; `":memory:"` = ephemeral key (tests/demo). */
  dataDir?: string;
  warn: (message: string) => void;
}

/**
 * The env var wins. Otherwise a key is generated once into `<dataDir>/encryption.key` (0600) and
 * reused on later starts, so a local install works out of the box — with a warning, because losing
 * that file makes every stored credential unreadable.
 */
export function loadEncryptionKey({ env, dataDir, warn }: LoadEncryptionKeyOptions): Buffer {
  const fromEnv = env[KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== "") return parseEncryptionKey(fromEnv, KEY_ENV);
  if (dataDir === ":memory:") {
    warn(`${KEY_ENV} is not set: using a throwaway key; stored credentials will not survive a restart`);
    return randomBytes(KEY_BYTES);
  }
  if (!dataDir) throw new EncryptionKeyError(`set ${KEY_ENV} or give a data directory to keep the key in`);
  const file = join(dataDir, KEY_FILE);
  const existing = readKeyFile(file, warn);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  try {
    // `wx`: if another process created the file a moment ago, keep theirs (read below) rather than overwrite.
    writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return readKeyFile(file, warn)!;
    throw err;
  }
  chmodSync(file, 0o600); // `mode` above is filtered by the umask; make it exact
  warn(
    `${KEY_ENV} is not set: generated an encryption key in ${file}. Back it up (or set ${KEY_ENV}); ` +
      "without it the stored credentials cannot be read.",
  );
  return key;
}

function readKeyFile(file: string, warn: (message: string) => void): Buffer | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    // A warning, not a refusal: some volumes (Windows, certain mounts) cannot represent 0600.
    warn(`${file} is accessible to other users; restrict it with: chmod 600 ${file}`);
  }
  return parseEncryptionKey(text, file);
}
