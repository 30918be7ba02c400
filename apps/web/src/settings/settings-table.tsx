import type { ReactNode } from "react";
import { HEADER_CELL, TABLE, TABLE_BODY, TABLE_HEAD } from "./table";

/** A column heading; `hidden` ones are read out but not shown (the actions column). */
export type Column = string | { label: string; hidden: true };

/**
 * A table of a settings tab: caption for screen readers, one header row, the rows given. A column
 * left out for some people (e.g. an owners-only one) is passed as `false`.
 */
export function SettingsTable({ caption, columns, testId, children }: { caption: ReactNode; columns: ReadonlyArray<Column | false>; testId: string; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className={TABLE} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className={TABLE_HEAD}>
          <tr>
            {columns.filter((column): column is Column => column !== false).map((column) => (
              <th key={typeof column === "string" ? column : column.label} scope="col" className={HEADER_CELL}>
                {typeof column === "string" ? column : <span className="sr-only">{column.label}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={TABLE_BODY}>{children}</tbody>
      </table>
    </div>
  );
}
