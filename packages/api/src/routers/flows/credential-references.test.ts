import { randomBytes } from "node:crypto";
import type { FlowDocument } from "@interflow/flow";
import { describe, expect, it } from "vitest";
import { type ApiCaller, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";
import { outcomeOf } from "../../testing/procedures";

const services = useTestServices();

const secret = () => `tok_${randomBytes(16).toString("hex")}`;

/** hook → shape → send (http), plus "notify" (http) after shape; each http step may use a credential. */
function twoHttpSteps(credentials: { send?: string; notify?: string }): FlowDocument {
  const doc = webhookFlow("Orders to CRM");
  const notify = { id: "notify", component: "http", function: "request", config: { url: "http://chat.example.test/hooks" }, position: { x: 400, y: 200 } };
  const nodes = [...doc.nodes, notify].map((node) => {
    const credentialId = credentials[node.id as "send" | "notify"];
    return credentialId ? { ...node, credentialId } : node;
  });
  return { ...doc, nodes, edges: [...doc.edges, { source: "shape", target: "notify" }] };
}

async function httpCredential(caller: ApiCaller, name: string, token = secret()) {
  return { token, ...(await caller.credentials.create({ name, component: "http", authKind: "bearer", secrets: { token } })) };
}

describe("exported flows name their credentials; import binds them", () => {
  it("an export names each step's credential (name and component): no credential id, no secret", async () => {
    const { caller } = await newTenant(services);
    const crm = await httpCredential(caller, "CRM");
    const chat = await httpCredential(caller, "Chat");
    const { id } = await caller.flows.import({ document: twoHttpSteps({ send: crm.id, notify: chat.id }) });

    const { document } = await caller.flows.export({ id });
    expect(document.nodes.map((n) => [n.id, n.credentialId, n.credential])).toEqual([
      ["hook", undefined, undefined],
      ["shape", undefined, undefined],
      ["send", undefined, { name: "CRM", component: "http" }],
      ["notify", undefined, { name: "Chat", component: "http" }],
    ]);
    const text = JSON.stringify(document);
    for (const leak of [crm.id, chat.id, crm.token, chat.token, "credentialId"]) expect(text).not.toContain(leak);
  });

  it("import into another workspace binds each step to that workspace's credential of the same name and component", async () => {
    const source = await newTenant(services);
    const { id } = await source.caller.flows.import({ document: twoHttpSteps({ send: (await httpCredential(source.caller, "CRM")).id }) });
    const { document } = await source.caller.flows.export({ id });

    const target = await newTenant(services);
    const theirCrm = await httpCredential(target.caller, "CRM");
    // same name, another component: not a candidate
    await target.caller.credentials.create({ name: "Chat", component: "test-crm", values: { region: "eu" }, secrets: { apiKey: "crm_x" } });
    const imported = await target.caller.flows.import({ document: JSON.parse(JSON.stringify(document)) });
    const stored = (await target.caller.flows.version({ id: imported.id, version: 1 })).document;
    expect(stored.nodes.find((n) => n.id === "send")).toMatchObject({ credentialId: theirCrm.id });
    expect(stored.nodes.find((n) => n.id === "send")).not.toHaveProperty("credential");
    // and it exports as it came in
    expect((await target.caller.flows.export({ id: imported.id })).document).toEqual(document);
  });

  it("import refuses a credential the workspace does not have, naming the step and the credential, unless the step is bound", async () => {
    const source = await newTenant(services);
    const doc = twoHttpSteps({ send: (await httpCredential(source.caller, "CRM")).id, notify: (await httpCredential(source.caller, "Chat")).id });
    const { document } = await source.caller.flows.export({ id: (await source.caller.flows.import({ document: doc })).id });

    const target = await newTenant(services);
    await httpCredential(target.caller, "Chat");
    const refused = await outcomeOf(target.caller.flows.import({ document }));
    expect(refused).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      message: 'the flow is not valid: nodes[2].credential: no http credential named "CRM" in this workspace: create it first, or bind step "send" to a credential',
    });
    const error = await target.caller.flows.import({ document }).catch((e: unknown) => e);
    expect((error as { cause: { details: { issues: unknown[] } } }).cause.details.issues).toEqual([
      {
        rule: "unbound-credential",
        nodeId: "send",
        path: "nodes[2].credential",
        message: 'nodes[2].credential: no http credential named "CRM" in this workspace: create it first, or bind step "send" to a credential',
      },
    ]);
    expect((await target.caller.flows.list()).flows).toEqual([]);

    // an explicit binding chooses the credential, whatever the document names
    const other = await httpCredential(target.caller, "CRM (prod)");
    const imported = await target.caller.flows.import({ document, bindings: { send: other.id } });
    const stored = (await target.caller.flows.version({ id: imported.id, version: 1 })).document;
    expect(stored.nodes.map((n) => [n.id, n.credentialId])).toEqual([
      ["hook", undefined],
      ["shape", undefined],
      ["send", other.id],
      ["notify", (await target.caller.credentials.list()).credentials.find((c) => c.name === "Chat")?.id],
    ]);
  });

  it("a binding must be a step of the flow and a credential of the workspace for the step's component", async () => {
    const { caller } = await newTenant(services);
    const mine = await httpCredential(caller, "CRM");
    const theirs = await httpCredential((await newTenant(services)).caller, "CRM");
    const document = twoHttpSteps({});
    expect(await outcomeOf(caller.flows.import({ document, bindings: { deliver: mine.id } }))).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      message: 'bindings.deliver: the flow has no step "deliver"',
    });
    expect(await outcomeOf(caller.flows.import({ document, bindings: { send: theirs.id } }))).toEqual({
      ok: false,
      code: "BAD_REQUEST",
      message: `the flow is not valid: node "send": credential ${theirs.id} is not a credential of this workspace's http component`,
    });
    // a named credential of another component than the step's is refused, naming both
    const wrong = { ...document, nodes: document.nodes.map((n) => (n.id === "send" ? { ...n, credential: { name: "CRM", component: "test-crm" } } : n)) };
    expect(await outcomeOf(caller.flows.import({ document: wrong }))).toMatchObject({
      ok: false,
      message: 'the flow is not valid: nodes[2].credential: step "send" is of the http component: a test-crm credential ("CRM") cannot sign it in',
    });
    expect((await caller.flows.list()).flows).toEqual([]);
  });

  it("a draft that names a credential instead of choosing one says so", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: twoHttpSteps({}) });
    const doc = twoHttpSteps({});
    const named = { ...doc, nodes: doc.nodes.map((n) => (n.id === "send" ? { ...n, credential: { name: "CRM", component: "http" } } : n)) };
    expect((await caller.flows.saveDraft({ id, document: named, baseVersion: 1 })).issues).toEqual([
      {
        rule: "unbound-credential",
        nodeId: "send",
        path: "nodes[2].credential",
        message: `node "send": credential "CRM" is named, not chosen: choose one of this workspace's http credentials`,
      },
    ]);
  });
});
