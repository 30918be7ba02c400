import { SECONDARY_BUTTON } from "@/components/button-styles";
import { formatCount } from "@/flows/numbers";

/** The API counts matches up to this many. */
const COUNTED_UP_TO = 100_000;

interface PagerProps {
  /** items before this page, this page's and all that match */
  offset: number;
  shown: number;
  total: number;
  /** more follow this page */
  more: boolean;
  onNewer: (() => void) | null;
  onOlder: () => void;
  /** what is listed ("executions") */
  what: string;
  testId: string;
}

/** "26–50 of 120 executions", Newer, Older. */
export function Pager({ offset, shown, total, more, onNewer, onOlder, what, testId }: PagerProps) {
  const totalText = total >= COUNTED_UP_TO ? `${formatCount(COUNTED_UP_TO)}+` : formatCount(total);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 px-5 py-3" data-testid={testId}>
      <p className="text-sm text-slate-600" data-testid={`${testId}-range`}>
        {shown === 0 ? `0 of ${totalText} ${what}` : `${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${totalText} ${what}`}
      </p>
      <div className="flex gap-2">
        <button type="button" className={SECONDARY_BUTTON} disabled={!onNewer} onClick={() => onNewer?.()}>
          Newer
        </button>
        <button type="button" className={SECONDARY_BUTTON} disabled={!more} onClick={onOlder}>
          Older
        </button>
      </div>
    </div>
  );
}
