import { router } from "../../trpc";
import { createFlowProcedure } from "./create";
import { flowDashboardProcedure } from "./dashboard";
import { discardDraftProcedure, getDraftProcedure, publishDraftProcedure, saveDraftProcedure } from "./drafts";
import { exportFlowProcedure } from "./export";
import { importFlowProcedure } from "./import";
import { listFlowsProcedure } from "./list";
import { flowLogsProcedure } from "./logs";
import { flowPollingProcedure, resetSnapshotProcedure, runFlowNowProcedure } from "./polling";
import { scaleFlowProcedure } from "./scale";
import { startFlowProcedure } from "./start";
import { flowStatusProcedure } from "./status";
import { testFlowProcedure } from "./test";
import { testRunProcedure } from "./test-run";
import { stopFlowProcedure } from "./stop";
import { resumeFlowProcedure, suspendFlowProcedure } from "./suspend";
import { flowTransitionsProcedure } from "./transitions";
import { rotateWebhookUrlProcedure } from "./webhook-url";
import {
  deleteFlowProcedure,
  duplicateFlowProcedure,
  flowDiffProcedure,
  flowVersionProcedure,
  flowVersionsProcedure,
  renameFlowProcedure,
  restoreFlowVersionProcedure,
} from "./versions";

export const flowsRouter = router({
  list: listFlowsProcedure,
  create: createFlowProcedure,
  import: importFlowProcedure,
  export: exportFlowProcedure,
  status: flowStatusProcedure,
  start: startFlowProcedure,
  stop: stopFlowProcedure,
  suspend: suspendFlowProcedure,
  resume: resumeFlowProcedure,
  transitions: flowTransitionsProcedure,
  logs: flowLogsProcedure,
  scale: scaleFlowProcedure,
  rotateWebhookUrl: rotateWebhookUrlProcedure,
  runNow: runFlowNowProcedure,
  test: testFlowProcedure,
  testRun: testRunProcedure,
  polling: flowPollingProcedure,
  resetSnapshot: resetSnapshotProcedure,
  dashboard: flowDashboardProcedure,
  versions: flowVersionsProcedure,
  version: flowVersionProcedure,
  diff: flowDiffProcedure,
  restore: restoreFlowVersionProcedure,
  rename: renameFlowProcedure,
  duplicate: duplicateFlowProcedure,
  delete: deleteFlowProcedure,
  draft: getDraftProcedure,
  saveDraft: saveDraftProcedure,
  discardDraft: discardDraftProcedure,
  publish: publishDraftProcedure,
});
