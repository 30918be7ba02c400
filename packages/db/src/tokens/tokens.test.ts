import { describe, expect, it } from "vitest";
import { newWorkspace, useTestDb } from "../testing/test-db";
import { API_TOKEN_PREFIX, hashApiToken } from "./api-token";
import { createApiToken } from "./create-api-token";
import { findTokenWorkspace } from "./find-token-workspace";
import { getApiToken, listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-token";

const db = useTestDb();

describe("API tokens", () => {
  it("are ifk_ + 32 random bytes, stored only as their sha256", async () => {
    const workspaceId = await newWorkspace(db);
    const { id, token } = await createApiToken(db, { workspaceId, name: "ci" });
    expect(token).toMatch(new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`));
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashApiToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(API_TOKEN_PREFIX.length));
  });

  it("find the workspace they act for", async () => {
    const workspaceId = await newWorkspace(db);
    const { id, token } = await createApiToken(db, { workspaceId, name: "ci" });
    expect(await findTokenWorkspace(db, { token })).toEqual({ workspaceId, tokenId: id, tokenName: "ci", user: null, role: "owner" });
  });

  it("unknown, revoked and expired tokens find nothing", async () => {
    const workspaceId = await newWorkspace(db);
    const revoked = await createApiToken(db, { workspaceId, name: "revoked" });
    await revokeApiToken(db, { workspaceId, tokenId: revoked.id });
    const expired = await createApiToken(db, { workspaceId, name: "expired", expiresAt: new Date(Date.now() - 1000) });
    const later = await createApiToken(db, { workspaceId, name: "later", expiresAt: new Date(Date.now() + 60_000) });

    expect(await findTokenWorkspace(db, { token: `${API_TOKEN_PREFIX}unknown` })).toBeNull();
    expect(await findTokenWorkspace(db, { token: "" })).toBeNull();
    expect(await findTokenWorkspace(db, { token: revoked.token })).toBeNull();
    expect(await findTokenWorkspace(db, { token: expired.token })).toBeNull();
    expect(await findTokenWorkspace(db, { token: later.token })).toMatchObject({ workspaceId });
  });

  it("revoking a token of another workspace is NotFound", async () => {
    const owner = await newWorkspace(db);
    const other = await newWorkspace(db);
    const { id, token } = await createApiToken(db, { workspaceId: owner, name: "ci" });
    await expect(revokeApiToken(db, { workspaceId: other, tokenId: id })).rejects.toThrow(`token ${id} not found`);
    expect(await findTokenWorkspace(db, { token })).not.toBeNull();
  });

  it("record when they were last used, at most once a minute", async () => {
    const workspaceId = await newWorkspace(db);
    const { id, token } = await createApiToken(db, { workspaceId, name: "ci" });
    const lastUsedAt = async () => (await db.prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(await lastUsedAt()).toBeNull();

    await findTokenWorkspace(db, { token });
    const first = await lastUsedAt();
    expect(first).toBeInstanceOf(Date);
    await findTokenWorkspace(db, { token });
    expect(await lastUsedAt()).toEqual(first);

    await db.prisma.apiToken.update({ where: { id }, data: { lastUsedAt: new Date(Date.now() - 61_000) } });
    await findTokenWorkspace(db, { token });
    expect((await lastUsedAt())?.getTime()).toBeGreaterThan(Date.now() - 5_000);
  });

  it("are listed per workspace, one person's or everybody's, without the token, newest first", async () => {
    const workspaceId = await newWorkspace(db);
    const other = await newWorkspace(db);
    const userId = `user-${Math.random().toString(36).slice(2, 10)}`;
    await db.prisma.user.create({ data: { id: userId, name: "Ada", email: `${userId}@example.test` } });
    const admin = await createApiToken(db, { workspaceId, name: "admin" });
    const mine = await createApiToken(db, { workspaceId, name: "mine", userId });
    const elsewhere = await createApiToken(db, { workspaceId: other, name: "elsewhere", userId });

    const everybody = await listApiTokens(db, { workspaceId });
    expect(everybody.map((t) => t.id)).toEqual([mine.id, admin.id]);
    expect(everybody[0]).toEqual({
      id: mine.id,
      name: "mine",
      owner: { id: userId, email: `${userId}@example.test` },
      createdAt: expect.any(Date),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    expect(JSON.stringify(everybody)).not.toContain(mine.token.slice(API_TOKEN_PREFIX.length));
    expect((await listApiTokens(db, { workspaceId, userId })).map((t) => t.id)).toEqual([mine.id]);
    expect(await getApiToken(db, { workspaceId, tokenId: mine.id })).toEqual({ id: mine.id, name: "mine", userId });
    expect(await getApiToken(db, { workspaceId, tokenId: elsewhere.id })).toBeNull();
  });
});
