/**
 * The viewer's display choices, kept in localStorage so they survive a reload: the time zone times are shown
 * in, and the colour theme (which follows the system's `prefers-color-scheme` until the viewer picks one).
 */
import { useSyncExternalStore } from 'react';

export type TimeZoneMode = 'local' | 'utc';
export type Theme = 'light' | 'dark';

export const TIME_ZONE_KEY = 'baton.timeZone';
export const THEME_KEY = 'baton.theme';
const CHANGE = 'baton:preferences';
const DARK_QUERY = '(prefers-color-scheme: dark)';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled: the defaults hold
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // storage disabled: the choice lasts until the page is left
  }
  window.dispatchEvent(new Event(CHANGE));
}

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(DARK_QUERY);
  window.addEventListener(CHANGE, onChange);
  window.addEventListener('storage', onChange); // another tab changed it
  media.addEventListener('change', onChange);
  return () => {
    window.removeEventListener(CHANGE, onChange);
    window.removeEventListener('storage', onChange);
    media.removeEventListener('change', onChange);
  };
}

export const timeZoneMode = (): TimeZoneMode => (read(TIME_ZONE_KEY) === 'utc' ? 'utc' : 'local');

export function theme(): Theme {
  const chosen = read(THEME_KEY);
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

export const setTimeZoneMode = (mode: TimeZoneMode): void => write(TIME_ZONE_KEY, mode);
export const setTheme = (value: Theme): void => write(THEME_KEY, value);

export const useTimeZoneMode = (): TimeZoneMode => useSyncExternalStore(subscribe, timeZoneMode);
export const useTheme = (): Theme => useSyncExternalStore(subscribe, theme);
