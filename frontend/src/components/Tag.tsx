import type { ReactNode } from "react";

const TONES = {
  info: "pm-tag-info",
  success: "pm-tag-success",
  warning: "pm-tag-warning",
  danger: "pm-tag-danger",
  muted: "pm-tag-muted",
};

/** A br-tag chip (status, marker, level). `color` paints it with a marker colour. */
export function Tag({ children, tone = "info", color, title, icon, testId }: {
  children: ReactNode;
  tone?: keyof typeof TONES;
  color?: string;
  title?: string;
  icon?: string;
  testId?: string;
}) {
  return (
    <span className={`br-tag small pm-tag ${color ? "" : TONES[tone]}`.trim()} data-color={color} title={title}
      data-testid={testId}>
      {icon && <i className={`fas ${icon}`} aria-hidden="true"></i>}
      <span>{children}</span>
    </span>
  );
}
