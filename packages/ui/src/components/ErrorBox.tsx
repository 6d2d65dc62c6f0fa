import { ApiError } from '../api/client.js';

/** A failure as the server put it: its message, and each validation error with its field path. */
interface ErrorBoxProps {
  error: unknown;
  title?: string;
  /** Where a field path sits in the text being edited, to point at it. */
  lineOf?: (path: string) => number | undefined;
}

export function ErrorBox({ error, title, lineOf }: ErrorBoxProps) {
  if (error === undefined || error === null) return null;
  const message =
    error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
  const fields = error instanceof ApiError ? error.validationErrors : [];
  const status = error instanceof ApiError && error.status > 0 ? ` (${error.status})` : '';
  return (
    <div className="error-box" role="alert">
      <strong>
        {title ?? (error instanceof ApiError && error.status > 0 ? 'The server refused' : 'Not done')}
        {status}
      </strong>
      <div className="error-message">{message}</div>
      {fields.length > 0 && (
        <ul className="validation-errors">
          {fields.map((field, i) => (
            <li key={`${field.path}-${i}`}>
              <code className="field-path">{field.path || '(the whole definition)'}</code>
              {lineOf?.(field.path) !== undefined && (
                <span className="field-line"> line {lineOf(field.path)}</span>
              )}{' '}
              {field.message}
              {field.invalidValue !== undefined && (
                <span className="invalid-value"> (got {JSON.stringify(field.invalidValue)})</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
