import { defineComponent } from "@interflow/sdk";
import { split } from "./split";

export const splitComponent = defineComponent({
  name: "split",
  title: "Split",
  description: "One message per element of a list.",
  icon: "split",
  help: { description: "Turn a message holding a list into one message per element, each knowing its position and the total.", link: "components/split" },
  functions: { items: split },
});
