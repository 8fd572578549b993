import { useQuery, useQueryClient } from "@tanstack/react-query";

import { ApiError, type AppContext, fetchContext } from "../api";
import { type Me, staff } from "../staff/api";

/** Where am I and who am I: the host's municipality (or the state) and the user. */
export function useAppContext() {
  return useQuery<AppContext>({ queryKey: ["context"], queryFn: fetchContext, staleTime: Infinity });
}

/** After signing in or out: ask again, and forget everything cached for the old user. */
export function useReloadContext() {
  const client = useQueryClient();
  return async () => {
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== "context" });
    await client.invalidateQueries({ queryKey: ["context"] });
  };
}

/** The staff member on a city host (units, current unit, admin); 403 for non-staff. */
export function useMe(enabled = true) {
  return useQuery<Me, ApiError>({ queryKey: ["me"], queryFn: staff.me, enabled, staleTime: 60_000 });
}
