import { AppError, AppErrorCode } from "@interflow/flow";
import type { StepTestAnswer } from "@interflow/queue";

/** A worker's answer to a step test; none means no worker runs (the designer says so). */
export function requireWorkerAnswer<T>(answer: StepTestAnswer<T>): T {
  if (answer.answered) return answer.result;
  throw new AppError(AppErrorCode.Internal, `no worker answered within ${Math.round(answer.waitedMs / 1000)} s: is the worker running?`);
}
