import type { ReactNode } from "react";

/** A br-table that scrolls sideways inside itself on a narrow screen (the page never
 * does), with a caption for screen readers. */
export function Table({ caption, children, testId, captionVisible = false }: {
  caption: string;
  children: ReactNode;
  testId?: string;
  captionVisible?: boolean;
}) {
  return (
    <div className="br-table pm-table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="pm-table" data-testid={testId}>
        <caption className={captionVisible ? "pm-caption" : "sr-only"}>{caption}</caption>
        {children}
      </table>
    </div>
  );
}
