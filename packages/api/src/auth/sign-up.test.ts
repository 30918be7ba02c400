import { applyMigrations, createDb, DEFAULT_WORKSPACE_NAME, isInstallationAdmin, listMemberships } from "@interflow/db";
import { createScratchDatabase } from "@interflow/db/testing/scratch-database";
import { describe, expect, it } from "vitest";
import { cookieHeaderOf, newPerson, newTenant, TEST_PASSWORD, useTestServices } from "../testing/api-fixture";
import { CLIENT_ADDRESS_HEADER } from "@interflow/queue";
import { createAuth, SIGN_UP_CLOSED } from "./create-auth";
import { SETUP_NEEDS_TOKEN, SETUP_TOKEN_HEADER } from "./setup-token";

const services = useTestServices();
const SECRET = "test-secret-of-this-test-file-0123456789";

describe("sign-up", () => {
  it("on a fresh installation makes the first person owner of the Default workspace and the installation's admin, then closes", async () => {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? "");
    const db = createDb(scratch.url);
    try {
      await applyMigrations({ databaseUrl: scratch.url });
      const auth = createAuth({ db, secret: SECRET, baseUrl: "http://localhost:3000" });
      const owner = await auth.api.signUpEmail({ body: { email: "owner@example.test", password: TEST_PASSWORD, name: "Owner" } });
      expect(await listMemberships(db, { userId: owner.user.id })).toEqual([
        { workspaceId: expect.any(String), workspaceName: DEFAULT_WORKSPACE_NAME, role: "owner" },
      ]);
      expect(await isInstallationAdmin(db, { userId: owner.user.id })).toBe(true);
      await expect(auth.api.signUpEmail({ body: { email: "second@example.test", password: TEST_PASSWORD, name: "Second" } })).rejects.toMatchObject({
        message: SIGN_UP_CLOSED,
      });
      expect(await db.prisma.user.count()).toBe(1);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });

  it("makes one owner when two people sign up on a fresh installation at the same moment", async () => {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? "");
    const db = createDb(scratch.url);
    try {
      await applyMigrations({ databaseUrl: scratch.url });
      const auth = createAuth({ db, secret: SECRET, baseUrl: "http://localhost:3000" });
      const results = await Promise.allSettled(
        ["a", "b", "c"].map((who) => auth.api.signUpEmail({ body: { email: `${who}@example.test`, password: TEST_PASSWORD, name: who } })),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await db.prisma.workspaceMember.count({ where: { role: "owner" } })).toBe(1);
      expect(await db.prisma.user.count()).toBe(1);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });

  it("over HTTP, the owner's account is made only from this machine's loopback or with the setup token: a public first visitor without it is refused", async () => {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL ?? "");
    const db = createDb(scratch.url);
    try {
      await applyMigrations({ databaseUrl: scratch.url });
      const setupToken = "setup-token-of-this-test-0123456789";
      const auth = createAuth({ db, secret: SECRET, baseUrl: "http://localhost:3000", setupToken });
      // as the web app's server hands requests on: the client's address in its header (a client's own is replaced)
      const signUp = (who: string, headers: Record<string, string>) =>
        auth.handler(
          new Request("http://localhost:3000/api/auth/sign-up/email", {
            method: "POST",
            headers: { "content-type": "application/json", origin: "http://localhost:3000", ...headers },
            body: JSON.stringify({ email: `${who}@example.test`, password: TEST_PASSWORD, name: who }),
          }),
        );
      const stranger = await signUp("stranger", { [CLIENT_ADDRESS_HEADER]: "203.0.113.50" });
      expect(stranger.status).toBe(403);
      expect(((await stranger.json()) as { message: string }).message).toBe(SETUP_NEEDS_TOKEN);
      const guessed = await signUp("guesser", { [CLIENT_ADDRESS_HEADER]: "203.0.113.50", [SETUP_TOKEN_HEADER]: "setup-token-of-this-test-0000000000" });
      expect(guessed.status).toBe(403);
      expect(await db.prisma.user.count()).toBe(0);
      // with the token, from anywhere
      const owner = await signUp("owner", { [CLIENT_ADDRESS_HEADER]: "203.0.113.50", [SETUP_TOKEN_HEADER]: setupToken });
      expect(owner.status).toBe(200);
      expect(await db.prisma.user.count()).toBe(1);
    } finally {
      await db.close();
      await scratch.drop();
    }
    // from this machine, no token needed
    const local = await createScratchDatabase(process.env.DATABASE_URL ?? "");
    const localDb = createDb(local.url);
    try {
      await applyMigrations({ databaseUrl: local.url });
      const auth = createAuth({ db: localDb, secret: SECRET, baseUrl: "http://localhost:3000" });
      const res = await auth.handler(
        new Request("http://localhost:3000/api/auth/sign-up/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost:3000", [CLIENT_ADDRESS_HEADER]: "127.0.0.1" },
          body: JSON.stringify({ email: "local@example.test", password: TEST_PASSWORD, name: "Local" }),
        }),
      );
      expect(res.status).toBe(200);
    } finally {
      await localDb.close();
      await local.drop();
    }
  });

  it("is refused once anyone has an account", async () => {
    const tenant = await newTenant(services);
    await newPerson(services, { workspaceId: tenant.workspaceId, role: "owner" });
    const email = `late-${Date.now()}@example.test`;
    await expect(services.auth.api.signUpEmail({ body: { email, password: TEST_PASSWORD, name: "Late" } })).rejects.toMatchObject({
      statusCode: 403,
      message: SIGN_UP_CLOSED,
    });
    expect(await services.db.prisma.user.findUnique({ where: { email } })).toBeNull();
  });
});

describe("password change", () => {
  it("needs the current password; afterwards only the new one signs in", async () => {
    const tenant = await newTenant(services);
    const person = await newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
    const headers = new Headers({ cookie: person.cookie });
    const newPassword = "a much better passphrase";
    await expect(services.auth.api.changePassword({ headers, body: { currentPassword: "wrong password!", newPassword } })).rejects.toBeDefined();
    await services.auth.api.changePassword({ headers, body: { currentPassword: TEST_PASSWORD, newPassword, revokeOtherSessions: true } });
    await expect(services.auth.api.signInEmail({ body: { email: person.email, password: TEST_PASSWORD } })).rejects.toMatchObject({ statusCode: 401 });
    const again = await services.auth.api.signInEmail({ body: { email: person.email, password: newPassword }, returnHeaders: true });
    expect(cookieHeaderOf(again.headers)).toContain("session_token");
  });
});
