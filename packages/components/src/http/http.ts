import { defineComponent } from "@interflow/sdk";
import { request } from "./request";

export const httpComponent = defineComponent({
  name: "http",
  title: "HTTP",
  description: "Calls HTTP APIs.",
  icon: "globe",
  functions: { request },
});
