import { test as base } from "@playwright/test";
import { FlowsPage } from "./pages/flows-page";
import { SetupPage } from "./pages/setup-page";
import { SignInPage } from "./pages/sign-in-page";
import { Cli } from "./support/cli";
import { type E2EPlatform, readPlatform } from "./support/platform";

interface PageFixtures {
  setupPage: SetupPage;
  signInPage: SignInPage;
  flowsPage: FlowsPage;
}

interface WorkerFixtures {
  platform: E2EPlatform;
  cli: Cli;
}

export const test = base.extend<PageFixtures, WorkerFixtures>({
  platform: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies destructured
    async ({}, use) => {
      await use(readPlatform());
    },
    { scope: "worker" },
  ],
  cli: [
    async ({ platform }, use) => {
      await use(new Cli(platform));
    },
    { scope: "worker" },
  ],
  baseURL: async ({ platform }, use) => {
    await use(platform.webUrl);
  },
  setupPage: async ({ page }, use) => {
    await use(new SetupPage(page));
  },
  signInPage: async ({ page }, use) => {
    await use(new SignInPage(page));
  },
  flowsPage: async ({ page }, use) => {
    await use(new FlowsPage(page));
  },
});

export { expect } from "@playwright/test";
