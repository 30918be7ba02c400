import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { CliError } from "../errors";
import { formatJson } from "../output";
import type { CommandContext } from "./context";
import { readFlowFile } from "./flow-import";

interface TestReport {
  flow: string;
  cases: Array<{ name: string; passed: boolean; failures: Array<{ message: string }>; truncated: boolean; routingErrors: string[] }>;
  passed: number;
  failed: number;
}

/**
 * `interflow flow test <file|id> [--json]`: runs the flow's test cases (a flow document file's, or
 * a flow's current version's) — each case through the flow, its actions in the worker, canned
 * responses standing in for the steps the case names — and prints each case with its failures.
 * Exit 1 when a case failed.
 */
export async function flowTest({ target, json }: { target: string; json: boolean }, ctx: CommandContext) {
  const file = path.resolve(ctx.cwd, target);
  const isFile = target.endsWith(".json") || (existsSync(file) && statSync(file).isFile());
  const input = isFile ? { document: readFlowFile(file, target) } : { id: target };
  const report: TestReport = await ctx.client.flows.test.mutate(input);
  if (report.cases.length === 0) throw new CliError(`${report.flow} has no test cases: add some to its document's "tests"`);
  ctx.io.stdout(json ? formatJson(report) : formatTestReport(report));
  if (report.failed > 0) throw new CliError(`${report.failed} of ${report.cases.length} test case${report.cases.length === 1 ? "" : "s"} of ${report.flow} failed`);
}

export function formatTestReport(report: TestReport): string {
  const lines = [`${report.flow}: ${report.cases.length} test case${report.cases.length === 1 ? "" : "s"}`];
  for (const c of report.cases) {
    lines.push(`${c.passed ? "passed" : "FAILED"}  ${c.name}`);
    for (const failure of c.failures) lines.push(`        ${failure.message}`);
    for (const error of c.routingErrors) lines.push(`        note: a condition failed at ${error}`);
    if (c.truncated) lines.push("        note: the run stopped after 100 step runs");
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return `${lines.join("\n")}\n`;
}
