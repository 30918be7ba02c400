import { router } from "../../trpc";
import { discardFailedProcedure } from "./discard";
import { listFailedProcedure } from "./failed";
import { getExecutionProcedure, listExecutionsProcedure } from "./list";
import { replayExecutionsProcedure, retryFailedProcedure } from "./retry";

/** What happened to every message of a flow, and its failed messages: see them, retry, replay, discard. */
export const executionsRouter = router({
  list: listExecutionsProcedure,
  get: getExecutionProcedure,
  failed: listFailedProcedure,
  retry: retryFailedProcedure,
  replay: replayExecutionsProcedure,
  discard: discardFailedProcedure,
});
