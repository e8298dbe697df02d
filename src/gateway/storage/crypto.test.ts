import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  decryptSecret,
  EncryptionKeyError,
  encryptSecret,
  hashToken,
  loadEncryptionKey,
  newToken,
  SecretDecryptError,
} from "./crypto.js";

describe("encryptSecret / decryptSecret", () => {
  const key = randomBytes(32);

  it("round-trips, with a fresh IV every time", () => {
    const a = encryptSecret(key, "hunter2", "ctx");
    const b = encryptSecret(key, "hunter2", "ctx");
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.keyId).toBe(b.keyId);
    expect(a.ciphertext).not.toContain("hunter2");
    expect(decryptSecret(key, a, "ctx")).toBe("hunter2");
  });

  it("refuses any modified byte: IV, tag or body", () => {
    const secret = encryptSecret(key, JSON.stringify({ token: "t" }), "ctx");
    const blob = Buffer.from(secret.ciphertext, "base64");
    for (const index of [0, 12, 28, blob.length - 1]) {
      const copy = Buffer.from(blob);
      copy[index] ^= 0x80;
      expect(() => decryptSecret(key, { ...secret, ciphertext: copy.toString("base64") }, "ctx")).toThrow(
        SecretDecryptError,
      );
    }
    expect(() =>
      decryptSecret(key, { ...secret, ciphertext: blob.subarray(0, 20).toString("base64") }, "ctx"),
    ).toThrow(SecretDecryptError);
  });

  it("refuses another key or another context", () => {
    const secret = encryptSecret(key, "x", "row-1");
    expect(() => decryptSecret(randomBytes(32), secret, "row-1")).toThrow(SecretDecryptError);
    expect(() => decryptSecret(randomBytes(32), { ...secret, keyId: "forged" }, "row-1")).toThrow(
      SecretDecryptError,
    );
    expect(() => decryptSecret(key, secret, "row-2")).toThrow(SecretDecryptError);
  });

  it("rejects keys that are not 32 bytes", () => {
    expect(() => encryptSecret(randomBytes(16), "x")).toThrow(EncryptionKeyError);
  });
});

describe("tokens", () => {
  it("hashToken is hex sha256", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("newToken has the prefix and at least 256 random bits in base64url", () => {
    const t = newToken("agk_");
    expect(t).toMatch(/^agk_[A-Za-z0-9_-]{43}$/);
    expect(newToken("agm_")).not.toBe(newToken("agm_"));
    expect(newToken("x_", 48)).toMatch(/^x_[A-Za-z0-9_-]{64}$/);
    expect(() => newToken("agk_", 16)).toThrow(RangeError);
  });
});

describe("loadEncryptionKey", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "atlasgate-key-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("uses ATLASGATE_ENCRYPTION_KEY when it is base64 of 32 bytes", () => {
    const key = randomBytes(32);
    const warnings: string[] = [];
    for (const value of [key.toString("base64"), key.toString("base64url"), ` ${key.toString("base64")}\n`]) {
      const loaded = loadEncryptionKey({
        env: { ATLASGATE_ENCRYPTION_KEY: value },
        dataDir: tempDir(),
        warn: (m) => warnings.push(m),
      });
      expect(loaded.equals(key)).toBe(true);
    }
    expect(warnings).toEqual([]);
  });

  it("rejects anything else with a clear message that does not echo the value", () => {
    const bad = [
      randomBytes(16).toString("base64"),
      randomBytes(33).toString("base64"),
      randomBytes(32).toString("hex"),
      "correct horse battery staple correct horse!",
    ];
    for (const value of bad) {
      let error: unknown;
      try {
        loadEncryptionKey({ env: { ATLASGATE_ENCRYPTION_KEY: value }, dataDir: tempDir(), warn: () => {} });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(EncryptionKeyError);
      const message = (error as Error).message;
      expect(message).toMatch(/ATLASGATE_ENCRYPTION_KEY must be the base64 encoding of exactly 32 bytes/);
      expect(message).not.toContain(value);
    }
  });

  it("generates a 0600 key file once, warns, and reuses it on later starts", () => {
    const dir = join(tempDir(), "nested");
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    const first = loadEncryptionKey({ env: {}, dataDir: dir, warn });
    const file = join(dir, "encryption.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64").equals(first)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(file);
    expect(warnings[0]).not.toContain(first.toString("base64"));

    const second = loadEncryptionKey({ env: { ATLASGATE_ENCRYPTION_KEY: "" }, dataDir: dir, warn });
    expect(second.equals(first)).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it("uses a throwaway key for ':memory:' and needs a dataDir otherwise", () => {
    const warnings: string[] = [];
    const key = loadEncryptionKey({ env: {}, dataDir: ":memory:", warn: (m) => warnings.push(m) });
    expect(key).toHaveLength(32);
    expect(warnings).toHaveLength(1);
    expect(() => loadEncryptionKey({ env: {}, warn: () => {} })).toThrow(EncryptionKeyError);
  });
});
