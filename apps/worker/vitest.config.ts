import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["../../scripts/vitest-services.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // one worker leader per Redis: these files must not run side by side
    fileParallelism: false,
  },
});
