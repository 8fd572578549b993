import { useQuery } from "@tanstack/react-query";

import { staff } from "../api";
import type { ProcessScreen, ViewedDocument } from "./types";

export const keys = {
  process: (id: string) => ["process", id] as const,
  events: (id: string) => ["process", id, "events"] as const,
  document: (id: string) => ["document", id] as const,
};

// A process asked for when the app starts on its address, before the screen mounts: the
// screen's first fetch takes it (once), so the cache rules below stay as they are.
const early = new Map<string, Promise<ProcessScreen>>();

export function prefetchProcess(id: string) {
  const request = staff.process(id) as unknown as Promise<ProcessScreen>;
  request.catch(() => undefined); // the screen reports the error, if it comes
  early.set(id, request);
}

function fetchProcess(id: string): Promise<ProcessScreen> {
  const request = early.get(id);
  early.delete(id);
  return request ?? (staff.process(id) as unknown as Promise<ProcessScreen>);
}

export function useProcess(id: string) {
  return useQuery({
    queryKey: keys.process(id),
    queryFn: () => fetchProcess(id),
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
