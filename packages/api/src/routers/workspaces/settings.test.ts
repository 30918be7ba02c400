import { EXECUTION_RETENTION_DEFAULTS } from "@interflow/db";
import { DEFAULT_QUEUE_LIMITS } from "@interflow/queue";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { createContext } from "../../context";
import { callerFor, newPerson, newTenant, useTestServices } from "../../testing/api-fixture";
import { appRouter } from "../app";

// people here may create workspaces (installation-rights.test.ts covers an installation where they may not)
const services = useTestServices({ openWorkspaces: true });
const MiB = 1024 * 1024;

async function workspaceWithOwner() {
  const tenant = await newTenant(services);
  const owner = await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner" });
  return { ...tenant, owner };
}

describe("workspaces.update", () => {
  it("refuses each bad field with BAD_REQUEST naming the field, and changes nothing", async () => {
    const w = await workspaceWithOwner();
    const before = await w.owner.caller.workspaces.get();
    const bad: Array<[input: Record<string, unknown>, message: string]> = [
      [{ limits: { messages: 0 } }, "limits.messages: at least 1"],
      [{ limits: { messages: 2.5 } }, "limits.messages: a whole number"],
      [{ limits: { messages: 10_000_001 } }, "limits.messages: at most 10000000"],
      [{ limits: { bytes: MiB - 1 } }, "limits.bytes: at least 1 MiB"],
      [{ limits: { bytes: 10 * 1024 * MiB + 1 } }, "limits.bytes: at most 10 GiB"],
      [{ limits: { bytes: MiB + 0.5 } }, "limits.bytes: a whole number"],
      [{ name: "" }, "name: a workspace needs a name"],
      [{ name: "   " }, "name: a workspace needs a name"],
      [{ name: "x".repeat(81) }, "name: at most 80 characters"],
      [{ limited: "yes" }, "limited: true or false"],
    ];
    for (const [input, message] of bad) {
      await expect(w.owner.caller.workspaces.update(input as never), JSON.stringify(input)).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: `invalid input: ${message}`,
      });
    }
    // two bad fields at once: both are named
    await expect(w.owner.caller.workspaces.update({ name: "", limits: { messages: 0 } })).rejects.toMatchObject({
      message: "invalid input: name: a workspace needs a name; limits.messages: at least 1",
    });
    expect(await w.owner.caller.workspaces.get()).toEqual(before);
  });

  it("over HTTP, the flattened zod error carries each message with its field's name, for the form", async () => {
    const w = await workspaceWithOwner();
    const req = new Request("http://localhost:3000/api/trpc/workspaces.update", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${w.token}` },
      body: JSON.stringify({ name: "", limits: { bytes: 5 } }),
    });
    const res = await fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext({ services, headers: req.headers }) });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { data: { zodError: { fieldErrors: Record<string, string[]> } } } };
    expect(error.data.zodError.fieldErrors).toEqual({ name: ["name: a workspace needs a name"], limits: ["limits.bytes: at least 1 MiB"] });
  });

  it("changes only what is given; null puts a limit back to the platform default", async () => {
    const w = await workspaceWithOwner();
    const initial = await w.owner.caller.workspaces.get();
    expect(initial).toEqual({
      id: w.workspaceId,
      name: expect.any(String),
      role: "owner",
      limited: false,
      limits: { messages: null, bytes: null },
      defaults: { messages: DEFAULT_QUEUE_LIMITS.messages, bytes: DEFAULT_QUEUE_LIMITS.bytes },
      idleSeconds: null,
      executions: { retentionDays: null, bodyRetentionDays: null, rowCap: null, trimmed: 0 },
      executionDefaults: { ...EXECUTION_RETENTION_DEFAULTS },
    });

    const updated = await w.owner.caller.workspaces.update({ name: "  Acme  ", limited: true, limits: { messages: 500, bytes: 2 * MiB } });
    expect(updated).toMatchObject({ name: "Acme", limited: true, limits: { messages: 500, bytes: 2 * MiB } });
    expect(await w.owner.caller.workspaces.get()).toEqual(updated);

    expect(await w.owner.caller.workspaces.update({ limits: { messages: null } })).toMatchObject({ name: "Acme", limited: true, limits: { messages: null, bytes: 2 * MiB } });
    expect(await w.owner.caller.workspaces.update({ limits: { bytes: null } })).toMatchObject({ limits: { messages: null, bytes: null } });
    expect(await w.owner.caller.workspaces.update({})).toMatchObject({ name: "Acme", limited: true, limits: { messages: null, bytes: null } });
    // the largest allowed values fit (bytes is a bigint column)
    const largest = { messages: 10_000_000, bytes: 10 * 1024 * MiB };
    expect((await w.owner.caller.workspaces.update({ limits: largest })).limits).toEqual(largest);
    expect((await w.owner.caller.workspaces.get()).limits).toEqual(largest);

    // the idle period of the workspace's ordinary flows (the worker's monitor reads it)
    expect((await w.owner.caller.workspaces.update({ idleSeconds: 300 })).idleSeconds).toBe(300);
    await expect(w.owner.caller.workspaces.update({ idleSeconds: 5 })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("idleSeconds: at least 10") });
    expect((await w.owner.caller.workspaces.update({ idleSeconds: null })).idleSeconds).toBeNull();
  });
});

describe("workspaces.update: what the workspace keeps of executions", () => {
  it("keeps executions, their bodies and at most so many rows as asked; null goes back to the platform default", async () => {
    const w = await workspaceWithOwner();
    const updated = await w.owner.caller.workspaces.update({ executions: { retentionDays: 90, bodyRetentionDays: 14, rowCap: 50_000 } });
    expect(updated.executions).toEqual({ retentionDays: 90, bodyRetentionDays: 14, rowCap: 50_000, trimmed: 0 });
    expect(await w.owner.caller.workspaces.get()).toEqual(updated);
    // only what is given changes
    expect((await w.owner.caller.workspaces.update({ executions: { rowCap: null } })).executions).toEqual({ retentionDays: 90, bodyRetentionDays: 14, rowCap: null, trimmed: 0 });
    expect((await w.owner.caller.workspaces.update({ name: "Renamed" })).executions).toMatchObject({ retentionDays: 90, bodyRetentionDays: 14 });
    // bodies may go at once (0 days); the bounds are accepted
    const bounds = { retentionDays: 365, bodyRetentionDays: 0, rowCap: 1_000 };
    expect((await w.owner.caller.workspaces.update({ executions: bounds })).executions).toMatchObject(bounds);
    expect((await w.owner.caller.workspaces.update({ executions: { retentionDays: 1, bodyRetentionDays: 1, rowCap: 100_000_000 } })).executions).toMatchObject({
      retentionDays: 1,
      bodyRetentionDays: 1,
      rowCap: 100_000_000,
    });
    expect((await w.owner.caller.workspaces.update({ executions: { retentionDays: null, bodyRetentionDays: null, rowCap: null } })).executions).toEqual({
      retentionDays: null,
      bodyRetentionDays: null,
      rowCap: null,
      trimmed: 0,
    });
  });

  it("refuses values out of range, naming the field, and bodies kept longer than their executions", async () => {
    const w = await workspaceWithOwner();
    await w.owner.caller.workspaces.update({ executions: { retentionDays: 20, bodyRetentionDays: 5 } });
    const before = await w.owner.caller.workspaces.get();
    const bad: Array<[executions: Record<string, unknown>, message: string]> = [
      [{ retentionDays: 0 }, "invalid input: executions.retentionDays: at least 1"],
      [{ retentionDays: 366 }, "invalid input: executions.retentionDays: at most 365"],
      [{ retentionDays: 1.5 }, "invalid input: executions.retentionDays: a whole number of days"],
      [{ bodyRetentionDays: -1 }, "invalid input: executions.bodyRetentionDays: at least 0"],
      [{ bodyRetentionDays: 400 }, "invalid input: executions.bodyRetentionDays: at most 365"],
      [{ rowCap: 999 }, "invalid input: executions.rowCap: at least 1000"],
      [{ rowCap: 100_000_001 }, "invalid input: executions.rowCap: at most 100000000"],
      [{ rowCap: 5_000.5 }, "invalid input: executions.rowCap: a whole number"],
      [{ retentionDays: 10, bodyRetentionDays: 30 }, "executions.bodyRetentionDays: bodies cannot be kept longer than the executions themselves (30 days of bodies, 10 days of executions)"],
      // judged against what the workspace keeps already (20 days of executions, 5 of bodies) and the defaults
      [{ bodyRetentionDays: 25 }, "executions.bodyRetentionDays: bodies cannot be kept longer than the executions themselves (25 days of bodies, 20 days of executions)"],
      [{ retentionDays: 4 }, "executions.retentionDays: bodies cannot be kept longer than the executions themselves (5 days of bodies, 4 days of executions)"],
      [{ retentionDays: null, bodyRetentionDays: 31 }, "executions.bodyRetentionDays: bodies cannot be kept longer than the executions themselves (31 days of bodies, 30 days of executions)"],
    ];
    for (const [executions, message] of bad) {
      await expect(w.owner.caller.workspaces.update({ executions } as never), JSON.stringify(executions)).rejects.toMatchObject({ code: "BAD_REQUEST", message });
    }
    expect(await w.owner.caller.workspaces.get()).toEqual(before);
  });
});

describe("workspaces.get, list and create", () => {
  it("every member reads the settings, with their own role", async () => {
    const w = await workspaceWithOwner();
    const viewer = await newPerson(services, { workspaceId: w.workspaceId, role: "viewer" });
    await w.owner.caller.workspaces.update({ limits: { messages: 42 } });
    expect(await viewer.caller.workspaces.get()).toMatchObject({ id: w.workspaceId, role: "viewer", limits: { messages: 42, bytes: null } });
  });

  it("a signed-in person creates a workspace and owns it; a token cannot", async () => {
    const w = await workspaceWithOwner();
    const viewer = await newPerson(services, { workspaceId: w.workspaceId, role: "viewer" });
    const created = await viewer.caller.workspaces.create({ name: "  Mine  " });
    expect(created).toEqual({ id: expect.any(String), name: "Mine" });
    expect((await viewer.caller.workspaces.list()).workspaces).toEqual([
      { id: w.workspaceId, name: expect.any(String), role: "viewer" },
      { id: created.id, name: "Mine", role: "owner" },
    ]);
    const inCreated = await callerFor(services, { cookie: viewer.cookie, "x-interflow-workspace": created.id });
    expect((await inCreated.members.list()).members.map((m) => [m.userId, m.role])).toEqual([[viewer.userId, "owner"]]);
    await expect(w.caller.workspaces.create({ name: "By token" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(viewer.caller.workspaces.create({ name: "" })).rejects.toMatchObject({ code: "BAD_REQUEST", message: "invalid input: name: a workspace needs a name" });
  });
});
