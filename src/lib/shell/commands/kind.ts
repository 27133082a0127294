import { kindMain } from '../kind/root';
import type { LabCommand } from '../types';
import { commandNotFound } from './in-container';

/** `kind` v0.24 against the lab's kind provider (see ../kind/). */
export const kindCommand: LabCommand = {
  name: 'kind',
  async run(args, ctx) {
    // kind runs on the learner's machine, not inside the containers it creates.
    if (ctx.container) return commandNotFound('kind');
    return kindMain(ctx, args);
  }
};
