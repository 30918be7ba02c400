import { defineConfig } from "vitest/config";

// The machine tests alone (`npm test` runs them as a step of their own): minutes, not seconds.
export default defineConfig({
  test: {
    include: ["scripts/fresh-machine/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 25 * 60_000,
  },
});
