import type { Messages } from '$lib/i18n';
import type { LaneKind } from './model';

/** A lane's name; the BGP lane's lives in its own dictionary section. */
export function laneName(t: Messages, kind: LaneKind): string {
  return kind === 'bgp' ? t.timelineBgp.lane : t.timeline.lanes[kind];
}
