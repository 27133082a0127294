import type { LabCommand } from '../types';
import { curlCommand } from './curl';
import { dateCommand } from './date';
import { dockerCommand } from './docker';
import { inContainerCommands } from './in-container';
import { kindCommand } from './kind';
import { kubectlCommand } from './kubectl';
import { sleepCommand } from './sleep';
import { uniqCommand } from './uniq';
import { arpScanCommand } from './arpscan';
import { ipCommand } from './ip';
import { arpCommand } from './arp';
import { pingCommand } from './ping';
import { tcpdumpCommand } from './tcpdump';
import { iptablesCommands } from './iptables';
import { vtyshCommand } from './vtysh';
import { sysctlCommand } from './sysctl';

/** Every command the lab adds to (or replaces in) just-bash. */
export function labCommands(): LabCommand[] {
  return [kubectlCommand, dockerCommand, kindCommand, sleepCommand, uniqCommand, dateCommand, ...inContainerCommands, curlCommand, arpScanCommand, ipCommand, arpCommand, pingCommand, tcpdumpCommand, ...iptablesCommands, vtyshCommand, sysctlCommand];
}
