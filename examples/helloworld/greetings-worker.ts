/** The `greet` worker: a plain function bound to the task type `greet`. */
import { worker } from '@baton/sdk';

export const greet = worker({ taskDefName: 'greet' }, ({ name }: { name: string }) => `Hello ${name}`);
