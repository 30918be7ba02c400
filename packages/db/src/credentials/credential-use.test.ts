import { randomBytes } from "node:crypto";
import type { FlowDocument } from "@interflow/flow";
import { describe, expect, it } from "vitest";
import { createFlow } from "../flows/create-flow";
import { createFlowVersion } from "../flows/create-flow-version";
import { saveFlowDraft } from "../flows/flow-drafts";
import { webhookFlowDocument } from "../testing/flow-documents";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { createCredential } from "./create-credential";
import { listCredentialRefs } from "./credential-refs";
import { deleteCredential } from "./delete-credential";
import { parseEncryptionKey } from "./encryption-key";
import { flowsUsingCredential } from "./flows-using-credential";
import { getSealedCredential } from "./get-sealed-credential";
import { listFailedCredentials } from "./list-failed-credentials";
import { getCredential } from "./list-credentials";
import { recordCredentialRefusal } from "./record-credential-refusal";
import { recordCredentialVerification } from "./record-credential-verification";
import { openSecrets } from "./secret-envelope";
import { updateCredential } from "./update-credential";

const db = useTestDb();
const key = parseEncryptionKey(randomBytes(32).toString("base64"));

function crm(workspaceId: string, name = "CRM") {
  return { workspaceId, key, name, component: "http", authKind: "bearer", values: { baseUrl: "https://crm.example.test" }, secrets: { token: "t".repeat(32) }, createdBy: "ada@example.test" };
}

/** The webhook flow with an http step using `credentialId`. */
function usingCredential(name: string, credentialId: string): FlowDocument {
  const doc = webhookFlowDocument(name);
  return {
    ...doc,
    nodes: [...doc.nodes, { id: "deliver", component: "http", function: "request", config: { url: "https://crm.example.test" }, credentialId, position: { x: 400, y: 0 } }],
    edges: [...doc.edges, { source: "shape", target: "deliver" }],
  };
}

