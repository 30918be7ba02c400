import type { StepLogger } from "@interflow/sdk";

/** One JSON object per line on stdout, with the step's identity on every line. */
export function createLogger(fields: Record<string, unknown>): StepLogger {
  const write = (level: string, msg: string, extra?: Record<string, unknown>) =>
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields, ...extra })}\n`);
  return {
    info: (msg, extra) => write("info", msg, extra),
    warn: (msg, extra) => write("warn", msg, extra),
    error: (msg, extra) => write("error", msg, extra),
  };
}
