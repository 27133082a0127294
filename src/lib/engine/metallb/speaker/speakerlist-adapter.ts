/**
 * Bridges main.go's use of internal/speakerlist (speakerlist.New, Start, UsableSpeakers, Rejoin,
 * Stop) to the engine's SpeakerList (metallb/speakerlist), which runs hashicorp/memberlist over
 * the node's network namespace on UDP/TCP 7946.
 */
import type { Pod } from '../../k8s/types';
import { selectorMatches } from '../config/selector';
import { SpeakerList } from '../speakerlist/speakerlist';
import type { SpeakerListLike, SpeakerListParams } from './main';

/** "app=metallb,component=speaker" → matchLabels. */
function parseLabels(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

export function createSpeakerList(p: SpeakerListParams): SpeakerListLike {
  const sim = p.cluster.sim;
  const created = SpeakerList.create({
    nodeName: p.nodeName,
    bindAddr: p.bindAddr,
    labels: p.labels,
    secret: p.secretKey ?? '',
    host: p.host,
    sim: { scheduler: sim.scheduler, rng: p.rng, trace: sim.trace },
    log: ({ level, caller, ...fields }) => p.logger.log(level, caller, fields),
    forceSync: p.forceSync
  });
  const sl = created.ok ? created.speakerList : null;
  const selector = { matchLabels: parseLabels(p.labels) };
  /** client.PodIPs: the IPs of the pods the ML labels select, in the speaker's namespace. */
  const discover = (): string[] => {
    if (!p.cluster.apiUp()) return [];
    return p.cluster.api
      .list<Pod>('pods', p.namespace)
      .filter((pod) => selectorMatches(selector, pod.metadata.labels))
      .map((pod) => pod.status?.podIP ?? '')
      .filter((ip) => ip !== '');
  };
  return {
    // Start does not join by itself: the layer-2 handler's Rejoin on its own Node does.
    Start: () => sl?.start(discover, { joinNow: false }),
    Stop: (graceful, done) => (sl ? sl.stop(graceful, done) : (done?.(), 0)),
    Rejoin: () => sl?.rejoin(),
    UsableSpeakers: () => sl?.usableSpeakers() ?? new Set<string>(),
    pause: () => sl?.pause(),
    resume: () => sl?.resume(),
    memberStates: () => sl?.memberlist?.memberStates() ?? [],
    failed: created.ok ? null : created.error
  };
}
