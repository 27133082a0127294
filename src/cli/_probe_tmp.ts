import { buildLab } from '../lib/shell/scenarios';
import { LabShell } from '../lib/shell/shell';
import { currentOwner } from '../lib/engine/metallb/speaker';
const lab = await buildLab({ scenario: 'l2', seed: Number(process.argv[2] ?? 1) });
const sh = new LabShell(lab);
const c = lab.cluster()!;
const before = lab.sim.trace.all().length;
const t0 = lab.now();
console.log((await sh.run('docker stop myk8s-worker --signal 9')).stdout);
let last = '';
for (let i = 0; i < 70; i++) {
  const owner = currentOwner(c, 'default/svc1');
  const node: any = c.api.get('nodes', undefined, 'myk8s-worker');
  const ready = node.status.conditions.find((x: any) => x.type === 'Ready').status;
  const es: any[] = c.api.list('endpointslices.discovery.k8s.io', 'default').filter((s: any) => s.metadata.labels['kubernetes.io/service-name'] === 'svc1');
  const eps = es.flatMap((s) => s.endpoints.map((e: any) => `${e.nodeName}:${e.conditions.ready}`)).join(',');
  const s = `owner=${owner} ready=${ready} eps=${eps}`;
  if (s !== last) { console.log(((lab.now() - t0)/1000).toFixed(1), s); last = s; }
  await lab.advance(1000);
}
const evs = lab.sim.trace.all().slice(before);
for (const e of evs) if (e.type === 'k8s-event') console.log(((e.t - t0)/1000).toFixed(1), e.object, e.reason, e.message);
for (const e of evs) if (e.type === 'note' && (e.topic === 'memberlist')) console.log(((e.t - t0)/1000).toFixed(1), e.text);
