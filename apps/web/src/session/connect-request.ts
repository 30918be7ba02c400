import { z } from "zod";

/** Body of POST /api/session. */
export const connectRequestSchema = z.object({
  token: z.string().trim().min(1, "Paste your API token first."),
});
