import { useQuery } from "@tanstack/react-query";

import { staff } from "../api";
import type { ProcessScreen, ViewedDocument } from "./types";

export const keys = {
  process: (id: string) => ["process", id] as const,
  events: (id: string) => ["process", id, "events"] as const,
  document: (id: string) => ["document", id] as const,
};

export function useProcess(id: string) {
  return useQuery({
    queryKey: keys.process(id),
    queryFn: () => staff.process(id) as unknown as Promise<ProcessScreen>,
    // Opened again later: fetched afresh, never shown from an old copy (what the process
    // allows changes with every action, here or elsewhere).
    staleTime: 0,
    gcTime: 0,
  });
}

export function useEvents(id: string, enabled: boolean) {
  return useQuery({ queryKey: keys.events(id), queryFn: () => staff.events(id), enabled, staleTime: 0 });
}

export function useDocument(id: string | null) {
  return useQuery({
    queryKey: keys.document(id ?? ""),
    queryFn: () => staff.document(id!) as unknown as Promise<ViewedDocument>,
    enabled: !!id,
    staleTime: 0,
  });
}
