import { type LabCommand, errOut } from '../types';

/** `docker` (stub: to be implemented). */
export const dockerCommand: LabCommand = {
  name: 'docker',
  async run() {
    return errOut('docker: not implemented yet\n', 1);
  }
};
