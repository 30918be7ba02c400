// Custom components through the API: installed by owners from what `interflow component build`
// made, in the palette and in flow validation at once (their config schemas read back from the
// manifest), credentials of their kinds, polling detection; bad uploads refused naming the field.
import { describe, expect, it } from "vitest";
import { newPerson, newTenant, useTestServices, webhookFlow } from "../../testing/api-fixture";
import { customComponentInstall } from "../../testing/test-components";

const services = useTestServices();

async function owner() {
  const tenant = await newTenant(services);
  // installing is the installation admin's (installation-rights.test.ts)
  return { ...tenant, caller: (await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner", installationAdmin: true })).caller };
}

const flowWith = (config: Record<string, unknown>) => {
  const flow = webhookFlow("stamped");
  return { ...flow, nodes: [...flow.nodes, { id: "stamp", component: "acme-tools", function: "stamp", config, position: { x: 600, y: 0 } }], edges: [...flow.edges, { source: "shape", target: "stamp" }] };
};

describe("custom components", () => {
  it("installs one into the palette and flow validation of its workspace only", async () => {
    const a = await owner();
    const b = await owner();
    await expect(a.caller.flows.import({ document: flowWith({ label: "x" }) })).rejects.toThrow(/acme-tools/);
    expect(await a.caller.components.install(customComponentInstall())).toEqual({ name: "acme-tools", version: "1.0.0", replaced: null });

    const palette = (await a.caller.components.list()).components.find((c) => c.name === "acme-tools");
    expect(palette).toMatchObject({ title: "Acme tools", functions: [{ name: "stamp", kind: "action", polling: false, fields: [{ key: "label", type: "text" }] }] });
    expect((await b.caller.components.list()).components.map((c) => c.name)).not.toContain("acme-tools");

    // its config schema, read back from the manifest, judges the flow: the field is named
    await expect(a.caller.flows.import({ document: flowWith({ label: "" }) })).rejects.toThrow(/stamp.*label/);
    await expect(a.caller.flows.import({ document: flowWith({ label: "ok", times: 9 }) })).rejects.toThrow(/times/);
    const { id } = await a.caller.flows.import({ document: flowWith({ label: "ok" }) });
    expect((await a.caller.flows.export({ id })).document.nodes.find((n: { id: string }) => n.id === "stamp")?.config).toEqual({ label: "ok" });
    await expect(b.caller.flows.import({ document: flowWith({ label: "ok" }) })).rejects.toThrow(/acme-tools/);

    // a credential of its declared kind, its secret field sealed like any other
    const credential = await a.caller.credentials.create({ name: "Acme", component: "acme-tools", secrets: { apiKey: "acme-secret-1" } });
    expect(credential).toMatchObject({ component: "acme-tools", authKind: "api-key" });
    // the wizard's Verify of its kind (none declared here) is answered without a worker, saying so
    expect(await a.caller.credentials.test({ component: "acme-tools", secrets: { apiKey: "acme-secret-1" } })).toMatchObject({
      verified: false,
      message: expect.stringMatching(/cannot verify a credential of this kind/),
    });

    const installed = (await a.caller.components.installed()).components;
    expect(installed).toEqual([expect.objectContaining({ name: "acme-tools", version: "1.0.0", actions: ["stamp"], triggers: [], image: customComponentInstall().image })]);
    // a new version replaces the installed one and says which it replaced
    expect(await a.caller.components.install(customComponentInstall("acme-tools", "1.1.0"))).toMatchObject({ version: "1.1.0", replaced: "1.0.0" });
    // in use: not removed
    await expect(a.caller.components.uninstall({ name: "acme-tools" })).rejects.toThrow(/used by the flow "stamped"/);
    await a.caller.flows.delete({ id });
    await a.caller.credentials.delete({ id: credential.id });
    expect(await a.caller.components.uninstall({ name: "acme-tools" })).toEqual({ name: "acme-tools", version: "1.1.0" });
    expect((await a.caller.components.installed()).components).toEqual([]);
    const actions = (await a.caller.audit.list()).entries.map((e) => `${e.action} ${e.target}`);
    expect(actions).toEqual(expect.arrayContaining(["component.install acme-tools", "component.uninstall acme-tools"]));
  });

  it("refuses a bad upload with a 400 naming the field, and installs nothing", async () => {
    const a = await owner();
    const good = customComponentInstall();
    const refused = async (input: unknown, message: RegExp, code = "BAD_REQUEST") => {
      await expect(a.caller.components.install(input as typeof good)).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    };
    await refused({ ...good, manifest: { ...good.manifest, name: "Acme Tools" } }, /^manifest: name: lower-case letters/);
    await refused({ ...good, manifest: { ...good.manifest, version: "latest" } }, /^manifest: version: a version like 1\.0\.0/);
    await refused({ ...good, manifest: { ...good.manifest, functions: {} } }, /functions: a component has at least one trigger or action/);
    const webhookTrigger = { kind: "trigger", title: "Receive", description: "", polling: false, configSchema: { type: "object" } };
    await refused({ ...good, manifest: { ...good.manifest, functions: { receive: webhookTrigger } } }, /functions\.receive: a custom trigger must poll/);
    await refused({ ...good, image: "Not An Image!" }, /image: a Docker image reference/);
    // another image than the one built of this code (say another workspace's component): refused
    await refused({ ...good, image: "interflow/component-greeter:1.0.0-0123456789ab" }, /^image: must be interflow\/component-acme-tools:1\.0\.0-[0-9a-f]{12}, the image interflow component build makes/);
    // zod's own messages get the field put first
    await refused({ ...good, manifest: { ...good.manifest, functions: { stamp: { ...good.manifest.functions.stamp, title: undefined } } } }, /^manifest: functions\.stamp\.title: /);
    await refused({ ...good, bundle: "" }, /bundle: required/);
    await refused({ ...good, manifest: { ...good.manifest, name: "http" } }, /manifest\.name: "http" is a built-in component/, "CONFLICT");
    expect((await a.caller.components.installed()).components).toEqual([]);
    await expect(a.caller.components.uninstall({ name: "acme-tools" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
