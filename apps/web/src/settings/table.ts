/** The table looks of the settings tabs (as the flows table). */
export const HEADER_CELL = "whitespace-nowrap px-3 py-3 text-left text-xs font-semibold uppercase tracking-wide text-slate-500 first:pl-6 last:pr-6";
export const CELL = "px-3 py-4 text-sm text-slate-700 first:pl-6 last:pr-6";
export const TABLE = "min-w-full divide-y divide-slate-200";
export const TABLE_HEAD = "bg-slate-50/80";
export const TABLE_BODY = "divide-y divide-slate-100";
