/**
 * Edit a definition as JSON and send it: the text on the left, the outcome on the right (the server's
 * message and each `validationErrors` entry with its field path, or what succeeded).
 */
import { useMemo, useState } from 'react';
import { ApiError } from '../api/client.js';
import { lineOfField, parseJsonObject } from '../json-text.js';
import { ErrorBox } from './ErrorBox.js';
import { JsonEditor, type LineMark } from './JsonEditor.js';

export interface EditorAction {
  label: string;
  primary?: boolean;
  /** Sends the parsed definition; resolves to a sentence saying what happened. */
  run: (definition: Record<string, unknown>) => Promise<string>;
}

interface DefinitionEditorProps {
  initialText: string;
  label: string;
  actions: EditorAction[];
}

export function DefinitionEditor({ initialText, label, actions }: DefinitionEditorProps) {
  const [text, setText] = useState(initialText);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: string } | { error: unknown } | undefined>(undefined);

  const error = outcome && 'error' in outcome ? outcome.error : undefined;
  // The server's field paths, found in the text as it is now (they follow the edits).
  const marks = useMemo((): LineMark[] => {
    if (!(error instanceof ApiError)) return [];
    return error.validationErrors.flatMap((e) => {
      const line = lineOfField(text, e.path);
      return line === undefined ? [] : [{ line, message: `${e.path}: ${e.message}` }];
    });
  }, [error, text]);

  const send = async (action: EditorAction): Promise<void> => {
    const parsed = parseJsonObject(text);
    if (!parsed.ok) {
      setOutcome({ error: new Error(`Not sent: the JSON does not parse (${parsed.message}).`) });
      return;
    }
    setBusy(true);
    setOutcome(undefined);
    try {
      setOutcome({ ok: await action.run(parsed.value as Record<string, unknown>) });
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="definition-editor">
      <div className="definition-editor-text">
        <JsonEditor label={label} value={text} onChange={setText} rows={28} marks={marks} />
        <div className="button-row" data-needs="metadata:write">
          {actions.map((action) => (
            <button
              key={action.label}
              type="button"
              className={action.primary ? 'primary' : undefined}
              disabled={busy}
              onClick={() => void send(action)}
            >
              {action.label}
            </button>
          ))}
        </div>
      </div>
      <div className="definition-editor-outcome" aria-live="polite">
        {outcome === undefined ? (
          <p className="muted">
            Validate asks the server to check the definition without saving it. Errors appear here with the
            path of the field they are about.
          </p>
        ) : 'ok' in outcome ? (
          <div className="success-box" role="status">
            {outcome.ok}
          </div>
        ) : (
          <ErrorBox error={outcome.error} lineOf={(path) => lineOfField(text, path)} />
        )}
      </div>
    </div>
  );
}
