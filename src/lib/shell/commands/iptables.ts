/**
 * `iptables` and `iptables-save` (iptables 1.8.9, nf_tables backend, as in kindest/node v1.31):
 * on a kind node they show kube-proxy's real rules; inside other containers their own (empty)
 * tables; on the learner's machine the Docker host's. Changes act on real traffic (see
 * ../iptables/target.ts).
 */
import { runIptables, runIptablesSave } from '../iptables/cli';
import { iptablesTarget } from '../iptables/target';
import { type LabCommand, errOut } from '../types';

export const iptablesCommand: LabCommand = {
  name: 'iptables',
  aliases: ['iptables-nft'],
  async run(args, ctx) {
    const t = iptablesTarget(ctx);
    if (!t) return errOut('iptables v1.8.9 (nf_tables): Could not fetch rule set generation id: Invalid argument\n', 4);
    return runIptables(args, t, 'iptables');
  }
};

export const iptablesSaveCommand: LabCommand = {
  name: 'iptables-save',
  aliases: ['iptables-nft-save'],
  async run(args, ctx) {
    const t = iptablesTarget(ctx);
    if (!t) return errOut('iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Invalid argument\n', 4);
    return runIptablesSave(args, t, 'iptables-save');
  }
};

export const iptablesCommands: LabCommand[] = [iptablesCommand, iptablesSaveCommand];
