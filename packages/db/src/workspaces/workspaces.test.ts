import { describe, expect, it } from "vitest";
import { useTestDb } from "../testing/test-db";
import { findTokenWorkspace } from "../tokens/find-token-workspace";
import { createWorkspace } from "./create-workspace";
import { ensureDefaultWorkspace } from "./ensure-default-workspace";
import { getWorkspace, updateWorkspace } from "./get-workspace";

const db = useTestDb();

describe("workspaces", () => {
  it("are created unlimited unless asked", async () => {
    const plain = await createWorkspace(db, { name: "Acme" });
    const limited = await createWorkspace(db, { name: "Trial", limited: true });
    expect(plain.name).toBe("Acme");
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: plain.id } })).limited).toBe(false);
    expect((await db.prisma.workspace.findUniqueOrThrow({ where: { id: limited.id } })).limited).toBe(true);
  });

  it("the default workspace and its admin token are created once, even by processes starting together", async () => {
    const results = await Promise.all([ensureDefaultWorkspace(db), ensureDefaultWorkspace(db), ensureDefaultWorkspace(db)]);
    const again = await ensureDefaultWorkspace(db);

    const workspaceIds = new Set([...results, again].map((r) => r.workspaceId));
    expect(workspaceIds.size).toBe(1);
    expect(again.adminToken).toBeUndefined();
    // another test run may have created it already; if this one did, exactly one caller got the token
    const tokens = results.flatMap((r) => (r.adminToken ? [r.adminToken] : []));
    expect(tokens.length).toBeLessThanOrEqual(1);
    for (const token of tokens) {
      expect(await findTokenWorkspace(db, { token })).toMatchObject({ workspaceId: again.workspaceId, tokenName: "admin" });
    }
    const workspace = await db.prisma.workspace.findUniqueOrThrow({ where: { id: again.workspaceId }, include: { apiTokens: true } });
    expect(workspace.name).toBe("Default");
    expect(workspace.apiTokens.map((t) => t.name)).toContain("admin");
  });

  it("change only what is given; null limits go back to the platform default", async () => {
    const { id: workspaceId } = await createWorkspace(db, { name: "Acme" });
    expect(await getWorkspace(db, { workspaceId })).toEqual({ id: workspaceId, name: "Acme", limited: false, limits: { messages: null, bytes: null }, idleSeconds: null, executions: { retentionDays: null, bodyRetentionDays: null, rowCap: null, trimmed: 0 } });
    const tenGiB = 10 * 1024 ** 3;
    expect(await updateWorkspace(db, { workspaceId, limited: true, limits: { messages: 100, bytes: tenGiB } })).toEqual({
      id: workspaceId,
      name: "Acme",
      limited: true,
      limits: { messages: 100, bytes: tenGiB },
      idleSeconds: null,
      executions: { retentionDays: null, bodyRetentionDays: null, rowCap: null, trimmed: 0 },
    });
    expect(await updateWorkspace(db, { workspaceId, name: "Renamed", limits: { messages: null } })).toMatchObject({ name: "Renamed", limits: { messages: null, bytes: tenGiB } });
    expect(await updateWorkspace(db, { workspaceId, limits: { bytes: null } })).toMatchObject({ limited: true, limits: { messages: null, bytes: null } });
    expect(await getWorkspace(db, { workspaceId: "missing" })).toBeNull();
  });
});
