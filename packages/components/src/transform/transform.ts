import { defineComponent } from "@interflow/sdk";
import { batch } from "./batch";
import { filter } from "./filter";
import { map } from "./map";
import { split } from "./split";

export const transformComponent = defineComponent({
  name: "transform",
  title: "Transform",
  description: "Reshapes, filters, splits and batches messages.",
  icon: "shuffle",
  help: { description: "Reshape messages between steps with JSONata.", link: "components/transform" },
  functions: { map, filter, split, batch },
});
