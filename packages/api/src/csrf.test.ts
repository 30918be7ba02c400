import { describe, expect, it } from "vitest";
import { crossSiteRefusal, isCrossSiteRequest } from "./csrf";

const APP = "http://localhost:3000";

function post(headers: Record<string, string>): Request {
  return new Request(`${APP}/api/trpc/flows.start`, { method: "POST", headers: { host: "localhost:3000", ...headers } });
}

describe("isCrossSiteRequest", () => {
  it("refuses a request whose Origin is another site", () => {
    expect(isCrossSiteRequest(post({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteRequest(post({ origin: "http://localhost:3001" }))).toBe(true);
    expect(isCrossSiteRequest(post({ origin: "null" }))).toBe(true);
  });

  it("allows this site's own pages", () => {
    expect(isCrossSiteRequest(post({ origin: APP }))).toBe(false);
    expect(isCrossSiteRequest(post({ origin: APP, "sec-fetch-site": "same-origin" }))).toBe(false);
    // behind a proxy, the host the browser saw
    expect(isCrossSiteRequest(post({ host: "web:3000", "x-forwarded-host": "interflow.example", origin: "https://interflow.example" }))).toBe(false);
  });

  it("believes Sec-Fetch-Site first: cross-site and same-site are refused, even with a matching Origin", () => {
    expect(isCrossSiteRequest(post({ "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSiteRequest(post({ "sec-fetch-site": "cross-site", origin: APP }))).toBe(true);
    expect(isCrossSiteRequest(post({ "sec-fetch-site": "same-site", origin: "http://app.localhost:3000" }))).toBe(true);
    // typed into the address bar or opened from a bookmark
    expect(isCrossSiteRequest(post({ "sec-fetch-site": "none" }))).toBe(false);
  });

  it("allows a client that sends neither Origin nor Sec-Fetch-Site (the CLI, scripts)", () => {
    expect(isCrossSiteRequest(post({}))).toBe(false);
    expect(isCrossSiteRequest(post({ authorization: "Bearer ifk_x" }))).toBe(false);
  });
});

describe("crossSiteRefusal", () => {
  it("is a 403 saying why", async () => {
    const res = crossSiteRefusal();
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: "Cross-site requests are not accepted." });
  });
});
