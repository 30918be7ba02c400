import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["../../scripts/vitest-services.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
