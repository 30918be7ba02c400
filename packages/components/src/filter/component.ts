import { defineComponent } from "@interflow/sdk";
import { filter } from "./filter";

export const filterComponent = defineComponent({
  name: "filter",
  title: "Filter",
  description: "Lets through only the messages a condition keeps.",
  icon: "filter",
  help: { description: "Keep the messages for which a JSONata condition holds; the others are counted as filtered, not failed.", link: "components/filter" },
  functions: { keep: filter },
});
