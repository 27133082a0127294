/**
 * Bridges the speaker's SpeakerListLike (what main.go calls on internal/speakerlist) to the
 * engine's memberlist implementation.
 *
 * TEMPORARY: until `metallb/speakerlist` lands, this adapter answers UsableSpeakers() with the
 * nodes whose speaker process is running (what a converged memberlist would say, without its
 * failure-detection delays).
 */
import type { SpeakerListLike, SpeakerListParams } from './main';
import { runningSpeakers } from './registry';

export function createSpeakerList(p: SpeakerListParams): SpeakerListLike {
  return {
    Start() {},
    Stop() {
      return 0;
    },
    Rejoin() {},
    UsableSpeakers() {
      return runningSpeakers(p.cluster).map((s) => s.nodeName);
    }
  };
}
