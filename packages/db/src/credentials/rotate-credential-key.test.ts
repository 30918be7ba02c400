import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db";
import { applyMigrations } from "../migrations/apply-migrations";
import { createScratchDatabase } from "../testing/scratch-database";
import { testDatabaseUrl } from "../testing/test-env";
import { createWorkspace } from "../workspaces/create-workspace";
import { createCredential } from "./create-credential";
import { type EncryptionKey, parseEncryptionKey } from "./encryption-key";
import { getDecryptedCredential } from "./get-decrypted-credential";
import { storeOAuthTokens } from "./oauth-tokens";
import { rotateCredentialKeyFromEnv } from "./rotate-key-command";
import { rotateCredentialKey } from "./rotate-credential-key";
import { envelopeKeyId } from "./secret-envelope";

// rotation acts on every credential of the installation: these tests have a database of their own
let db: Db;
let databaseUrl: string;
let dropDatabase: () => Promise<void>;
beforeAll(async () => {
  const scratch = await createScratchDatabase(testDatabaseUrl());
  databaseUrl = scratch.url;
  dropDatabase = scratch.drop;
  await applyMigrations({ databaseUrl });
  db = createDb(databaseUrl);
});
afterAll(async () => {
  await db?.close();
  await dropDatabase?.();
});

const newKey = (): { text: string; key: EncryptionKey } => {
  const text = randomBytes(32).toString("base64");
  return { text, key: parseEncryptionKey(text) };
};

/** `count` credentials over two workspaces, sealed with `key`; returns them with their secret. */
async function credentials(key: EncryptionKey, count: number) {
  await db.prisma.credential.deleteMany();
  const workspaces = [await createWorkspace(db, { name: "one" }), await createWorkspace(db, { name: "two" })];
  const made: Array<{ id: string; workspaceId: string; secret: string }> = [];
  for (let i = 0; i < count; i++) {
    const workspaceId = workspaces[i % 2]?.id ?? "";
    const secret = `secret-${i}-${randomBytes(8).toString("hex")}`;
    const { id } = await createCredential(db, { workspaceId, key, name: `credential ${i}`, component: "http", authKind: "bearer", values: {}, secrets: { token: secret }, createdBy: "test" });
    made.push({ id, workspaceId, secret });
  }
  return made;
}

async function keyIdsOf(): Promise<string[]> {
  const rows = await db.prisma.credential.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => envelopeKeyId(row.secrets));
}

