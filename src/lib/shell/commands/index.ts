import type { LabCommand } from '../types';
import { dockerCommand } from './docker';
import { inContainerCommands } from './in-container';
import { kindCommand } from './kind';
import { kubectlCommand } from './kubectl';
import { sleepCommand } from './sleep';
import { uniqCommand } from './uniq';

/** Every command the lab adds to (or replaces in) just-bash. */
export function labCommands(): LabCommand[] {
  return [kubectlCommand, dockerCommand, kindCommand, sleepCommand, uniqCommand, ...inContainerCommands];
}
