/**
 * Why the best path won, as `show ip bgp <prefix>` prints it after "best": the names of
 * bgpd/bgp_route.c bgp_path_selection_reason2str for the decision steps the lab's bgpd takes
 * (bestpath.ts), found by walking the steps between the best path and the runner-up.
 */
import { type Candidate, DEFAULT_LOCAL_PREF, asPathLength, firstAs } from '../bestpath';

export function selectionReason(best: Candidate, others: readonly Candidate[]): string {
  // the runner-up: the path the best one was last compared with
  const rival = others.find((c) => c !== best);
  if (!rival) return 'First path received';
  const a = best.attrs;
  const b = rival.attrs;
  if ((a.localPref ?? DEFAULT_LOCAL_PREF) !== (b.localPref ?? DEFAULT_LOCAL_PREF)) return 'Local Pref';
  if (asPathLength(a.asPath) !== asPathLength(b.asPath)) return 'AS Path';
  if ((a.origin ?? 2) !== (b.origin ?? 2)) return 'Origin';
  if (firstAs(a.asPath) === firstAs(b.asPath) && (a.med ?? 0) !== (b.med ?? 0)) return 'MED';
  if (best.ebgp !== rival.ebgp) return 'Peer Type';
  if (best.ebgp && rival.ebgp && best.receivedAt !== rival.receivedAt) return 'Older Path';
  if (best.peerId !== rival.peerId) return 'Router ID';
  return 'Neighbor IP';
}
