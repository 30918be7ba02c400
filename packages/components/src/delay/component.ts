import { defineComponent } from "@interflow/sdk";
import { delay } from "./delay";

export const delayComponent = defineComponent({
  name: "delay",
  title: "Wait",
  description: "Holds messages for a while, or until a time taken from each.",
  icon: "hourglass",
  help: { description: "Make each message wait — for a duration, or until a time a JSONata expression takes from it — kept in Redis while it waits.", link: "components/delay" },
  functions: { wait: delay },
});
