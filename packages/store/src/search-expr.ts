/** Shape tests on a parsed search filter, shared by the SQLite and PostgreSQL compilers. */
import type { SearchExpr } from '@baton/protocol';

/** True when the subtree has text matches and nothing else. */
export function onlyText(expr: SearchExpr): boolean {
  if (expr.kind === 'text') return true;
  if (expr.kind === 'and' || expr.kind === 'or') return onlyText(expr.left) && onlyText(expr.right);
  return false;
}

/** Every field the filter names. */
export function fieldsOf(expr: SearchExpr | undefined, into = new Set<string>()): Set<string> {
  if (!expr) return into;
  switch (expr.kind) {
    case 'text':
      return into;
    case 'and':
    case 'or':
      fieldsOf(expr.left, into);
      return fieldsOf(expr.right, into);
    default:
      return into.add(expr.field);
  }
}
