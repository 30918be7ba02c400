import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./cli";

/** Runs the CLI in-process with captured output, in `cwd` (by default a new folder outside any repository). */
async function run(argv: string[], cwd = mkdtempSync(path.join(tmpdir(), "interflow-cli-"))) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = { stdout: (text: string) => stdout.push(text), stderr: (text: string) => stderr.push(text) };
  const code = await runCli(argv, io, { env: {}, cwd, cliDir: cwd });
  return { code, stdout: stdout.join(""), stderr: stderr.join(""), cwd };
}

describe("runCli", () => {
  it("prints the usage for --help and help, and the version", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("interflow flow start <id> [--wait] [--timeout <s>]");
    expect(help.stderr).toBe("");
    expect((await run(["help"])).stdout).toBe(help.stdout);
    expect(await run(["--version"])).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });

  it("shows one command's help with its options and the exit codes, and a group's commands", async () => {
    const start = await run(["flow", "start", "--help"]);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/^Usage: interflow flow start <id> \[--wait\] \[--timeout <s>\]\n\nstart a flow; --wait until it is running\n\nOptions:\n/);
    expect(start.stdout).toMatch(/^ {2}--wait +poll every 250 ms until the flow is running .*printing each state it reaches$/m);
    expect(start.stdout).toMatch(/^ {2}--timeout <s> +how long --wait waits/m);
    expect(start.stdout).not.toContain("--json");
    expect(start.stdout).toContain("Exit codes: 0 done, 1 failed, 2 the command line was not understood, 3 not found, 4 refused in the state it is in");
    expect((await run(["flow", "retry", "f1", "-h"])).stdout).toMatch(/^ {2}--restore +make --version current again first/m);
    const group = await run(["credential", "--help"]);
    expect(group.stdout).toMatch(/^Usage:\n {2}interflow credential create /);
    expect(group.stdout).not.toContain("interflow flow start");
    expect((await run(["--help"])).stdout).toContain("Exit codes: 0 done, 1 failed");
  });

  it("answers a wrong command line with one error line and exit code 2", async () => {
    const result = await run(["flow", "list", "--verbose"]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe('error: unknown option "--verbose" for "flow list"; usage: interflow flow list [--json]\n');
  });

  it("reports a missing file before asking for a token", async () => {
    const result = await run(["flow", "import", "missing.json"]);
    expect(result).toMatchObject({ code: 1, stdout: "", stderr: "error: cannot read missing.json: no such file\n" });
  });

  it("says where the token is looked for when there is none", async () => {
    const result = await run(["flow", "list"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`error: no API token: set INTERFLOW_TOKEN, or run \`npm start\` once so it writes ${path.join(result.cwd, ".data", "admin-token")}\n`);
  });

  it("reports a file that is not JSON", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "interflow-cli-"));
    writeFileSync(path.join(cwd, "flow.json"), '{"schema": ');
    const result = await run(["flow", "import", "flow.json"], cwd);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: flow\.json is not valid JSON: .+\n$/);
  });
});
