import { createApiToken, revokeApiToken } from "@interflow/db";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE, verifyToken } from "./context";
import { callerFor, newTenant, useTestServices } from "./testing/api-fixture";

const services = useTestServices();

describe("authentication", () => {
  it("accepts the token as a bearer header or as the session cookie", async () => {
    const { token, workspaceId } = await newTenant(services);
    const viaCookie = await callerFor(services, { cookie: `theme=dark; ${SESSION_COOKIE}=${encodeURIComponent(token)}` });
    expect(await viaCookie.flows.list()).toEqual({ flows: [] });
    expect(await verifyToken(services, token)).toEqual({ workspaceId });
  });

  it("refuses every procedure without a valid token: none, unknown, revoked or expired", async () => {
    const { workspaceId } = await newTenant(services);
    const revoked = await createApiToken(services.db, { workspaceId, name: "revoked" });
    await revokeApiToken(services.db, { workspaceId, tokenId: revoked.id });
    const expired = await createApiToken(services.db, { workspaceId, name: "expired", expiresAt: new Date(Date.now() - 1) });

    const none = await callerFor(services);
    await expect(none.flows.list()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("an API token is required") });
    await expect(none.flows.import({ document: {} })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    for (const token of ["ifk_unknown", "not-even-a-token", revoked.token, expired.token]) {
      const caller = await callerFor(services, { authorization: `Bearer ${token}` });
      await expect(caller.flows.list()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "the API token is unknown, revoked or expired" });
      await expect(caller.flows.status({ id: "x" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      expect(await verifyToken(services, token)).toBeNull();
    }
  });
});
