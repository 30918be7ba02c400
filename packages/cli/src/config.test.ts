import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findRepoRoot, loadConfig, resolveDataDir, resolveToken, resolveUrl } from "./config";
import { CliError } from "./errors";

/** A scratch folder tree: <tmp>/repo (package.json named "interflow") with repo/packages/cli inside. */
function scratchRepo() {
  const base = mkdtempSync(path.join(tmpdir(), "interflow-cli-config-"));
  const repo = path.join(base, "repo");
  const nested = path.join(repo, "packages", "cli");
  mkdirSync(nested, { recursive: true });
  writeFileSync(path.join(repo, "package.json"), JSON.stringify({ name: "interflow" }));
  writeFileSync(path.join(repo, "packages", "cli", "package.json"), JSON.stringify({ name: "@interflow/cli" }));
  const outside = path.join(base, "elsewhere");
  mkdirSync(outside);
  return { repo, nested, outside };
}

describe("configuration", () => {
  it("finds the repository root by the package.json named interflow", () => {
    const { repo, nested, outside } = scratchRepo();
    expect(findRepoRoot(nested)).toBe(repo);
    expect(findRepoRoot(outside)).toBeUndefined();
  });

  it("puts the data directory at the repository root, found from the cwd or else from the CLI", () => {
    const { repo, nested, outside } = scratchRepo();
    expect(resolveDataDir({ env: {}, cwd: nested, cliDir: outside })).toBe(path.join(repo, ".data"));
    expect(resolveDataDir({ env: {}, cwd: outside, cliDir: nested })).toBe(path.join(repo, ".data"));
    expect(resolveDataDir({ env: { INTERFLOW_DATA_DIR: "my-data" }, cwd: outside, cliDir: nested })).toBe(path.join(outside, "my-data"));
  });

  it("defaults the URL and drops a trailing slash", () => {
    expect(resolveUrl({})).toBe("http://localhost:3000");
    expect(resolveUrl({ INTERFLOW_URL: "https://flows.example.com/" })).toBe("https://flows.example.com");
    expect(() => resolveUrl({ INTERFLOW_URL: "localhost:3000" })).toThrow('INTERFLOW_URL must be an http:// or https:// URL (got "localhost:3000")');
  });

  it("takes the token from INTERFLOW_TOKEN, else from <data dir>/admin-token", () => {
    const { repo, nested } = scratchRepo();
    const dataDir = path.join(repo, ".data");
    expect(() => resolveToken({}, dataDir)).toThrow(CliError);
    expect(() => resolveToken({}, dataDir)).toThrow(`no API token: set INTERFLOW_TOKEN, or run \`npm start\` once so it writes ${dataDir}/admin-token`);
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, "admin-token"), "secret-from-file\n");
    expect(resolveToken({}, dataDir)).toBe("secret-from-file");
    expect(resolveToken({ INTERFLOW_TOKEN: " from-env " }, dataDir)).toBe("from-env");
    expect(loadConfig({ env: { INTERFLOW_URL: "http://127.0.0.1:4000" }, cwd: nested, cliDir: nested })).toEqual({
      url: "http://127.0.0.1:4000",
      token: "secret-from-file",
      dataDir,
    });
  });
});
