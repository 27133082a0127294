/**
 * Which machine a MAC or an IP belongs to, for naming the ends of frames. MACs are remembered
 * per lab even after a container is removed (`docker run --rm`), so old frames keep their names.
 */
import type { Lab } from '../lab';

export interface MachineIndex {
  /** MAC (lower case) → container name. */
  byMac: Map<string, string>;
  /** IPv4 → container name (the container's own addresses on every network). */
  byIp: Map<string, string>;
  /** Container name → its spec role ('kind-node', 'client', 'router', 'other'). */
  role: Map<string, string>;
}

const remembered = new WeakMap<Lab, MachineIndex>();

export function machineIndex(lab: Lab): MachineIndex {
  let idx = remembered.get(lab);
  if (!idx) remembered.set(lab, (idx = { byMac: new Map(), byIp: new Map(), role: new Map() }));
  for (const c of lab.docker.containers()) {
    idx.role.set(c.name, c.spec.role);
    for (const e of c.endpoints) {
      idx.byMac.set(e.mac.toLowerCase(), c.name);
      idx.byIp.set(e.ipv4, c.name);
    }
  }
  return idx;
}
