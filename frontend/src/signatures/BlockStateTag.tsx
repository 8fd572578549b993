import type { BlockState } from "./blocksApi";

const TAG: Record<BlockState, string> = {
  open: "pm-tag-info", available: "pm-tag-warning", returned: "pm-tag-success", concluded: "pm-tag-muted",
};

export function BlockStateTag({ state, label }: { state: BlockState; label: string }) {
  return <span className={`pm-tag ${TAG[state]}`} data-testid="block-state">{label}</span>;
}
