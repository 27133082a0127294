import type { Clock } from '../sim/clock';
import type { AppContext, AppRegistry, PodApp } from './app';
import type { TcpSim } from './tcp';
import { registerWhoami } from './whoami';

/** Go's log package default prefix: "2006/01/02 15:04:05 ". */
export function goLogTime(clock: Clock): string {
  const d = clock.date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** An app that only writes its start-up lines, then idles. */
function startupLogger(lines: (ctx: AppContext) => string[]): (ctx: AppContext) => PodApp {
  return (ctx) => ({
    start() {
      for (const l of lines(ctx)) ctx.log(l);
    },
    stop: () => 0
  });
}

/**
 * The start-up output of the images a kind cluster and the article run. Apps with behaviour
 * beyond logging (whoami answering HTTP, MetalLB) register their own factories later and take
 * precedence because they are more specific.
 */
export function registerBuiltinApps(apps: AppRegistry, clock: Clock, sim?: TcpSim): void {
  registerWhoami(apps, { clock, sim });
  apps.register(
    'registry.k8s.io/coredns/coredns',
    startupLogger(() => [
      '.:53',
      '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908',
      'CoreDNS-1.11.1',
      'linux/amd64, go1.20.7, ae2bbc2'
    ])
  );
  apps.register(
    'docker.io/kindest/kindnetd',
    startupLogger((ctx) => [
      `I${klogTime(clock)}       1 main.go:148] setting mtu 1500 for CNI `,
      `I${klogTime(clock)}       1 main.go:178] kindnetd IP family: "ipv4"`,
      `I${klogTime(clock)}       1 main.go:182] noMask IPv4 subnets: [${ctx.container.env?.find((e) => e.name === 'POD_SUBNET')?.value ?? ''}]`
    ])
  );
  apps.register(
    'registry.k8s.io/kube-proxy',
    startupLogger(() => [
      `I${klogTime(clock)}       1 server_linux.go:66] "Using iptables proxy"`,
      `I${klogTime(clock)}       1 server_linux.go:169] "Using iptables Proxier"`,
      `I${klogTime(clock)}       1 config.go:197] "Starting service config controller"`,
      `I${klogTime(clock)}       1 config.go:104] "Starting endpoint slice config controller"`
    ])
  );
}

/** klog header time: "1003 09:00:00.000000" (month day, time with microseconds). */
export function klogTime(clock: Clock): string {
  const d = clock.date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(Math.floor(((clock.epochMs + clock.now()) % 1000) * 1000), 6)}`;
}
