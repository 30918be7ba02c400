import { defineComponent } from "@interflow/sdk";
import { map } from "./map";

export const transformComponent = defineComponent({
  name: "transform",
  title: "Transform",
  description: "Reshapes messages with JSONata.",
  icon: "shuffle",
  help: { description: "Reshape messages between steps with JSONata.", link: "components/transform" },
  functions: { map },
});
