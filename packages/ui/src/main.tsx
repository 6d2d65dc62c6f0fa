import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App.js';
import { LoginGate } from './auth/LoginGate.js';
import { theme } from './preferences/store.js';

// Before the first paint, so a dark page does not flash white.
document.documentElement.dataset.theme = theme();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LoginGate>
      <App />
    </LoginGate>
  </StrictMode>,
);
