import { useCallback, useSyncExternalStore } from 'react';

const STORAGE_KEY = 'gongzhi.elderlyMode';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  window.addEventListener('storage', onChange);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** 长辈模式 (large type, few choices, big buttons), remembered on this device. */
export function useElderlyMode(): [boolean, (next: boolean) => void] {
  const isOn = useSyncExternalStore(subscribe, read, () => false);
  const set = useCallback((next: boolean) => {
    try {
      localStorage.setItem(STORAGE_KEY, next ? '1' : '0');
    } catch {
      // Private browsing without storage: the mode still applies until the page is left.
    }
    for (const listener of listeners) listener();
  }, []);
  return [isOn, set];
}
