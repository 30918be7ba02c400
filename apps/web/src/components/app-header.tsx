import { DisconnectButton } from "./disconnect-button";
import { InterflowMark } from "./interflow-mark";

export function AppHeader({ connected }: { connected: boolean }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between px-6">
        <a href="/" className="flex items-center gap-2.5 rounded-md text-lg font-semibold tracking-tight text-slate-900">
          <InterflowMark className="size-8" />
          Interflow
        </a>
        {connected && (
          <div className="flex items-center gap-4">
            <span className="hidden items-center gap-2 text-sm text-slate-500 sm:flex">
              <span aria-hidden="true" className="size-2 rounded-full bg-emerald-500" />
              Connected
            </span>
            <DisconnectButton />
          </div>
        )}
      </div>
    </header>
  );
}
