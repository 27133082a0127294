import { runKubectl } from '../kubectl/main';
import type { LabCommand } from '../types';

/**
 * `kubectl` (alias `k`): kubectl v1.31 against the current kind cluster. The command line,
 * verbs and messages live in ../kubectl/; output printers in ../kubectl/print/.
 */
export const kubectlCommand: LabCommand = {
  name: 'kubectl',
  aliases: ['k'],
  run: (args, ctx) => runKubectl(args, ctx)
};
