import { defineComponent } from "@interflow/sdk";
import { batch } from "./batch";

export const batchComponent = defineComponent({
  name: "batch",
  title: "Batch",
  description: "Collects messages into one for bulk APIs.",
  icon: "layers",
  help: { description: "Gather messages by count and time (optionally per key) into one message, durably: a batch in progress survives restarts and crashes.", link: "components/batch" },
  functions: { collect: batch },
});
