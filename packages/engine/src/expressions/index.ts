/** Conductor parameter expressions (`${...}`, §4.2): a pure evaluator over a workflow's state. */
export { buildExpressionContext } from './context.js';
export type { ExpressionContext, ExpressionContextOptions } from './context.js';
export { resolveParameters } from './resolve-parameters.js';
