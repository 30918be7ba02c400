import { router } from "../../trpc";
import { getMeProcedure } from "./get";
import { getRightsProcedure } from "./rights";

export const meRouter = router({
  get: getMeProcedure,
  rights: getRightsProcedure,
});
