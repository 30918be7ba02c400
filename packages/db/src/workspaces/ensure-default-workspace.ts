import type { Db } from "../db";
import { newApiToken } from "../tokens/api-token";

export const DEFAULT_WORKSPACE_NAME = "Default";
export const ADMIN_TOKEN_NAME = "admin";

/** Transaction-scoped advisory lock: processes starting together create the workspace once. */
const DEFAULT_WORKSPACE_LOCK_KEY = 7_215_063_022;

/**
 * The workspace a fresh installation works in. The first call creates workspace "Default" with a
 * token "admin" and returns that token in plaintext (show it once); later calls return only the id.
 */
export async function ensureDefaultWorkspace(db: Db): Promise<{ workspaceId: string; adminToken?: string }> {
  return db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${DEFAULT_WORKSPACE_LOCK_KEY})`);
    const existing = await tx.workspace.findFirst({ where: { name: DEFAULT_WORKSPACE_NAME }, orderBy: { createdAt: "asc" } });
    if (existing) return { workspaceId: existing.id };
    const { token, tokenHash } = newApiToken();
    const workspace = await tx.workspace.create({
      data: { name: DEFAULT_WORKSPACE_NAME, apiTokens: { create: { name: ADMIN_TOKEN_NAME, tokenHash } } },
    });
    return { workspaceId: workspace.id, adminToken: token };
  });
}
