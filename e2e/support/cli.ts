import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { E2EPlatform } from "./platform";

const run = promisify(execFile);

/** The `interflow` command line, pointed at the e2e platform (INTERFLOW_URL / INTERFLOW_TOKEN). */
export class Cli {
  constructor(private readonly platform: E2EPlatform) {}

  async run(args: string[]): Promise<string> {
    const bin = path.join(this.platform.repoRoot, "packages/cli/bin/interflow.mjs");
    try {
      const { stdout } = await run(process.execPath, [bin, ...args], {
        cwd: this.platform.repoRoot,
        env: { ...process.env, INTERFLOW_URL: this.platform.webUrl, INTERFLOW_TOKEN: this.platform.adminToken },
        timeout: 60_000,
      });
      return stdout;
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`interflow ${args.join(" ")} failed:\n${stderr ?? ""}${stdout ?? ""}`, { cause: error });
    }
  }

  /** `flow import <file> --json`: the imported flow's id, name and version. */
  async importFlow(file: string): Promise<{ id: string; name: string; version: number }> {
    return JSON.parse(await this.run(["flow", "import", file, "--json"]));
  }

  /** `flow export <id>`: the current version's document. */
  async exportFlow(id: string): Promise<{ name: string; settings?: Record<string, unknown> } & Record<string, unknown>> {
    return JSON.parse(await this.run(["flow", "export", id]));
  }

  startFlow(id: string): Promise<string> {
    return this.run(["flow", "start", id, "--wait"]);
  }

  stopFlow(id: string): Promise<string> {
    return this.run(["flow", "stop", id, "--wait"]);
  }
}
