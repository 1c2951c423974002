// The session token lives in sessionStorage: it survives a reload but not the tab, and no other tab sees it.
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'cape.sessionToken';
const listeners = new Set<() => void>();

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // Storage can be blocked by browser settings: then the session lasts until reload.
  }
}

let memoryToken: string | null = null;

function notify(): void {
  for (const listener of listeners) listener();
}

export const sessionStore = {
  getToken(): string | null {
    const store = storage();
    return store ? store.getItem(STORAGE_KEY) : memoryToken;
  },
  setToken(token: string): void {
    memoryToken = token;
    storage()?.setItem(STORAGE_KEY, token);
    notify();
  },
  clear(): void {
    memoryToken = null;
    storage()?.removeItem(STORAGE_KEY);
    notify();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

export function useSessionToken(): string | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.getToken, () => null);
}
