import { dockerMain } from '../docker/root';
import type { LabCommand } from '../types';
import { commandNotFound } from './in-container';

/** `docker`: the Docker 28 CLI against the lab's Docker engine (see ../docker/). */
export const dockerCommand: LabCommand = {
  name: 'docker',
  async run(args, ctx) {
    // The docker CLI lives on the learner's machine, not inside the containers.
    if (ctx.container) return commandNotFound('docker');
    return dockerMain(ctx, args);
  }
};
