/**
 * A page that throws while rendering shows what went wrong instead of a blank screen; the rest of the app
 * (the top bar, other pages) keeps working. The parent keys it by path, so navigating away resets it.
 */
import { Component, type ReactNode } from 'react';

interface State {
  error?: Error;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page">
        <div className="error-box" role="alert">
          <strong>This page failed to render</strong>
          <div className="error-message">{this.state.error.message}</div>
        </div>
      </div>
    );
  }
}
