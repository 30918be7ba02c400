import { defineConfig } from "@playwright/test";

// Chromium is Debian's (no browser download here); the flags keep it from calling home.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

export default defineConfig({
  testDir: ".",
  // A fresh installation's first visit comes first (the global setup wipes the accounts): it
  // creates the owner every other spec signs in as.
  projects: [
    { name: "first-run", testMatch: "first-run.spec.ts" },
    { name: "signed-in", testMatch: "*.spec.ts", testIgnore: "first-run.spec.ts", dependencies: ["first-run"] },
  ],
  // One platform (PostgreSQL, Redis, worker, gateway, web) is shared by every spec: run them one at a time.
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: "../test-results/e2e",
  reporter: [["list"]],
  globalSetup: "./global-setup.ts",
  use: {
    browserName: "chromium",
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
