// A runner started by the process runtime leaves when its worker goes away — also while it is
// still starting (here: waiting for its secrets on stdin), or a worker killed in the middle of a
// start would leave it behind for good.
import { fork } from "node:child_process";
import path from "node:path";
import { SECRETS_ON_STDIN_VARIABLE } from "@interflow/queue";
import { describe, expect, it } from "vitest";

describe("a runner whose worker goes away", () => {
  it("leaves while it is still starting", async () => {
    const child = fork(path.join(import.meta.dirname, "main.ts"), [], {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        REDIS_URL: "redis://127.0.0.1:1",
        INTERFLOW_FLOW_ID: "flow-gone",
        INTERFLOW_STEP_ID: "step",
        [SECRETS_ON_STDIN_VARIABLE]: "1",
        LOG_LEVEL: "info",
      },
      // stdin stays open and empty: the runner waits for its secrets, i.e. it has not started
      stdio: ["pipe", "pipe", "pipe", "ipc"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // started far enough to listen: its logger is up (tsx compiles for a while first)
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    child.disconnect();
    const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running after 10 s"), 10_000))]);
    if (code === "still running after 10 s") child.kill("SIGKILL");
    expect(code).toBe(0);
    expect(output).toContain("worker disconnected while it started");
  }, 30_000);
});