describe("rotateCredentialKey", () => {
  it("re-encrypts every credential: they open with the new key only, and nothing else changed", async () => {
    const from = newKey().key;
    const to = newKey().key;
    const made = await credentials(from, 5);
    const before = await db.prisma.credential.findMany({ orderBy: { id: "asc" } });

    expect(await rotateCredentialKey(db, { from, to })).toEqual({ rotated: 5, skipped: 0 });

    expect(await keyIdsOf()).toEqual(Array(5).fill(to.id));
    for (const { id, workspaceId, secret } of made) {
      expect((await getDecryptedCredential(db, { workspaceId, credentialId: id, key: to }))?.secrets).toEqual({ token: secret });
      await expect(getDecryptedCredential(db, { workspaceId, credentialId: id, key: from })).rejects.toThrow(`sealed with encryption key ${to.id}`);
    }
    const after = await db.prisma.credential.findMany({ orderBy: { id: "asc" } });
    expect(after.map(({ secrets: _, ...rest }) => rest)).toEqual(before.map(({ secrets: _, ...rest }) => rest));
  });

  it("a re-run skips what is already on the new key", async () => {
    const from = newKey().key;
    const to = newKey().key;
    await credentials(from, 3);
    expect(await rotateCredentialKey(db, { from, to })).toEqual({ rotated: 3, skipped: 0 });
    const sealed = (await db.prisma.credential.findMany({ orderBy: { id: "asc" } })).map((row) => row.secrets);
    expect(await rotateCredentialKey(db, { from, to })).toEqual({ rotated: 0, skipped: 3 });
    expect((await db.prisma.credential.findMany({ orderBy: { id: "asc" } })).map((row) => row.secrets)).toEqual(sealed);
  });

  it("finishes a rotation that some credentials already went through (e.g. ones created with the new key)", async () => {
    const from = newKey().key;
    const to = newKey().key;
    const made = await credentials(from, 2);
    await createCredential(db, { workspaceId: made[0]?.workspaceId ?? "", key: to, name: "new", component: "http", authKind: "bearer", values: {}, secrets: { token: "t" }, createdBy: "test" });
    expect(await rotateCredentialKey(db, { from, to })).toEqual({ rotated: 2, skipped: 1 });
    expect(await keyIdsOf()).toEqual([to.id, to.id, to.id]);
  });

  it("a failure midway leaves every credential on the old key", async () => {
    const from = newKey().key;
    const to = newKey().key;
    const made = await credentials(from, 5);
    // the third credential in rotation order is damaged: the two before it are re-encrypted, then it fails
    const inOrder = await db.prisma.credential.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    const damaged = inOrder[2];
    if (!damaged) throw new Error("no third credential");
    const parts = damaged.secrets.split(".");
    const ciphertext = Buffer.from(parts[4] ?? "", "base64url");
    ciphertext[0] = (ciphertext[0] ?? 0) ^ 0x80;
    parts[4] = ciphertext.toString("base64url");
    await db.prisma.credential.update({ where: { id: damaged.id }, data: { secrets: parts.join(".") } });
    const before = (await db.prisma.credential.findMany({ orderBy: { id: "asc" } })).map((r) => r.secrets);

    await expect(rotateCredentialKey(db, { from, to })).rejects.toThrow(`credential "${damaged.name}" (${damaged.id}): credential secrets refused`);

    expect((await db.prisma.credential.findMany({ orderBy: { id: "asc" } })).map((r) => r.secrets)).toEqual(before);
    expect(await keyIdsOf()).toEqual(Array(5).fill(from.id));
    for (const { id, workspaceId, secret } of made.filter((c) => c.id !== damaged.id)) {
      expect((await getDecryptedCredential(db, { workspaceId, credentialId: id, key: from }))?.secrets).toEqual({ token: secret });
    }
  });

  it("refuses before writing anything when a credential is on a third key, or the keys are the same", async () => {
    const from = newKey().key;
    const to = newKey().key;
    const third = newKey().key;
    const made = await credentials(from, 2);
    await createCredential(db, { workspaceId: made[0]?.workspaceId ?? "", key: third, name: "odd one", component: "http", authKind: "bearer", values: {}, secrets: { token: "t" }, createdBy: "test" });
    await expect(rotateCredentialKey(db, { from, to })).rejects.toThrow(
      `1 credential(s) are sealed with key ${third.id}, neither the old key (${from.id}) nor the new one (${to.id}): nothing was rotated`,
    );
    // created within the same millisecond, their order is not known: compare the keys as a set
    expect((await keyIdsOf()).sort()).toEqual([from.id, from.id, third.id].sort());
    await expect(rotateCredentialKey(db, { from, to: from })).rejects.toThrow(/the new encryption key is the old one/);
  });

  it("runs from the environment, as a command line would", async () => {
    const from = newKey();
    const to = newKey();
    await credentials(from.key, 2);
    const env = { DATABASE_URL: databaseUrl, INTERFLOW_PREVIOUS_ENCRYPTION_KEY: from.text, INTERFLOW_ENCRYPTION_KEY: to.text };
    expect(await rotateCredentialKeyFromEnv(env)).toEqual({ rotated: 2, skipped: 0, summary: `re-encrypted 2 credential(s) from key ${from.key.id} to key ${to.key.id}` });
    expect((await rotateCredentialKeyFromEnv(env)).summary).toBe(`re-encrypted 0 credential(s) from key ${from.key.id} to key ${to.key.id}; 2 already on key ${to.key.id}`);
    await expect(rotateCredentialKeyFromEnv({ DATABASE_URL: databaseUrl, INTERFLOW_ENCRYPTION_KEY: to.text })).rejects.toThrow(/INTERFLOW_PREVIOUS_ENCRYPTION_KEY is not set/);
    await expect(rotateCredentialKeyFromEnv({ ...env, INTERFLOW_ENCRYPTION_KEY: "dG9vIHNob3J0" })).rejects.toThrow(/^INTERFLOW_ENCRYPTION_KEY must be 32 random bytes.*it holds 9 bytes/);
  });
});

describe("rotateCredentialKey with OAuth2 tokens", () => {
  it("moves an OAuth2 credential's granted tokens to the new key with its secrets", async () => {
    const { key: from } = newKey();
    const { key: to } = newKey();
    await db.prisma.credential.deleteMany();
    const workspace = await createWorkspace(db, { name: "oauth" });
    const { id } = await createCredential(db, {
      workspaceId: workspace.id,
      key: from,
      name: "CRM",
      component: "http",
      authKind: "oauth2-authorization-code",
      values: { tokenUrl: "https://crm.example.test/token" },
      secrets: { clientSecret: "cs-1" },
      createdBy: "test",
    });
    const expiresAt = new Date(Date.now() + 3600_000);
    await storeOAuthTokens(db, { credentialId: id, key: from, tokens: { accessToken: "at-1", tokenType: "Bearer", refreshToken: "rt-1" }, expiresAt });
    expect(await rotateCredentialKey(db, { from, to })).toEqual({ rotated: 1, skipped: 0 });
    const opened = await getDecryptedCredential(db, { workspaceId: workspace.id, credentialId: id, key: to });
    expect(opened?.tokens).toEqual({ accessToken: "at-1", tokenType: "Bearer", refreshToken: "rt-1", scope: undefined });
    expect(opened?.tokenExpiresAt?.getTime()).toBe(expiresAt.getTime());
    await expect(getDecryptedCredential(db, { workspaceId: workspace.id, credentialId: id, key: from })).rejects.toThrow(/sealed with encryption key/);
  });
});
