import { asJson } from "@interflow/queue";
import type { StepTestLogLine } from "@interflow/queue";
import type { StepLogger } from "@interflow/sdk";

const MAX_LINES = 200;
const MAX_MESSAGE_CHARS = 2_000;

/** A logger that keeps what a component logs during a step test, to show it in the designer. */
export function collectLogs(): { logger: StepLogger; lines: StepTestLogLine[] } {
  const lines: StepTestLogLine[] = [];
  let dropped = 0;
  const write = (level: StepTestLogLine["level"]) => (message: string, fields?: Record<string, unknown>) => {
    if (lines.length >= MAX_LINES) {
      dropped++;
      lines[MAX_LINES - 1] = { level: "warn", message: `${dropped + 1} more lines were not kept`, at: new Date().toISOString() };
      return;
    }
    const line: StepTestLogLine = { level, message: String(message).slice(0, MAX_MESSAGE_CHARS), at: new Date().toISOString() };
    if (fields !== undefined) line.fields = asJson(fields) as Record<string, unknown>;
    lines.push(line);
  };
  return { logger: { info: write("info"), warn: write("warn"), error: write("error") }, lines };
}
