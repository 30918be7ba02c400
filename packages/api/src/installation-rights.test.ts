// Who may create workspaces and install components: the installation's admin (its first person, or
// its admin token). An invited viewer or an owner of their own workspace may not — else any signed-in
// person could make a workspace of their own and run code on the installation's machines.
import { describe, expect, it } from "vitest";
import { newPerson, newTenant, useTestServices } from "./testing/api-fixture";
import { customComponentInstall } from "./testing/test-components";

const closed = useTestServices();
const open = useTestServices({ openWorkspaces: true });

const CREATE_REFUSED = "only the installation's admin creates workspaces here: ask them for one, or for an invitation to one (INTERFLOW_OPEN_WORKSPACES=1 lets everyone)";
const INSTALL_REFUSED = "only the installation's admin installs components: a component's code runs on the installation's machines";

describe("installation rights", () => {
  it("an invited viewer cannot create a workspace (so cannot become an owner who installs code)", async () => {
    const tenant = await newTenant(closed);
    const viewer = await newPerson(closed, { workspaceId: tenant.workspaceId, role: "viewer" });
    expect(await viewer.caller.me.rights()).toEqual({ installationAdmin: false, canCreateWorkspaces: false });
    await expect(viewer.caller.workspaces.create({ name: "Mine now" })).rejects.toMatchObject({ code: "FORBIDDEN", message: CREATE_REFUSED });
    expect((await viewer.caller.workspaces.list()).workspaces.map((w) => w.role)).toEqual(["viewer"]);
  });

  it("an owner who is not the installation's admin cannot install a component, signed in or with their token", async () => {
    const tenant = await newTenant(closed);
    const owner = await newPerson(closed, { workspaceId: tenant.workspaceId, role: "owner" });
    await expect(owner.caller.components.install(customComponentInstall())).rejects.toMatchObject({ code: "FORBIDDEN", message: INSTALL_REFUSED });
    await expect(owner.caller.workspaces.create({ name: "Another" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await owner.caller.components.installed()).components).toEqual([]);
  });

  it("the installation's admin creates workspaces and installs components; so does its admin token", async () => {
    const tenant = await newTenant(closed);
    const admin = await newPerson(closed, { workspaceId: tenant.workspaceId, role: "owner", installationAdmin: true });
    expect(await admin.caller.me.rights()).toEqual({ installationAdmin: true, canCreateWorkspaces: true });
    const created = await admin.caller.workspaces.create({ name: "Team B" });
    expect((await admin.caller.workspaces.list()).workspaces).toContainEqual({ id: created.id, name: "Team B", role: "owner" });
    await expect(admin.caller.components.install(customComponentInstall())).resolves.toMatchObject({ name: "acme-tools" });
    // the installation's admin token (no person behind it) of another workspace
    const other = await newTenant(closed);
    await expect(other.caller.components.install(customComponentInstall())).resolves.toMatchObject({ name: "acme-tools", replaced: null });
  });

  it("INTERFLOW_OPEN_WORKSPACES=1 lets everyone create workspaces, but installing stays the admin's", async () => {
    const tenant = await newTenant(open);
    const viewer = await newPerson(open, { workspaceId: tenant.workspaceId, role: "viewer" });
    expect(await viewer.caller.me.rights()).toEqual({ installationAdmin: false, canCreateWorkspaces: true });
    const own = await viewer.caller.workspaces.create({ name: "Side project" });
    // owner of the new workspace, yet no installer
    const ownerThere = (await viewer.caller.workspaces.list()).workspaces.find((w) => w.id === own.id);
    expect(ownerThere?.role).toBe("owner");
    await expect(viewer.caller.components.install(customComponentInstall())).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
