import { describe, expect, it } from "vitest";
import { appRouter } from "./routers/app";
import { type ApiCaller, newPerson, newTenant, takeControlCommands, useTestServices, webhookFlow } from "./testing/api-fixture";

const services = useTestServices();

/** Every mutation of the router, by path ("flows.start"): a new one is checked without touching this test. */
const mutationPaths = Object.entries(appRouter._def.procedures)
  .filter(([, procedure]) => (procedure as unknown as { _def: { type: string } })._def.type === "mutation")
  .map(([path]) => path);

function call(caller: ApiCaller, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (procedure as (input: unknown) => Promise<unknown>)(input);
}

describe("roles", () => {
  it("the router has the mutations this test walks", () => {
    expect(mutationPaths).toEqual(expect.arrayContaining(["flows.import", "flows.start", "flows.stop"]));
  });

  it("a viewer can call no mutation, but sees the workspace's flows", async () => {
    const tenant = await newTenant(services);
    const { id } = await tenant.caller.flows.import({ document: webhookFlow() });
    const viewer = await newPerson(services, { workspaceId: tenant.workspaceId, role: "viewer" });
    for (const path of mutationPaths) {
      await expect(call(viewer.caller, path, { id, document: webhookFlow() }), path).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: "viewers cannot change flows",
      });
    }
    expect((await viewer.caller.flows.list()).flows.map((f) => f.id)).toEqual([id]);
    expect(await viewer.caller.flows.status({ id })).toMatchObject({ id, state: "stopped" });
    expect(await takeControlCommands(services, id)).toEqual([]);
  });

  it("an editor imports and starts flows; the history names the person", async () => {
    const tenant = await newTenant(services);
    const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
    const { id } = await editor.caller.flows.import({ document: webhookFlow() });
    expect(await editor.caller.flows.start({ id })).toEqual({ id, state: "stopped", requested: "start" });
    expect(await takeControlCommands(services, id)).toEqual([expect.objectContaining({ type: "start", cause: `start requested by ${editor.email}` })]);
  });
});
