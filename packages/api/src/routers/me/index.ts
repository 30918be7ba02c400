import { router } from "../../trpc";
import { getMeProcedure } from "./get";

export const meRouter = router({
  get: getMeProcedure,
});
