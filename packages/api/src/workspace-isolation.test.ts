import { describe, expect, it } from "vitest";
import { newTenant, takeControlCommands, useTestServices, webhookFlow } from "./testing/api-fixture";

const services = useTestServices();

describe("a workspace's token", () => {
  it("never reaches another workspace's flow: every procedure answers NOT_FOUND, list leaves it out", async () => {
    const a = await newTenant(services);
    const b = await newTenant(services);
    const own = await a.caller.flows.import({ document: webhookFlow("A's flow") });
    const { id } = await b.caller.flows.import({ document: webhookFlow("B's flow") });
    const notFound = { code: "NOT_FOUND", message: `flow ${id} not found` };

    await expect(a.caller.flows.status({ id })).rejects.toMatchObject(notFound);
    await expect(a.caller.flows.export({ id })).rejects.toMatchObject(notFound);
    await expect(a.caller.flows.start({ id })).rejects.toMatchObject(notFound);
    await expect(a.caller.flows.stop({ id })).rejects.toMatchObject(notFound);
    await expect(a.caller.flows.transitions({ id })).rejects.toMatchObject(notFound);
    expect((await a.caller.flows.list()).flows.map((f) => f.id)).toEqual([own.id]);
    expect(await takeControlCommands(services, id)).toEqual([]);
  });
});
