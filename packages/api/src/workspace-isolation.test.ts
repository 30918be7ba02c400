import { describe, expect, it } from "vitest";
import { type ApiCaller, newPerson, newTenant, takeControlCommands, useTestServices, webhookFlow } from "./testing/api-fixture";

const services = useTestServices();

async function expectNoReach(caller: ApiCaller, id: string, ownId: string) {
  const notFound = { code: "NOT_FOUND", message: `flow ${id} not found` };
  await expect(caller.flows.status({ id })).rejects.toMatchObject(notFound);
  await expect(caller.flows.export({ id })).rejects.toMatchObject(notFound);
  await expect(caller.flows.start({ id })).rejects.toMatchObject(notFound);
  await expect(caller.flows.stop({ id })).rejects.toMatchObject(notFound);
  await expect(caller.flows.transitions({ id })).rejects.toMatchObject(notFound);
  expect((await caller.flows.list()).flows.map((f) => f.id)).toEqual([ownId]);
  expect(await takeControlCommands(services, id)).toEqual([]);
}

describe("workspace isolation", () => {
  it("a workspace's token never reaches another workspace's flow: every procedure answers NOT_FOUND, list leaves it out", async () => {
    const a = await newTenant(services);
    const b = await newTenant(services);
    const own = await a.caller.flows.import({ document: webhookFlow("A's flow") });
    const { id } = await b.caller.flows.import({ document: webhookFlow("B's flow") });
    await expectNoReach(a.caller, id, own.id);
  });

  it("a signed-in owner of workspace A never reaches B's flow either", async () => {
    const a = await newTenant(services);
    const b = await newTenant(services);
    const owner = await newPerson(services, { workspaceId: a.workspaceId, role: "owner" });
    const own = await owner.caller.flows.import({ document: webhookFlow("A's flow") });
    const { id } = await b.caller.flows.import({ document: webhookFlow("B's flow") });
    await expectNoReach(owner.caller, id, own.id);
  });
});
