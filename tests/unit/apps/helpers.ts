/** Hosts on one bridge, a whoami on one of them, and a stub shell context for curl. */
import type { AppContext } from '../../../src/lib/engine/apps/app';
import { WhoamiApp } from '../../../src/lib/engine/apps/whoami';
import type { Pod } from '../../../src/lib/engine/k8s/types';
import { Bridge, type FrameObservation, NetHost, parseIpv4 } from '../../../src/lib/engine/net';
import { type Sim, createSim } from '../../../src/lib/engine/sim';
import type { CurlNet } from '../../../src/lib/shell/curl/run';
import type { ShellContext } from '../../../src/lib/shell/types';

export const ip = (s: string): number => {
  const n = parseIpv4(s);
  if (n === null) throw new Error(`bad ip ${s}`);
  return n;
};

export interface Net {
  sim: Sim;
  bridge: Bridge;
  frames: FrameObservation[];
  a: NetHost;
  b: NetHost;
}

/** A (172.18.0.100, "mypc") and B (172.18.0.3) on the kind bridge, both with IPv6 link-locals. */
export function twoHosts(seed = 11): Net {
  const sim = createSim(seed);
  const bridge = new Bridge('kind', sim);
  const frames: FrameObservation[] = [];
  bridge.observe((f) => frames.push(f));
  const a = new NetHost('mypc', sim, { ipv6: true });
  a.attachBridge({ bridge, mac: '02:42:ac:12:00:64', ip: ip('172.18.0.100'), prefix: 16, gateway: ip('172.18.0.1') });
  const b = new NetHost('webpod1', sim, { ipv6: true });
  b.attachBridge({ bridge, mac: 'a2:b1:c2:d3:e4:f5', ip: ip('172.18.0.3'), prefix: 16, gateway: ip('172.18.0.1') });
  return { sim, bridge, frames, a, b };
}

export function fakePod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', creationTimestamp: '2024-10-03T09:00:00Z' },
    spec: { containers: [{ name: 'web', image: 'traefik/whoami' }] },
    status: { phase: 'Running' }
  } as Pod;
}

/** whoami started directly in a namespace, with its log lines collected. */
export function startWhoami(sim: Sim, netns: NetHost, podName = 'webpod1', opts: { args?: string[]; env?: { name: string; value: string }[]; withSim?: boolean } = {}): { app: WhoamiApp; logs: string[] } {
  const logs: string[] = [];
  const ctx: AppContext = {
    pod: fakePod(podName),
    container: { name: 'web', image: 'traefik/whoami', args: opts.args, env: opts.env },
    nodeName: 'myk8s-worker',
    log: (l) => logs.push(l),
    netns
  };
  const app = new WhoamiApp(ctx, { clock: sim.clock, sim: opts.withSim === false ? undefined : sim });
  app.start();
  return { app, logs };
}

/** A ShellContext good enough for curl: time passes on the given simulation. */
export function stubCtx(sim: Sim, opts: { signal?: AbortSignal; files?: Map<string, string> } = {}): ShellContext {
  const files = opts.files ?? new Map<string, string>();
  return {
    lab: undefined as unknown as ShellContext['lab'],
    container: 'mypc',
    stdin: '',
    env: new Map(),
    cwd: '/root',
    signal: opts.signal,
    exec: async (script, o = {}) => {
      const w = /^cat > '?([^']+)'?$/.exec(script);
      if (w) {
        if (w[1].startsWith('/nonexistent/')) return { stdout: '', stderr: `bash: ${w[1]}: No such file or directory\n`, exitCode: 1 };
        files.set(w[1], o.stdin ?? '');
        return { stdout: '', stderr: '', exitCode: 0 };
      }
      const r = /^cat '?([^']+)'?$/.exec(script);
      if (r && files.has(r[1])) return { stdout: files.get(r[1]) ?? '', stderr: '', exitCode: 0 };
      return { stdout: '', stderr: 'cat: no such file\n', exitCode: 1 };
    },
    advance: async (ms) => {
      await sim.scheduler.advance(ms);
    }
  };
}

export function curlNet(net: { sim: Sim }, host: NetHost): CurlNet {
  return { netns: host, sim: net.sim };
}
