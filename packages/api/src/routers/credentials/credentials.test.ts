import { randomBytes } from "node:crypto";
import { envelopeKeyId, getDecryptedCredential } from "@interflow/db";
import { describe, expect, it } from "vitest";
import { newPerson, newTenant, TEST_ENCRYPTION_KEY, useTestServices } from "../../testing/api-fixture";
import { outcomeOf } from "../../testing/procedures";

const services = useTestServices();
const withoutKey = useTestServices({ encryptionKey: null });

/** A fresh secret of these tests (secret-exposure.test.ts greps everything the API gives away for such secrets). */
const secret = (what: string) => `${what}_${randomBytes(16).toString("hex")}`;

async function workspace() {
  const tenant = await newTenant(services);
  const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner" });
  return { ...tenant, editor, owner };
}

describe("credentials", () => {
  it("are created with secrets encrypted and listed with secrets masked; a secret never comes back", async () => {
    const w = await workspace();
    const token = secret("tok");
    const created = await w.editor.caller.credentials.create({
      name: "Billing API",
      component: "http",
      authKind: "bearer",
      values: { verifyUrl: "https://billing.example.test/me" },
      secrets: { token },
    });
    expect(created).toEqual({
      id: expect.any(String),
      name: "Billing API",
      component: "http",
      authKind: "bearer",
      values: { verifyUrl: "https://billing.example.test/me" },
      secrets: { token: { set: true, masked: `••••••••${token.slice(-4)}` } },
      verification: { status: "unverified", message: null, verifiedAt: null },
      needsReconnection: false,
      oauth: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      createdBy: w.editor.email,
    });
    const { credentials } = await w.caller.credentials.list();
    expect(credentials).toEqual([created]);
    expect(JSON.stringify(credentials)).not.toContain(token);

    const row = await services.db.prisma.credential.findUniqueOrThrow({ where: { id: created.id } });
    expect(envelopeKeyId(row.secrets)).toBe(TEST_ENCRYPTION_KEY.id);
    expect(JSON.stringify(await services.db.prisma.$queryRaw`SELECT * FROM "Credential" WHERE id = ${created.id}`)).not.toContain(token);
    expect((await getDecryptedCredential(services.db, { workspaceId: w.workspaceId, credentialId: created.id, key: TEST_ENCRYPTION_KEY }))?.secrets).toEqual({ token });

    const [entry] = (await w.owner.caller.audit.list()).entries.filter((e) => e.action === "credential.create");
    expect(entry).toMatchObject({ actor: w.editor.email, target: "Billing API", detail: { credentialId: created.id, component: "http", authKind: "bearer" } });
  });

  it("refuse a second credential of the same name in the workspace, naming the field", async () => {
    const w = await workspace();
    const input = { name: "CRM", component: "http", authKind: "basic" as const, values: { username: "ada" }, secrets: { password: secret("pw") } };
    await w.editor.caller.credentials.create(input);
    const clash = await outcomeOf(w.editor.caller.credentials.create({ ...input, name: "  CRM " }));
    expect(clash).toEqual({ ok: false, code: "CONFLICT", message: 'name: a credential named "CRM" exists in this workspace' });
    const other = await w.editor.caller.credentials.create({ ...input, name: "CRM (staging)" });
    await expect(w.editor.caller.credentials.update({ id: other.id, name: "CRM" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'name: a credential named "CRM" exists in this workspace',
    });
    // the same name in another workspace is another credential
    await (await workspace()).caller.credentials.create(input);
  });

  it("follow the component's credential declaration: its password fields are the secrets", async () => {
    const w = await workspace();
    const apiKey = secret("crm");
    const created = await w.editor.caller.credentials.create({ name: "CRM", component: "test-crm", values: { region: "eu" }, secrets: { apiKey } });
    expect(created).toMatchObject({ authKind: "api-key", values: { region: "eu" }, secrets: { apiKey: { set: true } } });

    const refusals = await Promise.all([
      outcomeOf(w.editor.caller.credentials.create({ name: "a", component: "test-crm", values: { region: "eu", apiKey }, secrets: {} })),
      outcomeOf(w.editor.caller.credentials.create({ name: "b", component: "test-crm", values: {}, secrets: { apiKey, region: "eu", colour: "red" } })),
      outcomeOf(w.editor.caller.credentials.create({ name: "c", component: "test-crm", authKind: "bearer", values: { region: "eu" }, secrets: { apiKey } })),
      outcomeOf(w.editor.caller.credentials.create({ name: "d", component: "no-such-thing", authKind: "bearer" })),
      outcomeOf(w.editor.caller.credentials.create({ name: "e", component: "transform", secrets: { token: apiKey } })),
      outcomeOf(w.editor.caller.credentials.create({ name: "f", component: "http", authKind: "bearer", secrets: { token: "" } })),
      outcomeOf(w.editor.caller.credentials.create({ name: " ", component: "http", authKind: "bearer" })),
      outcomeOf(w.editor.caller.credentials.create({ name: "g", component: "http", authKind: "kerberos" as never })),
      outcomeOf(w.editor.caller.credentials.create({ name: "h", component: "http", authKind: "basic", values: { username: "ada", password: "x" }, secrets: { password: apiKey } })),
    ]);
    expect(refusals.map((r) => (r.ok ? "ok" : `${r.code}: ${r.message}`))).toEqual([
      "BAD_REQUEST: values.apiKey: a secret field: send it in secrets; secrets.apiKey: required",
      'BAD_REQUEST: secrets.region: not a secret field: send it in values; secrets.colour: a credential of test-crm has no field "colour"; values.region: required',
      'BAD_REQUEST: authKind: a credential of test-crm is "api-key", not "bearer"',
      'BAD_REQUEST: component: "no-such-thing" is not an installed component',
      "BAD_REQUEST: authKind: say how the credential authenticates (transform declares no credential)",
      "BAD_REQUEST: invalid input: secrets.token: must not be empty",
      "BAD_REQUEST: invalid input: name: must not be empty",
      "BAD_REQUEST: invalid input: authKind: one of none, basic, api-key, bearer, oauth2-authorization-code, oauth2-client-credentials, hmac-signature, custom",
      "BAD_REQUEST: values.password: is a secret field of this credential too: give it once",
    ]);
    expect(JSON.stringify(refusals)).not.toContain(apiKey);
    expect((await w.caller.credentials.list()).credentials.map((c) => c.name)).toEqual(["CRM"]);
  });

  it("are updated without their secrets being read back: a secret is replaced only when a new one is given", async () => {
    const w = await workspace();
    const apiKey = secret("crm");
    const signingSecret = secret("sign");
    const created = await w.editor.caller.credentials.create({ name: "CRM", component: "test-crm", values: { region: "eu" }, secrets: { apiKey, signingSecret } });
    await services.db.prisma.credential.update({ where: { id: created.id }, data: { verificationStatus: "verified", verifiedAt: new Date() } });

    const renamed = await w.editor.caller.credentials.update({ id: created.id, name: "CRM (prod)" });
    expect(renamed).toMatchObject({ name: "CRM (prod)", secrets: created.secrets, verification: { status: "verified" } });

    const newKey = secret("crm");
    const updated = await w.editor.caller.credentials.update({ id: created.id, values: { region: "us" }, secrets: { apiKey: newKey, signingSecret: null } });
    expect(updated).toMatchObject({
      values: { region: "us" },
      secrets: { apiKey: { set: true, masked: `••••••••${newKey.slice(-4)}` } },
      verification: { status: "unverified", message: null, verifiedAt: null },
    });
    expect(Object.keys(updated.secrets)).toEqual(["apiKey"]);
    expect((await getDecryptedCredential(services.db, { workspaceId: w.workspaceId, credentialId: created.id, key: TEST_ENCRYPTION_KEY }))?.secrets).toEqual({ apiKey: newKey });

    // a required secret cannot be removed, nor a required value left out
    await expect(w.editor.caller.credentials.update({ id: created.id, secrets: { apiKey: null } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "secrets.apiKey: required" });
    await expect(w.editor.caller.credentials.update({ id: created.id, values: {} })).rejects.toMatchObject({ message: "values.region: required" });

    const audit = (await w.owner.caller.audit.list()).entries.filter((e) => e.action === "credential.update");
    expect(audit.map((e) => [e.target, e.detail])).toEqual([
      ["CRM (prod)", { credentialId: created.id, changed: ["values", "secrets.apiKey", "secrets.signingSecret"] }],
      ["CRM (prod)", { credentialId: created.id, changed: ["name"], renamedFrom: "CRM" }],
    ]);
    expect(JSON.stringify(audit)).not.toContain(newKey);
  });

  it("are deleted with their secrets; a second delete is NOT_FOUND", async () => {
    const w = await workspace();
    const created = await w.editor.caller.credentials.create({ name: "Old API", component: "http", authKind: "api-key", values: { name: "X-Api-Key" }, secrets: { key: secret("k") } });
    expect(await w.editor.caller.credentials.delete({ id: created.id })).toEqual({ id: created.id });
    expect(await services.db.prisma.credential.findUnique({ where: { id: created.id } })).toBeNull();
    expect((await w.caller.credentials.list()).credentials).toEqual([]);
    await expect(w.editor.caller.credentials.delete({ id: created.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: `credential ${created.id} not found` });
    await expect(w.editor.caller.credentials.update({ id: created.id, name: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const [entry] = (await w.owner.caller.audit.list()).entries.filter((e) => e.action === "credential.delete");
    expect(entry).toMatchObject({ target: "Old API", detail: { credentialId: created.id } });
  });

  it("without INTERFLOW_ENCRYPTION_KEY the server says so instead of storing or showing any", async () => {
    const tenant = await newTenant(withoutKey);
    for (const call of [tenant.caller.credentials.list(), tenant.caller.credentials.create({ name: "x", component: "http", authKind: "bearer", secrets: { token: "t" } })]) {
      await expect(call).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: expect.stringMatching(/^credentials are unavailable: the server has no INTERFLOW_ENCRYPTION_KEY/) });
    }
    expect(await withoutKey.db.prisma.credential.count({ where: { workspaceId: tenant.workspaceId } })).toBe(0);
  });
});
