import { formatJson } from "../output";
import type { CommandContext } from "./context";

/** `interflow flow run <id> [--json]`: the polling trigger runs now. */
export async function flowRun({ id, json }: { id: string; json: boolean }, { client, io }: CommandContext) {
  const result = await client.flows.runNow.mutate({ id });
  io.stdout(json ? formatJson(result) : `run of ${result.stepId} requested for flow ${id}; see it with: interflow flow snapshot ${id}\n`);
}

/** `interflow flow snapshot <id> [--reset] [--json]` */
export async function flowSnapshot({ id, reset, json }: { id: string; reset: boolean; json: boolean }, { client, io }: CommandContext) {
  if (reset) {
    const result = await client.flows.resetSnapshot.mutate({ id });
    io.stdout(json ? formatJson(result) : result.hadSnapshot ? `snapshot of ${result.stepId} reset: the next run starts from nothing\n` : `${result.stepId} had no snapshot\n`);
    return;
  }
  const view = await client.flows.polling.query({ id });
  if (json) return io.stdout(formatJson(view));
  if (!view) return io.stdout(`flow ${id} does not poll (its trigger runs when a request arrives)\n`);
  const last = view.lastRun;
  const lines = [
    ["Step", view.stepId],
    ["Schedule", view.schedule],
    ["Next run", view.nextRunAt ?? "- (not scheduled: the flow is not running)"],
    ["Last run", last ? `${last.at}, ${last.durationMs} ms, ${last.emitted} emitted${last.manual ? " (run now)" : ""}${last.error ? `, FAILED: ${last.error}` : ""}` : "-"],
    ["Runs", last ? `${last.runs} (${last.failures} failed), ${last.totalEmitted} messages emitted` : "0"],
    ["Snapshot", view.snapshot === null ? "- (none: the next run starts from nothing)" : JSON.stringify(view.snapshot)],
  ];
  const width = Math.max(...lines.map(([label]) => (label ?? "").length));
  io.stdout(`${lines.map(([label, value]) => `${(label ?? "").padEnd(width)}  ${value}`).join("\n")}\n`);
}
