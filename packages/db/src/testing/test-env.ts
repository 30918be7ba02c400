import { z } from "zod";

/** Set by scripts/vitest-services.ts (globalSetup) or by `npm test`. */
export function testDatabaseUrl(): string {
  return z.string({ error: "DATABASE_URL is not set: run the tests through vitest (globalSetup starts PostgreSQL)" }).parse(process.env.DATABASE_URL);
}
