import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { createCredential } from "./create-credential";
import { deleteCredential } from "./delete-credential";
import { parseEncryptionKey } from "./encryption-key";
import { getDecryptedCredential } from "./get-decrypted-credential";
import { getCredential, listCredentials } from "./list-credentials";
import { envelopeKeyId } from "./secret-envelope";
import { updateCredential } from "./update-credential";

const db = useTestDb();
const key = parseEncryptionKey(randomBytes(32).toString("base64"));
const API_KEY = `sk_test_${randomBytes(12).toString("hex")}`;

function crm(workspaceId: string, name = "CRM") {
  return {
    workspaceId,
    key,
    name,
    component: "test-crm",
    authKind: "api-key",
    values: { baseUrl: "https://crm.example.test", region: "eu" },
    secrets: { apiKey: API_KEY },
    createdBy: "ada@example.test",
  };
}

describe("credentials", () => {
  it("are stored with their secrets sealed, unverified, and shown with secrets masked", async () => {
    const workspaceId = await newWorkspace(db);
    const credential = await createCredential(db, crm(workspaceId));
    expect(credential).toEqual({
      id: expect.any(String),
      workspaceId,
      name: "CRM",
      component: "test-crm",
      authKind: "api-key",
      values: { baseUrl: "https://crm.example.test", region: "eu" },
      secrets: { apiKey: { set: true, masked: `••••••••${API_KEY.slice(-4)}` } },
      verification: { status: "unverified", message: null, verifiedAt: null },
      needsReconnection: false,
      oauth: null,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
      createdBy: "ada@example.test",
    });
    const row = await db.prisma.credential.findUniqueOrThrow({ where: { id: credential.id } });
    expect(JSON.stringify(row)).not.toContain(API_KEY);
    expect(envelopeKeyId(row.secrets)).toBe(key.id);
    expect(await getCredential(db, { workspaceId, credentialId: credential.id, key })).toEqual(credential);
    expect(await getDecryptedCredential(db, { workspaceId, credentialId: credential.id, key })).toEqual({
      id: credential.id,
      workspaceId,
      name: "CRM",
      component: "test-crm",
      authKind: "api-key",
      values: { baseUrl: "https://crm.example.test", region: "eu" },
      secrets: { apiKey: API_KEY },
      tokens: null,
      tokenExpiresAt: null,
    });
  });

  it("have names unique per workspace: a clash names the field", async () => {
    const workspaceId = await newWorkspace(db);
    await createCredential(db, crm(workspaceId));
    await expect(createCredential(db, crm(workspaceId))).rejects.toMatchObject({ code: "CONFLICT", message: 'name: a credential named "CRM" exists in this workspace' });
    const other = await createCredential(db, crm(workspaceId, "CRM (staging)"));
    await expect(updateCredential(db, { workspaceId, credentialId: other.id, key, name: "CRM" })).rejects.toThrow('name: a credential named "CRM" exists in this workspace');
    // another workspace may use the same name
    await createCredential(db, crm(await newWorkspace(db)));
  });

  it("are listed by name, per workspace and optionally per component, never in the clear", async () => {
    const workspaceId = await newWorkspace(db);
    const b = await createCredential(db, crm(workspaceId, "b"));
    const a = await createCredential(db, { ...crm(workspaceId, "a"), component: "http", authKind: "bearer", values: {}, secrets: { token: "t".repeat(40) } });
    await createCredential(db, crm(await newWorkspace(db), "elsewhere"));
    const all = await listCredentials(db, { workspaceId, key });
    expect(all.map((c) => c.name)).toEqual(["a", "b"]);
    expect(JSON.stringify(all)).not.toContain(API_KEY);
    expect(JSON.stringify(all)).not.toContain("t".repeat(40));
    expect((await listCredentials(db, { workspaceId, key, component: "test-crm" })).map((c) => c.id)).toEqual([b.id]);
    expect(a.secrets).toEqual({ token: { set: true, masked: "••••••••tttt" } });
  });

  it("keep their secrets on an update that gives none, replace only those given, and become unverified", async () => {
    const workspaceId = await newWorkspace(db);
    const created = await createCredential(db, { ...crm(workspaceId), secrets: { apiKey: API_KEY, webhookSecret: "w".repeat(24) } });
    await db.prisma.credential.update({ where: { id: created.id }, data: { verificationStatus: "verified", verifiedAt: new Date() } });

    const renamed = await updateCredential(db, { workspaceId, credentialId: created.id, key, name: "CRM (prod)" });
    expect(renamed.changed).toEqual(["name"]);
    expect(renamed.credential).toMatchObject({ name: "CRM (prod)", verification: { status: "verified" } });
    expect((await getDecryptedCredential(db, { workspaceId, credentialId: created.id, key }))?.secrets).toEqual({ apiKey: API_KEY, webhookSecret: "w".repeat(24) });

    const replaced = await updateCredential(db, {
      workspaceId,
      credentialId: created.id,
      key,
      values: { baseUrl: "https://eu.crm.example.test" },
      secrets: { apiKey: "k".repeat(30), webhookSecret: null },
    });
    expect(replaced.changed).toEqual(["values", "secrets.apiKey", "secrets.webhookSecret"]);
    expect(replaced.credential).toMatchObject({
      values: { baseUrl: "https://eu.crm.example.test" },
      secrets: { apiKey: { set: true, masked: "••••••••kkkk" } },
      verification: { status: "unverified", message: null, verifiedAt: null },
    });
    expect((await getDecryptedCredential(db, { workspaceId, credentialId: created.id, key }))?.secrets).toEqual({ apiKey: "k".repeat(30) });
    expect(replaced.credential.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
  });

  it("belong to their workspace: another one neither reads, decrypts, changes nor deletes them", async () => {
    const mine = await newWorkspace(db);
    const theirs = await newWorkspace(db);
    const credential = await createCredential(db, crm(mine));
    const credentialId = credential.id;
    expect(await getCredential(db, { workspaceId: theirs, credentialId, key })).toBeNull();
    expect(await getDecryptedCredential(db, { workspaceId: theirs, credentialId, key })).toBeNull();
    await expect(updateCredential(db, { workspaceId: theirs, credentialId, key, secrets: { apiKey: "stolen" } })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: `credential ${credentialId} not found`,
    });
    await expect(deleteCredential(db, { workspaceId: theirs, credentialId })).rejects.toThrow(`credential ${credentialId} not found`);
    expect(await getCredential(db, { workspaceId: mine, credentialId, key })).toEqual(credential);
  });

  it("are deleted with their sealed secrets, and with their workspace", async () => {
    const workspaceId = await newWorkspace(db);
    const credential = await createCredential(db, crm(workspaceId));
    expect(await deleteCredential(db, { workspaceId, credentialId: credential.id })).toEqual({ name: "CRM" });
    expect(await db.prisma.credential.findUnique({ where: { id: credential.id } })).toBeNull();
    await expect(deleteCredential(db, { workspaceId, credentialId: credential.id })).rejects.toThrow(/not found/);

    const kept = await createCredential(db, crm(workspaceId));
    await db.prisma.workspace.delete({ where: { id: workspaceId } });
    expect(await db.prisma.credential.findUnique({ where: { id: kept.id } })).toBeNull();
  });

  it("with the wrong key configured, reading one is refused in words, never garbage", async () => {
    const workspaceId = await newWorkspace(db);
    const credential = await createCredential(db, crm(workspaceId));
    const wrong = parseEncryptionKey(randomBytes(32).toString("base64"));
    // listed (as failed, saying why), never opened
    expect((await listCredentials(db, { workspaceId, key: wrong }))[0]?.verification.message).toContain(`sealed with encryption key ${key.id}, and the key given is ${wrong.id}`);
    await expect(getDecryptedCredential(db, { workspaceId, credentialId: credential.id, key: wrong })).rejects.toThrow(/set INTERFLOW_ENCRYPTION_KEY/);
    await expect(updateCredential(db, { workspaceId, credentialId: credential.id, key: wrong, secrets: { apiKey: "x" } })).rejects.toThrow(/sealed with encryption key/);
    expect((await getDecryptedCredential(db, { workspaceId, credentialId: credential.id, key }))?.secrets).toEqual({ apiKey: API_KEY });
  });

  it("are still listed when sealed with another installation's key: shown as failed, saying why, with nothing of the secret", async () => {
    const workspaceId = await newWorkspace(db);
    const other = parseEncryptionKey(randomBytes(32).toString("base64"));
    await createCredential(db, { ...crm(workspaceId, "Old CRM"), key: other });
    await createCredential(db, crm(workspaceId, "New CRM"));
    const listed = await listCredentials(db, { workspaceId, key });
    const byName = Object.fromEntries(listed.map((c) => [c.name, c]));
    expect(byName["New CRM"]).toMatchObject({ secrets: { apiKey: { set: true } }, verification: { status: "unverified" } });
    expect(byName["Old CRM"]).toMatchObject({
      secrets: {},
      verification: { status: "failed", message: expect.stringContaining(`cannot be opened with this installation's encryption key (key ${key.id}`) },
    });
    expect(JSON.stringify(listed)).not.toContain(API_KEY);
  });
});
