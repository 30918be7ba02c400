// Every setting is documented once: .env.example and docs/configuration.md are what
// scripts/configuration.ts makes of the processes' env schemas (run `npm run config:docs` after a change).
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allSettings, configurationMarkdown, envExample } from "../../../scripts/configuration";

const root = path.resolve(import.meta.dirname, "../../..");

describe("configuration docs", () => {
  it("are in sync with the settings the processes read, each with a description", () => {
    const settings = allSettings();
    expect(settings.filter((s) => s.description.trim() === "").map((s) => s.name)).toEqual([]);
    expect(settings.map((s) => s.name)).toEqual(expect.arrayContaining(["DATABASE_URL", "REDIS_URL", "INTERFLOW_WORKER_PORT", "INTERFLOW_METRICS_OPEN", "INTERFLOW_INSTALL", "GATEWAY_PORT"]));
    expect(readFileSync(path.join(root, ".env.example"), "utf8"), "run npm run config:docs").toBe(envExample(settings));
    expect(readFileSync(path.join(root, "docs/configuration.md"), "utf8"), "run npm run config:docs").toBe(configurationMarkdown(settings));
  });
});
