import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // the integration test runs the built CLI against the real API on PostgreSQL and Redis
    globalSetup: ["../../scripts/vitest-services.ts", "./src/testing/build-cli.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
