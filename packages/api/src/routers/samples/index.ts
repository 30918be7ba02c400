import { router } from "../../trpc";
import { listenForWebhookProcedure } from "./listen-for-webhook";
import { runStepProcedure } from "./run-step";
import { stopListeningProcedure } from "./stop-listening";
import { waitForWebhookProcedure } from "./wait-for-webhook";

/** Samples of a draft's steps: a webhook trigger's from test requests, an action's from one run. */
export const samplesRouter = router({
  listenForWebhook: listenForWebhookProcedure,
  waitForWebhook: waitForWebhookProcedure,
  stopListening: stopListeningProcedure,
  runStep: runStepProcedure,
});
