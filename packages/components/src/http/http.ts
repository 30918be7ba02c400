import { defineComponent } from "@interflow/sdk";
import { httpCredentials } from "./credentials";
import { poll } from "./poll";
import { request } from "./request";

export const httpComponent = defineComponent({
  name: "http",
  title: "HTTP",
  description: "Calls HTTP APIs, and polls them for what changed.",
  icon: "globe",
  help: { description: "Talk to any REST API: send messages and pass the responses on.", link: "components/http" },
  functions: { poll, request },
  credentials: httpCredentials,
});
