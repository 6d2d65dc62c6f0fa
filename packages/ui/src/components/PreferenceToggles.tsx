/** The top bar's switches: UTC or local time, light or dark. The page's theme follows the choice. */
import { useEffect } from 'react';
import { localZoneName } from '../format.js';
import { setTheme, setTimeZoneMode, useTheme, useTimeZoneMode } from '../preferences/store.js';

export function PreferenceToggles() {
  const zone = useTimeZoneMode();
  const theme = useTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="preference-toggles">
      <button
        type="button"
        className="nav-toggle"
        onClick={() => setTimeZoneMode(zone === 'utc' ? 'local' : 'utc')}
        title={zone === 'utc' ? `Show times in local time (${localZoneName()})` : 'Show times in UTC'}
        data-testid="time-zone-toggle"
      >
        {zone === 'utc' ? 'Times: UTC' : `Times: local (${localZoneName()})`}
      </button>
      <button
        type="button"
        className="nav-toggle"
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        aria-pressed={theme === 'dark'}
        data-testid="theme-toggle"
      >
        {theme === 'dark' ? '☾ Dark' : '☀ Light'}
      </button>
    </div>
  );
}
