import { describe, expect, it } from "vitest";
import { moveFlow, newPerson, newTenant, takeControlCommands, useTestServices, webhookFlow } from "../../testing/api-fixture";

const services = useTestServices();

describe("flow versions", () => {
  it("list every version with its author, show what changed between two, and restore an old one as a new version", async () => {
    const tenant = await newTenant(services);
    const editor = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
    const { id } = await tenant.caller.flows.import({ document: webhookFlow("Orders") });
    expect((await editor.caller.flows.rename({ id, name: "Orders to CRM" })).version).toBe(2);
    expect((await editor.caller.flows.restore({ id, version: 1 })).name).toBe("Orders");

    const { versions } = await editor.caller.flows.versions({ id });
    expect(versions.map((v) => [v.version, v.author, v.current])).toEqual([
      [3, editor.email, true],
      [2, editor.email, false],
      [1, "token 'ci'", false],
    ]);
    expect((await tenant.caller.flows.version({ id, version: 2 })).document.name).toBe("Orders to CRM");
    expect((await tenant.caller.flows.diff({ id, from: 1, to: 2 })).diff).toMatchObject({ name: { from: "Orders", to: "Orders to CRM" }, same: false });
    expect((await tenant.caller.flows.diff({ id, from: 1, to: 3 })).diff.same).toBe(true);
    await expect(tenant.caller.flows.version({ id, version: 9 })).rejects.toMatchObject({ code: "NOT_FOUND", message: `flow ${id} has no version 9` });
    await expect(tenant.caller.flows.rename({ id, name: "  " })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("name: a flow needs a name") });
    const audit = (await tenant.caller.audit.list()).entries.map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(["flow.rename", "flow.publish", "flow.import"]));
  });

  it("duplicate makes a stopped copy; delete is refused until the flow is stopped, then removes it with its history", async () => {
    const { caller } = await newTenant(services);
    const { id } = await caller.flows.import({ document: webhookFlow("Orders") });
    const copy = await caller.flows.duplicate({ id });
    expect(copy).toMatchObject({ name: "Copy of Orders", state: "stopped", version: 1 });
    expect(copy.id).not.toBe(id);
    await moveFlow(services, id, [
      ["stopped", "start", "starting"],
      ["starting", "step-runners-up", "running"],
    ]);
    await expect(caller.flows.delete({ id })).rejects.toMatchObject({ code: "CONFLICT", message: "the flow is running: stop it before deleting it" });
    // a new version of a running flow restarts it on that version
    await caller.flows.rename({ id, name: "Orders (live)" });
    expect((await takeControlCommands(services, id)).map((c) => [c.type, c.cause])).toEqual([["redeploy", "version 2 published by token 'ci'"]]);
    await caller.flows.restore({ id, version: 1 });
    expect((await takeControlCommands(services, id)).map((c) => c.type)).toEqual(["redeploy"]);
    await moveFlow(services, id, [
      ["running", "stop", "stopping"],
      ["stopping", "runners-stopped", "stopped"],
    ]);
    expect(await caller.flows.delete({ id })).toEqual({ id });
    await expect(caller.flows.status({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await services.db.prisma.flowTransition.count({ where: { flowId: id } })).toBe(0);
    expect((await caller.flows.list()).flows.map((f) => f.id)).toEqual([copy.id]);
  });
});
