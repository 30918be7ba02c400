import { test as base } from "@playwright/test";
import { ConnectPage } from "./pages/connect-page";
import { FlowsPage } from "./pages/flows-page";
import { Cli } from "./support/cli";
import { type E2EPlatform, readPlatform } from "./support/platform";

interface PageFixtures {
  connectPage: ConnectPage;
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
  connectPage: async ({ page }, use) => {
    await use(new ConnectPage(page));
  },
  flowsPage: async ({ page }, use) => {
    await use(new FlowsPage(page));
  },
});

export { expect } from "@playwright/test";
