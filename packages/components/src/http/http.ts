import { defineComponent } from "@interflow/sdk";
import { httpCredentials } from "./credentials";
import { request } from "./request";

export const httpComponent = defineComponent({
  name: "http",
  title: "HTTP",
  description: "Calls HTTP APIs.",
  icon: "globe",
  help: { description: "Talk to any REST API: send messages and pass the responses on.", link: "components/http" },
  functions: { request },
  credentials: httpCredentials,
});
