import type { ReactNode } from 'react';

/** The three things a screen shows before it has content: loading, nothing, or a sentence and an action. */
export function Loading({ what }: { what: string }) {
  return (
    <div className="state loading" aria-busy="true">
      Loading {what}…
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}
