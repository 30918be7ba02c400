import { useMutation } from "@tanstack/react-query";
import { downloadFile } from "@/components/download-file";
import { useTRPCClient } from "@/trpc/react";

/** Characters no file name may hold on some system (Windows is the strictest), besides control characters. */
const NOT_IN_FILE_NAMES = new Set(["\\", "/", ":", "*", "?", '"', "<", ">", "|"]);

/** "Orders: EU/US" → "Orders- EU-US.json": the flow's name, as a file name. */
export function flowFileName(name: string): string {
  const base = [...name].map((char) => (NOT_IN_FILE_NAMES.has(char) || char < " " ? "-" : char)).join("").trim();
  return `${base || "flow"}.json`;
}

/**
 * Downloads a flow's current version as `<name>.json` (`flows.export`: the document
 * `flows.import` and `interflow flow import` take). Read when asked, never from a cache.
 */
export function useExportFlow() {
  const client = useTRPCClient();
  return useMutation({
    mutationFn: async (flow: { id: string }) => {
      const { document } = await client.flows.export.query({ id: flow.id });
      downloadFile({ fileName: flowFileName(document.name), text: `${JSON.stringify(document, null, 2)}\n`, type: "application/json" });
      return document;
    },
  });
}
