import type { Browser, BrowserContext } from "@playwright/test";
import type { E2EPlatform } from "./platform";

/** Someone new for one spec (unique address: a retried spec must not meet its earlier self). */
export function newPerson(name: string): { name: string; email: string; password: string } {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name, email: `${name.toLowerCase().replace(/\W+/g, ".")}.${id}@e2e.interflow.test`, password: "e2e member passphrase" };
}

/** A second browser (no cookies), as another person on another computer. */
export function newBrowserContext(browser: Browser, platform: E2EPlatform): Promise<BrowserContext> {
  return browser.newContext({ baseURL: platform.webUrl, viewport: { width: 1280, height: 800 } });
}
