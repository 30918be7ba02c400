import { defineConfig } from "vitest/config";

// The fresh-machine test alone (`npm test` runs it as a step of its own): minutes, not seconds.
export default defineConfig({
  test: {
    include: ["scripts/fresh-machine/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 25 * 60_000,
  },
});
