import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { APP_ORIGIN, cookieHeaderOf, newPerson, newTenant, signInOverHttp, TEST_PASSWORD, uniqueIp, useTestServices } from "../testing/api-fixture";
import { CLIENT_ADDRESS_HEADER } from "@interflow/queue";
import { createAuth, SIGN_IN_ATTEMPTS } from "./create-auth";

const services = useTestServices();

async function someone() {
  const tenant = await newTenant(services);
  return newPerson(services, { workspaceId: tenant.workspaceId, role: "editor" });
}

/** The `set-cookie` headers of an answer, by cookie name, with their attributes in lower case. */
function setCookies(res: Response): Map<string, string[]> {
  const cookies = new Map<string, string[]>();
  for (const header of res.headers.getSetCookie()) {
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    cookies.set(pair.split("=")[0] ?? "", attributes.map((a) => a.toLowerCase()));
  }
  return cookies;
}

describe("sign-in rate limit", () => {
  it(`allows ${SIGN_IN_ATTEMPTS} attempts a minute from one address; the next answers 429, even with the right password`, async () => {
    const person = await someone();
    const ip = uniqueIp();
    for (let attempt = 1; attempt <= SIGN_IN_ATTEMPTS; attempt++) {
      const res = await signInOverHttp(services.auth, { email: person.email, password: "wrong password", ip });
      expect(res.status, `attempt ${attempt}`).toBe(401);
    }
    const blocked = await signInOverHttp(services.auth, { email: person.email, password: TEST_PASSWORD, ip });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.getSetCookie()).toEqual([]);
    expect(Number(blocked.headers.get("x-retry-after"))).toBeGreaterThan(0);

    // another address is not affected, for the same person
    const elsewhere = await signInOverHttp(services.auth, { email: person.email, password: TEST_PASSWORD, ip: uniqueIp() });
    expect(elsewhere.status).toBe(200);
  });

  it("counts every sign-in from the address, whichever account it tries", async () => {
    const ip = uniqueIp();
    for (let attempt = 1; attempt <= SIGN_IN_ATTEMPTS; attempt++) {
      await signInOverHttp(services.auth, { email: `guess-${attempt}-${randomUUID()}@example.test`, password: "guessing!!", ip });
    }
    const person = await someone();
    expect((await signInOverHttp(services.auth, { email: person.email, password: TEST_PASSWORD, ip })).status).toBe(429);
  });
});

describe("sign-in rate limit, as the web app's server hands requests on", () => {
  it("a made-up X-Forwarded-For does not reset it: the address the server worked out counts", async () => {
    const person = await someone();
    const client = uniqueIp();
    const attempt = (password: string, forged: string) =>
      services.auth.handler(
        new Request(`${APP_ORIGIN}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: APP_ORIGIN, [CLIENT_ADDRESS_HEADER]: client, "x-forwarded-for": forged },
          body: JSON.stringify({ email: person.email, password }),
        }),
      );
    for (let i = 1; i <= SIGN_IN_ATTEMPTS; i++) expect((await attempt("wrong password", uniqueIp())).status, `attempt ${i}`).toBe(401);
    expect((await attempt(TEST_PASSWORD, uniqueIp())).status).toBe(429);
  });

  it("is shared by every web replica: attempts through two of them count together (in Redis)", async () => {
    const person = await someone();
    const ip = uniqueIp();
    const other = createAuth({ db: services.db, redis: services.redis, secret: "secret-of-another-replica-0123456789", baseUrl: APP_ORIGIN });
    const counted = async () => (await services.redis.keys("if:web:rate-limit:*")).length;
    const before = await counted();
    for (let i = 1; i <= SIGN_IN_ATTEMPTS; i++) {
      const replica = i % 2 === 0 ? services.auth : other;
      expect((await signInOverHttp(replica, { email: person.email, password: "wrong password", ip })).status, `attempt ${i}`).toBe(401);
    }
    expect((await signInOverHttp(other, { email: person.email, password: TEST_PASSWORD, ip })).status).toBe(429);
    expect((await signInOverHttp(services.auth, { email: person.email, password: TEST_PASSWORD, ip })).status).toBe(429);
    // counted in Redis (not one process's memory, which a restart or another machine would not share)
    expect(await counted()).toBeGreaterThan(before);
  });
});

describe("session cookies", () => {
  it("are HttpOnly and SameSite=Lax, and not Secure on an http installation", async () => {
    const person = await someone();
    const res = await signInOverHttp(services.auth, { email: person.email, password: TEST_PASSWORD, ip: uniqueIp() });
    expect(res.status).toBe(200);
    const cookies = setCookies(res);
    const session = cookies.get("better-auth.session_token");
    expect(session).toEqual(expect.arrayContaining(["httponly", "samesite=lax", "path=/"]));
    expect(session).not.toContain("secure");
    for (const [name, attributes] of cookies) {
      expect(attributes, name).toContain("httponly");
      expect(attributes, name).toContain("samesite=lax");
    }
  });

  it("are also Secure (and __Secure- named) when the app's URL is https", async () => {
    const baseUrl = "https://interflow.example.test";
    const auth = createAuth({ db: services.db, secret: "secret-of-the-https-installation-0123456789", baseUrl });
    const person = await someone();
    const res = await signInOverHttp(auth, { email: person.email, password: TEST_PASSWORD, ip: uniqueIp(), baseUrl });
    expect(res.status).toBe(200);
    const cookies = setCookies(res);
    expect([...cookies.keys()]).toContain("__Secure-better-auth.session_token");
    for (const [name, attributes] of cookies) {
      expect(name.startsWith("__Secure-"), name).toBe(true);
      expect(attributes, name).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax"]));
    }
  });
});

describe("better-auth's origin check", () => {
  it("refuses a sign-in posted from another site, and lets this site's through", async () => {
    const person = await someone();
    const fromEvil = await signInOverHttp(services.auth, { email: person.email, password: TEST_PASSWORD, ip: uniqueIp(), origin: "https://evil.example" });
    expect(fromEvil.status).toBe(403);
    expect(fromEvil.headers.getSetCookie()).toEqual([]);
    const fromHere = await signInOverHttp(services.auth, { email: person.email, password: TEST_PASSWORD, ip: uniqueIp(), origin: APP_ORIGIN });
    expect(fromHere.status).toBe(200);
  });

  it("refuses a cross-site form navigation that would sign the visitor in (login CSRF)", async () => {
    const person = await someone();
    const res = await services.auth.handler(
      new Request(`${APP_ORIGIN}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "x-forwarded-for": uniqueIp() },
        body: JSON.stringify({ email: person.email, password: TEST_PASSWORD }),
      }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("refuses a signed-in visitor's cookie on a request from another site (sign-out, password change)", async () => {
    const person = await someone();
    const post = (path: string, origin: string, body: unknown) =>
      services.auth.handler(
        new Request(`${APP_ORIGIN}/api/auth/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin, cookie: person.cookie, "x-forwarded-for": uniqueIp() },
          body: JSON.stringify(body),
        }),
      );
    const change = { currentPassword: TEST_PASSWORD, newPassword: "taken over by evil" };
    expect((await post("change-password", "https://evil.example", change)).status).toBe(403);
    expect((await post("sign-out", "https://evil.example", {})).status).toBe(403);
    // the session and the password are as they were
    expect(await services.auth.api.getSession({ headers: new Headers({ cookie: person.cookie }) })).toMatchObject({ user: { email: person.email } });
    const again = await signInOverHttp(services.auth, { email: person.email, password: TEST_PASSWORD, ip: uniqueIp() });
    expect(cookieHeaderOf(again.headers)).toContain("session_token");
  });
});