describe("a credential's sealed form and verification", () => {
  it("is read sealed for a worker, and its verification is stored with the time it was checked", async () => {
    const workspaceId = await newWorkspace(db);
    const created = await createCredential(db, crm(workspaceId));
    const sealed = await getSealedCredential(db, { workspaceId, credentialId: created.id });
    expect(sealed).toEqual({ id: created.id, name: "CRM", component: "http", authKind: "bearer", values: { baseUrl: "https://crm.example.test" }, envelope: expect.stringMatching(/^v1\./) });
    expect(openSecrets({ key, credentialId: created.id, envelope: sealed!.envelope })).toEqual({ token: "t".repeat(32) });
    expect(await getSealedCredential(db, { workspaceId: await newWorkspace(db), credentialId: created.id })).toBeNull();

    const checkedAt = new Date("2030-01-01T10:00:00.000Z");
    const failed = await recordCredentialVerification(db, { workspaceId, key, checked: sealed!, outcome: { verified: false, message: "the token was refused" }, checkedAt });
    expect(failed.verification).toEqual({ status: "failed", message: "the token was refused", verifiedAt: checkedAt });
    const verified = await recordCredentialVerification(db, { workspaceId, key, checked: sealed!, outcome: { verified: true }, checkedAt });
    expect(verified.verification).toEqual({ status: "verified", message: null, verifiedAt: checkedAt });
    expect(await getCredential(db, { workspaceId, credentialId: created.id, key })).toEqual(verified);
  });

  it("is failed once its application refused it while a flow ran, unless it changed since; verified again, it is not failed any more", async () => {
    const workspaceId = await newWorkspace(db);
    const [created, other] = [await createCredential(db, crm(workspaceId)), await createCredential(db, crm(workspaceId, "Other"))];
    const message = 'refused by the application while flow "Orders" ran (HTTP 401)';
    const refused = (p: { at: Date; workspaceId?: string }) => recordCredentialRefusal(db, { workspaceId, credentialId: created.id, message, ...p });
    // before it was last changed (here: made): what was refused is not what is stored
    expect(await refused({ at: new Date(created.updatedAt.getTime() - 1) })).toBe(false);
    expect(await refused({ at: new Date(), workspaceId: await newWorkspace(db) })).toBe(false);
    expect(await listFailedCredentials(db, { workspaceId, ids: [created.id, other.id] })).toEqual([]);

    const at = new Date(Date.now() + 1);
    expect(await refused({ at })).toBe(true);
    expect((await getCredential(db, { workspaceId, credentialId: created.id, key }))?.verification).toEqual({ status: "failed", message, verifiedAt: at });
    expect(await listFailedCredentials(db, { workspaceId, ids: [created.id, other.id, created.id] })).toEqual([{ id: created.id, name: "CRM", message }]);
    expect(await listFailedCredentials(db, { workspaceId: await newWorkspace(db), ids: [created.id] })).toEqual([]);

    const sealed = (await getSealedCredential(db, { workspaceId, credentialId: created.id }))!;
    await recordCredentialVerification(db, { workspaceId, key, checked: sealed, outcome: { verified: true }, checkedAt: new Date() });
    expect(await listFailedCredentials(db, { workspaceId, ids: [created.id] })).toEqual([]);
    // a refusal from before the verification (stored late) does not fail it again
    expect(await refused({ at })).toBe(false);
  });

  it("is not stored when the credential changed while it was checked, nor for another workspace", async () => {
    const workspaceId = await newWorkspace(db);
    const created = await createCredential(db, crm(workspaceId));
    const sealed = (await getSealedCredential(db, { workspaceId, credentialId: created.id }))!;
    await updateCredential(db, { workspaceId, credentialId: created.id, key, secrets: { token: "u".repeat(32) } });
    const record = (p: { workspaceId: string }) => recordCredentialVerification(db, { ...p, key, checked: sealed, outcome: { verified: true }, checkedAt: new Date() });
    await expect(record({ workspaceId })).rejects.toMatchObject({ code: "CONFLICT", message: "id: the credential was changed while it was being verified: verify it again" });
    await expect(record({ workspaceId: await newWorkspace(db) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const changedValues = (await getSealedCredential(db, { workspaceId, credentialId: created.id }))!;
    await updateCredential(db, { workspaceId, credentialId: created.id, key, values: { baseUrl: "https://eu.crm.example.test" } });
    await expect(recordCredentialVerification(db, { workspaceId, key, checked: changedValues, outcome: { verified: true }, checkedAt: new Date() })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await getCredential(db, { workspaceId, credentialId: created.id, key }))?.verification.status).toBe("unverified");
  });
});

describe("credentials used by flows", () => {
  it("are found by id or name within the workspace only, without opening anything", async () => {
    const workspaceId = await newWorkspace(db);
    const a = await createCredential(db, crm(workspaceId, "A"));
    const b = await createCredential(db, crm(workspaceId, "B"));
    const elsewhere = await createCredential(db, crm(await newWorkspace(db), "A"));
    expect(await listCredentialRefs(db, { workspaceId, ids: [a.id, elsewhere.id, "nope"] })).toEqual([{ id: a.id, name: "A", component: "http" }]);
    expect(await listCredentialRefs(db, { workspaceId, names: ["B", "C"], ids: [a.id] })).toEqual([
      { id: a.id, name: "A", component: "http" },
      { id: b.id, name: "B", component: "http" },
    ]);
    expect(await listCredentialRefs(db, { workspaceId })).toEqual([]);
  });

  it("cannot be deleted while a flow's current version or draft uses them; the refusal names the flows", async () => {
    const workspaceId = await newWorkspace(db);
    const credential = await createCredential(db, crm(workspaceId));
    const published = await createFlow(db, { workspaceId, document: usingCredential("Orders to CRM", credential.id) });
    const drafted = await createFlow(db, { workspaceId, document: webhookFlowDocument("Leads") });
    await saveFlowDraft(db, { workspaceId, flowId: drafted.id, document: usingCredential("Leads", credential.id), samples: {}, author: "ada", baseVersion: 1 });
    // a broken draft is any JSON: it does not get in the way
    const broken = await createFlow(db, { workspaceId, document: webhookFlowDocument("Broken") });
    await saveFlowDraft(db, { workspaceId, flowId: broken.id, document: { nodes: "not a list" }, samples: {}, author: "ada", baseVersion: 1 });

    expect(await flowsUsingCredential(db, { workspaceId, credentialId: credential.id })).toEqual([
      { id: drafted.id, name: "Leads", inCurrentVersion: false, inDraft: true },
      { id: published.id, name: "Orders to CRM", inCurrentVersion: true, inDraft: false },
    ]);
    await expect(deleteCredential(db, { workspaceId, credentialId: credential.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: 'id: the credential "CRM" is used by the flows "Leads" (draft), "Orders to CRM" (current version): choose another credential for their steps first',
    });

    // an old version does not count: only what runs or is being edited
    await createFlowVersion(db, { workspaceId, flowId: published.id, document: webhookFlowDocument("Orders to CRM") });
    await saveFlowDraft(db, { workspaceId, flowId: drafted.id, document: webhookFlowDocument("Leads"), samples: {}, author: "ada", baseVersion: 1 });
    expect(await flowsUsingCredential(db, { workspaceId, credentialId: credential.id })).toEqual([]);
    expect(await deleteCredential(db, { workspaceId, credentialId: credential.id })).toEqual({ name: "CRM" });
  });
});
