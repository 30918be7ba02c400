import { DateTime } from "@/components/date-time";
import type { RouterOutputs } from "@/trpc/outputs";
import { CELL, HEADER_CELL } from "./detail-section";

export type FlowVersion = RouterOutputs["flows"]["versions"]["versions"][number];

const RESTORE_BUTTON =
  "-my-1 rounded-md px-2 py-1 text-sm font-medium text-indigo-700 transition hover:bg-indigo-50 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

interface VersionHistoryProps {
  versions: FlowVersion[];
  /** owners and editors: Restore on each version but the current one; null for viewers */
  onRestore: ((version: FlowVersion) => void) | null;
}

/** Every version of the flow, newest first: its number, when and by whom it was made, the current one marked. */
export function VersionHistory({ versions, onRestore }: VersionHistoryProps) {
  return (
    <table className="min-w-full divide-y divide-slate-200" data-testid="version-history">
      <caption className="sr-only">Versions of this flow, newest first</caption>
      <thead className="bg-slate-50/80">
        <tr>
          <th scope="col" className={HEADER_CELL}>
            Version
          </th>
          <th scope="col" className={HEADER_CELL}>
            Made
          </th>
          <th scope="col" className={HEADER_CELL}>
            By
          </th>
          {onRestore && (
            <th scope="col" className={HEADER_CELL}>
              <span className="sr-only">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {versions.map((version) => (
          <tr key={version.version} data-testid="version-row" data-version={version.version} data-current={version.current || undefined}>
            <th scope="row" className={`${CELL} whitespace-nowrap text-left font-normal`}>
              <span className="inline-flex items-center gap-2">
                <span className="font-medium tabular-nums text-slate-900" data-testid="version-number">
                  v{version.version}
                </span>
                {version.current && (
                  <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-inset ring-indigo-600/20" data-testid="version-current">
                    Current
                  </span>
                )}
              </span>
            </th>
            <td className={`${CELL} whitespace-nowrap tabular-nums text-slate-600`}>
              <DateTime value={version.createdAt} format="seconds" />
            </td>
            <td className={`${CELL} break-words text-slate-700`} data-testid="version-author">
              {version.author ?? <span className="text-slate-400">Not recorded</span>}
            </td>
            {onRestore && (
              <td className={`${CELL} w-0 whitespace-nowrap text-right`}>
                {!version.current && (
                  <button type="button" className={RESTORE_BUTTON} aria-label={`Restore version ${version.version}`} onClick={() => onRestore(version)}>
                    Restore
                  </button>
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
