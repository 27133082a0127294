import type { Lab } from '../../../src/lib/engine/lab';
import { resourceId } from '../../../src/lib/engine/k8s/resources';
import type { SessionTimers } from '../../../src/lib/ui/lab-session';

/** Everything the learner could observe, down to resourceVersions, uids and pending timers. */
export function fingerprint(lab: Lab): string {
  const parts: string[] = [`now=${lab.now()}`, `pending=${lab.sim.scheduler.pending()}`, `next=${lab.sim.scheduler.nextAt()}`];
  const c = lab.cluster();
  if (c)
    for (const r of c.api.registry.all())
      for (const o of c.api.list(resourceId(r))) parts.push(`${resourceId(r)} ${o.metadata.namespace ?? ''}/${o.metadata.name} rv=${o.metadata.resourceVersion} uid=${o.metadata.uid}`);
  for (const k of lab.docker.containers()) parts.push(`container ${k.name} ${k.state}`);
  return parts.sort().join('\n');
}

/** Real time and frames under the test's control. */
export class FakeTimers implements SessionTimers {
  t = 0;
  private frames: (() => void)[] = [];
  private timers: { at: number; fn: () => void; dead: boolean }[] = [];
  now = () => this.t;
  frame = (fn: () => void) => {
    this.frames.push(fn);
    return () => (this.frames = this.frames.filter((f) => f !== fn));
  };
  after = (ms: number, fn: () => void) => {
    const e = { at: this.t + ms, fn, dead: false };
    this.timers.push(e);
    return () => (e.dead = true);
  };
  /**
   * Let `ms` of real time pass as frames of 16 ms, waiting for each frame's work (and, with
   * `turns`, for that many macrotasks per frame).
   */
  async play(ms: number, opts: { turns?: number } = {}): Promise<void> {
    for (let done = 0; done < ms; done += 16) {
      // a running command's paced waits need a few turns of the event loop per frame
      for (let i = 0; i < (opts.turns ?? 0); i++) await new Promise((r) => setTimeout(r, 0));
      this.t += 16;
      for (const e of this.timers.filter((x) => !x.dead && x.at <= this.t)) {
        e.dead = true;
        e.fn();
      }
      const due = this.frames.splice(0);
      for (const f of due) f();
      // the frame's advance is async: wait until the clock asks for the next frame
      for (let i = 0; i < 1000 && due.length && !this.frames.length; i++) await new Promise((r) => setTimeout(r, 0));
    }
  }
}
