import type { Component } from 'svelte';
import type { Lang, Messages } from '$lib/i18n';
import type { LabSession } from '../lab-session';
import type { KindFilter } from './inspector/model';

/** The pictures of a lab, by name (the playground's tabs, the lessons' step figures). */
export type ViewName = 'topology' | 'timeline' | 'packets' | 'chart' | 'election' | 'failover';

export interface ViewProps {
  session: LabSession | null;
  t: Messages;
  lang: Lang;
  runCommand?: (line: string) => void;
  /** The packet list's first filter (a step figure's choice; the other views ignore it). */
  packetFilter?: KindFilter;
}

type Loaded = Component<ViewProps>;

// Each view pulls in the engine's read-model: loaded on demand so a lesson's first paint
// carries none of it (the lab itself is loaded after first paint too).
const LOADERS: Record<ViewName, () => Promise<{ default: unknown }>> = {
  topology: () => import('./topology/Topology.svelte'),
  timeline: () => import('./timeline/Timeline.svelte'),
  packets: () => import('./inspector/PacketList.svelte'),
  chart: () => import('./chart/AnswerChart.svelte'),
  election: () => import('./election/ElectionExplorer.svelte'),
  failover: () => import('./compare/FailoverCompare.svelte')
};

const cache = new Map<ViewName, Promise<Loaded>>();

export function loadView(name: ViewName): Promise<Loaded> {
  let p = cache.get(name);
  if (!p) {
    p = LOADERS[name]().then((m) => m.default as Loaded);
    cache.set(name, p);
  }
  return p;
}
