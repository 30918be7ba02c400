/** The button looks of the web app, one per kind of action. */
const FOCUS = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

/** The one action a form or dialog is for. */
export const PRIMARY_BUTTON = `inline-flex items-center justify-center gap-1.5 rounded-lg bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white shadow-xs transition hover:bg-indigo-500 disabled:opacity-60 ${FOCUS}`;

/** Everything else: cancel, secondary actions. */
export const SECONDARY_BUTTON = `inline-flex items-center justify-center gap-1.5 rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs transition hover:bg-slate-50 disabled:opacity-60 ${FOCUS}`;

/** Confirming something that cannot be undone (remove, revoke). */
export const DANGER_BUTTON = `inline-flex items-center justify-center gap-1.5 rounded-lg bg-red-600 px-3.5 py-2 text-sm font-semibold text-white shadow-xs transition hover:bg-red-500 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600`;

/** Asking to remove or revoke, in a table row (the dialog that follows confirms). */
export const QUIET_DANGER_BUTTON = `rounded-md px-2 py-1 text-sm font-medium text-red-700 transition hover:bg-red-50 disabled:opacity-60 ${FOCUS}`;

/** Inputs and selects outside the sign-in forms. */
export const INPUT = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs outline-none focus:border-indigo-500 focus:ring-4 focus:ring-indigo-500/15 disabled:bg-slate-50 disabled:text-slate-500";

const FLOW_ACTION = `inline-flex items-center justify-center gap-1.5 rounded-lg border border-slate-300 bg-white font-medium text-slate-700 shadow-xs transition hover:bg-slate-50 disabled:cursor-not-allowed disabled:border-slate-200 disabled:bg-slate-50 disabled:text-slate-400 disabled:shadow-none ${FOCUS}`;

/** A flow's start, stop, suspend and resume; one not possible now stays in its place, greyed. */
export const FLOW_ACTION_BUTTON = `${FLOW_ACTION} px-3 py-1.5 text-sm`;

/** The same in a dense row (the dashboard). */
export const SMALL_FLOW_ACTION_BUTTON = `${FLOW_ACTION} px-2.5 py-1 text-xs`;
