/** Build an Allocator over parsed pools, as the controller does after a config reload. */
import { parseConfig } from '../../../../src/lib/engine/metallb/config/config';
import type { IPAddressPool } from '../../../../src/lib/engine/metallb/config/types';
import { Allocator } from '../../../../src/lib/engine/metallb/controller/allocator';
import { Rng } from '../../../../src/lib/engine/sim/prng';

export function allocatorFor(
  pools: IPAddressPool[],
  seed = 1,
  namespaces: { metadata: { name: string; labels?: Record<string, string> } }[] = []
): Allocator {
  const r = parseConfig({ pools, namespaces });
  if (!r.ok) throw new Error(r.error);
  const a = new Allocator(new Rng(seed));
  a.setPools(r.config.pools);
  return a;
}
