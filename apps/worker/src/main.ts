// Entry of the worker process (orchestrator).
import { readWorkerEnv } from "./env";
import type { Logger } from "./flow-controller";
import { startWorker } from "./worker";

const write = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, service: "worker", msg, ...fields })}\n`);
const logger: Logger = { info: write("info"), warn: write("warn"), error: write("error") };

// The parent (npm start) may be gone before this process is: a closed stdout must not cut the
// shutdown short, or the step containers it stops would be left running.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

try {
  const worker = await startWorker(readWorkerEnv(), logger);
  const shutdown = async (signal: string) => {
    logger.info("worker stopping", { signal });
    await worker.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
} catch (error) {
  logger.error("worker failed to start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
