import { type LabCommand, errOut } from '../types';

/** `kubectl` (stub: to be implemented). */
export const kubectlCommand: LabCommand = {
  name: 'kubectl',
  async run() {
    return errOut('kubectl: not implemented yet\n', 1);
  }
};
