import { formatJson, formatLogLines } from "../output";
import type { CommandContext } from "./context";

const FOLLOW_EVERY_MS = 1_000;

type LogLine = { at: number; stepId: string; replica: number; line: string; level: "info" | "warn" | "error" | null; text: string };
const identity = (l: LogLine) => `${l.at}|${l.stepId}|${l.replica}|${l.line}`;

/**
 * `interflow flow logs <id> [--step <s>] [--limit <n>] [--follow] [--json]`: the newest lines;
 * with --follow, then every new line as it comes (one JSON object per line with --json) until Ctrl-C.
 */
export async function flowLogs(
  { id, json, limit, stepId, follow }: { id: string; json: boolean; limit: number | undefined; stepId: string | undefined; follow: boolean },
  { client, io }: CommandContext,
) {
  const ask = (after?: number) => client.flows.logs.query({ id, ...(stepId ? { stepId } : {}), ...(limit ? { limit } : {}), ...(after !== undefined ? { after } : {}) });
  const print = (lines: LogLine[]) => {
    if (lines.length === 0) return;
    io.stdout(json ? lines.map((l) => JSON.stringify(l)).join("\n").concat("\n") : formatLogLines(lines));
  };
  const first = await ask();
  if (!follow) {
    io.stdout(json ? formatJson(first) : first.lines.length === 0 ? "no lines logged yet\n" : formatLogLines(first.lines));
    return;
  }
  print(first.lines);
  // lines of the last millisecond seen are asked again (more may have come in it) and skipped when printed already
  let lastAt = first.lines.at(-1)?.at ?? first.at;
  let seen = new Set(first.lines.filter((l) => l.at === lastAt).map(identity));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, FOLLOW_EVERY_MS));
    const next = (await ask(lastAt - 1)).lines.filter((l) => !seen.has(identity(l)));
    print(next);
    if (next.length > 0) {
      const newest = next.at(-1)?.at ?? lastAt;
      seen = newest === lastAt ? new Set([...seen, ...next.map(identity)]) : new Set(next.filter((l) => l.at === newest).map(identity));
      lastAt = newest;
    }
  }
}
