import { z } from "zod";

/** A secret as it comes in: it is sealed at once and never shown again. */
export const secretValueSchema = z.string().min(1, "must not be empty").max(16_384, "at most 16384 characters");
