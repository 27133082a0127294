import { Lab } from '../../../src/lib/engine/lab';
import { IPPROTO_ICMP, echoRequest, encodeIcmp, parseIpv4 } from '../../../src/lib/engine/net';
import { LabShell } from '../../../src/lib/shell';

/** The article's cluster (seed 9) and a shell on the learner's machine. */
export async function labShell(seed = 9): Promise<{ lab: Lab; sh: LabShell }> {
  const lab = await Lab.create({ seed, scenario: 'kind' });
  return { lab, sh: new LabShell(lab) };
}

/** Lines of a text without its final newline. */
export function lines(s: string): string[] {
  return s.replace(/\n$/, '').split('\n');
}

interface InspectEndpoint {
  Name: string;
  MacAddress: string;
  IPv4Address: string;
}

/** name → { ip, mac } from `docker network inspect kind`, as a learner would read them. */
export async function kindEndpoints(sh: LabShell): Promise<Map<string, { ip: string; mac: string }>> {
  const r = await sh.run('docker network inspect kind');
  const [net] = JSON.parse(r.stdout) as { Containers: Record<string, InspectEndpoint> }[];
  return new Map(Object.values(net.Containers).map((e) => [e.Name, { ip: e.IPv4Address.split('/')[0], mac: e.MacAddress }]));
}

/** The bridge gateway's MAC, as `ip link` on the learner's machine shows it. */
export async function gatewayMac(sh: LabShell): Promise<string> {
  const r = await sh.run('ip -br link');
  const br = lines(r.stdout).find((l) => l.startsWith('br-'));
  if (!br) throw new Error('no bridge interface on the host');
  return br.split(/\s+/)[2];
}

/** Have a container's kernel send one echo request `afterMs` from now (a second terminal's ping). */
export function schedulePing(lab: Lab, from: string, to: string, afterMs = 500): void {
  const ns = lab.docker.netnsOf(from);
  const dst = parseIpv4(to);
  if (!ns || dst === null) throw new Error('bad schedulePing arguments');
  lab.sim.scheduler.after(afterMs, 'test: ping from a second terminal', () => {
    ns.sendIpv4({ dst, protocol: IPPROTO_ICMP, payload: encodeIcmp(echoRequest(0x4242, 1, new Uint8Array(56))) });
  });
}
