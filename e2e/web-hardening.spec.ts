import { networkInterfaces } from "node:os";
import { expect, test } from "./fixtures";

const PAGES = ["/", "/sign-in", "/setup", "/docs", "/docs/api", "/settings/credentials", "/flows/no-such-flow", "/api/v1/openapi.json", "/readyz"];

test("every page and API answer carries the security headers: a content security policy that forbids framing, nosniff, a referrer policy", async ({ platform }) => {
  for (const path of PAGES) {
    const res = await fetch(`${platform.webUrl}${path}`, { redirect: "manual" });
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("default-src 'self'");
    expect(csp, path).toContain("object-src 'none'");
    expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
    expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
    // no inline script runs unless the page gave it its nonce
    expect(csp.match(/script-src [^;]*/)?.[0], path).not.toContain("unsafe-inline");
  }
});

test("a page's scripts run by its nonce alone: a fresh nonce per request on every script tag, injected inline code is blocked, the page still works", async ({ page, platform, signInPage }) => {
  const nonceOf = (csp: string) => /script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})' 'strict-dynamic'/.exec(csp)?.[1];
  const first = await fetch(`${platform.webUrl}/sign-in`);
  const second = await fetch(`${platform.webUrl}/sign-in`);
  const nonce = nonceOf(first.headers.get("content-security-policy") ?? "");
  expect(nonce).toBeDefined();
  expect(nonceOf(second.headers.get("content-security-policy") ?? "")).not.toBe(nonce);
  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  // in Chromium: the page hydrates (its form answers), and a script added without the nonce is refused
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/.test(message.text())) violations.push(message.text());
  });
  await page.goto("/sign-in");
  await signInPage.signIn({ email: "nobody@e2e.interflow.test", password: "not the password" });
  await expect(signInPage.passwordError).toHaveText("Wrong email or password.");
  expect(violations).toEqual([]);
  // markup injected into the page (the shape of an XSS): its inline handler has no nonce and does not run
  await page.evaluate(() => {
    (window as { injected?: boolean }).injected = false;
    const box = document.createElement("div");
    box.innerHTML = '<img src="data:," onerror="window.injected = true" alt="">';
    document.body.appendChild(box);
  });
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});

test("a made-up X-Forwarded-For does not reset the sign-in limit: the server counts the connection's address (reached over this machine's own, not loopback, address)", async ({ platform }) => {
  const own = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4")?.address;
  test.skip(!own, "this machine has no address besides loopback");
  const port = new URL(platform.webUrl).port;
  const attempt = (forged: string) =>
    fetch(`http://${own}:${port}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: platform.webUrl, "x-forwarded-for": forged, "x-interflow-client-address": forged },
      body: JSON.stringify({ email: `nobody-${Date.now()}@e2e.interflow.test`, password: "not the password" }),
    }).then((r) => r.status);
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push(await attempt(`198.51.100.${i + 1}`));
  expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  expect(statuses[10]).toBe(429);
});

test("a request body over 11 MiB to /api/trpc or /api/v1 is refused with 413 before it is read whole", async ({ platform }) => {
  const body = JSON.stringify({ document: { name: "x".repeat(12 * 1024 * 1024) } });
  const headers = { "content-type": "application/json", authorization: `Bearer ${platform.adminToken}` };
  const trpc = await fetch(`${platform.webUrl}/api/trpc/flows.import`, { method: "POST", headers, body });
  expect(trpc.status).toBe(413);
  expect(((await trpc.json()) as { error: { message: string } }).error.message).toMatch(/over the limit of 11534336/);
  const rest = await fetch(`${platform.webUrl}/api/v1/flows`, { method: "POST", headers, body });
  expect(rest.status).toBe(413);
});
