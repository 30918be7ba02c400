import { router } from "../../trpc";
import { flowDashboardProcedure } from "./dashboard";
import { exportFlowProcedure } from "./export";
import { importFlowProcedure } from "./import";
import { listFlowsProcedure } from "./list";
import { startFlowProcedure } from "./start";
import { flowStatusProcedure } from "./status";
import { stopFlowProcedure } from "./stop";
import { resumeFlowProcedure, suspendFlowProcedure } from "./suspend";
import { flowTransitionsProcedure } from "./transitions";

export const flowsRouter = router({
  list: listFlowsProcedure,
  import: importFlowProcedure,
  export: exportFlowProcedure,
  status: flowStatusProcedure,
  start: startFlowProcedure,
  stop: stopFlowProcedure,
  suspend: suspendFlowProcedure,
  resume: resumeFlowProcedure,
  transitions: flowTransitionsProcedure,
  dashboard: flowDashboardProcedure,
});
