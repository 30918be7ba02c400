import { defineConfig } from "vitest/config";

export default defineConfig({
  // the tests' local servers listen on loopback; egress.test.ts sets its own rules
  test: { env: { INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8,::1" } },
});
