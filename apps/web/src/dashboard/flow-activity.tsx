import type { DashboardFlow } from "@interflow/api";
import { formatCount } from "@/flows/numbers";

const HEAD = "px-1.5 pb-1 text-right text-[11px] font-medium uppercase tracking-wide text-slate-400";
const LABEL = "py-0.5 pr-1.5 text-left text-xs font-normal text-slate-500";
const NUMBER = "px-1.5 py-0.5 text-right text-sm tabular-nums";

/** Messages a flow took in, tries retried and messages that failed for good, in the last minute and the last hour. */
export function FlowActivity({ flow }: { flow: DashboardFlow }) {
  const errored = (value: number) => (value > 0 ? "font-medium text-red-700" : "text-slate-500");
  const retried = (value: number) => (value > 0 ? "text-amber-700" : "text-slate-500");
  return (
    <table className="border-separate border-spacing-0" data-testid="flow-activity">
      <caption className="sr-only">Messages of {flow.name}</caption>
      <thead>
        <tr>
          <td />
          <th scope="col" className={HEAD}>
            <abbr title="Last minute" className="no-underline">
              1 min
            </abbr>
          </th>
          <th scope="col" className={HEAD}>
            <abbr title="Last hour" className="no-underline">
              1 h
            </abbr>
          </th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row" className={LABEL}>
            Processed
          </th>
          <td className={`${NUMBER} font-medium text-slate-900`} data-testid="processed-last-minute">
            {formatCount(flow.processed.lastMinute)}
          </td>
          <td className={`${NUMBER} text-slate-700`} data-testid="processed-last-hour">
            {formatCount(flow.processed.lastHour)}
          </td>
        </tr>
        <tr>
          <th scope="row" className={LABEL}>
            Retried
          </th>
          <td className={`${NUMBER} ${retried(flow.retried.lastMinute)}`} data-testid="retried-last-minute">
            {formatCount(flow.retried.lastMinute)}
          </td>
          <td className={`${NUMBER} ${retried(flow.retried.lastHour)}`} data-testid="retried-last-hour">
            {formatCount(flow.retried.lastHour)}
          </td>
        </tr>
        <tr>
          <th scope="row" className={LABEL}>
            Failed
          </th>
          <td className={`${NUMBER} ${errored(flow.errored.lastMinute)}`} data-testid="errored-last-minute">
            {formatCount(flow.errored.lastMinute)}
          </td>
          <td className={`${NUMBER} ${errored(flow.errored.lastHour)}`} data-testid="errored-last-hour">
            {formatCount(flow.errored.lastHour)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}
