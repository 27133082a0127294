import { type LabCommand, errOut } from '../types';

/** `kind` (stub: to be implemented). */
export const kindCommand: LabCommand = {
  name: 'kind',
  async run() {
    return errOut('kind: not implemented yet\n', 1);
  }
};
