import { describe, expect, test } from 'vitest';
import { Bridge, IPPROTO_UDP, NetHost, decodeUdp, encodeUdp, formatIpv4, parseIpv4 } from '../../../src/lib/engine/net';
import { KubeProxy, installKindNodeDataPath, listRules, ruleLine } from '../../../src/lib/engine/kubeproxy';
import { createSim } from '../../../src/lib/engine/sim';
import { type IptablesTarget, runIptables, runIptablesSave } from '../../../src/lib/shell/iptables/cli';
import { parseIptables } from '../../../src/lib/shell/iptables/parse';
import { FakeApi, fakeCluster, service, slice } from './helpers';

const ip = (s: string) => parseIpv4(s)!;

/** A word splitter for iptables -S lines (double quotes with backslash escapes), as a shell reads them. */
function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      inWord = true;
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\') i++;
        cur += line[i];
      }
    } else if (c === ' ') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

async function node() {
  const sim = createSim(9);
  const kind = new Bridge('kind', sim);
  const w = new NetHost('myk8s-worker', sim, { ipForward: true, traceNeigh: false });
  w.attachBridge({ bridge: kind, mac: '02:42:ac:12:00:03', ip: ip('172.18.0.3'), prefix: 16, gateway: ip('172.18.0.1') });
  const peer = new NetHost('myk8s-worker2', sim, { traceNeigh: false });
  peer.attachBridge({ bridge: kind, mac: '02:42:ac:12:00:04', ip: ip('172.18.0.4'), prefix: 16, gateway: ip('172.18.0.1') });
  const api = new FakeApi();
  api.put(service('svc1', { clusterIP: '10.200.1.143', lbIP: '172.18.255.201', nodePort: 31234 }));
  api.put(slice('svc1', [{ ip: '10.10.1.3', node: 'myk8s-worker' }, { ip: '10.10.2.4', node: 'myk8s-worker2' }]));
  api.put(service('svc2', { clusterIP: '10.200.1.50', lbIP: '172.18.255.202', nodePort: 31000, etp: 'Local', hcNodePort: 32100 }));
  api.put(slice('svc2', [{ ip: '10.10.2.4', node: 'myk8s-worker2' }]));
  api.put(service('dns', { clusterIP: '10.200.1.10', port: 53, portName: 'dns', protocol: 'UDP' }));
  api.put(slice('dns', [{ ip: '10.10.0.2', node: 'myk8s-control-plane' }, { ip: '10.10.0.3', node: 'myk8s-control-plane' }], { port: 53, portName: 'dns', protocol: 'UDP' }));
  api.put(service('empty', { clusterIP: '10.200.1.60' }));
  const kp = new KubeProxy(fakeCluster(sim, api, { 'myk8s-worker': w }), 'myk8s-worker');
  kp.start();
  await sim.scheduler.advance(10);
  let activated = 0;
  const target: IptablesTarget = {
    nf: kp.netfilter()!,
    activate: () => {
      activated++;
      installKindNodeDataPath(w, sim);
    },
    date: () => sim.clock.date()
  };
  const run = (line: string) => runIptables(words(line), target);
  return { sim, w, peer, kp, target, run, activated: () => activated };
}

describe('iptables -S / -L / iptables-save', () => {
  test('-t nat -S is the table, -S CHAIN one chain, default table filter', async () => {
    const { kp, run } = await node();
    const nat = run('-t nat -S');
    expect(nat.exitCode).toBe(0);
    expect(nat.stdout).toBe(listRules(kp.table('nat')!)!.map((l) => `${l}\n`).join(''));
    expect(run('-S').stdout.split('\n')[0]).toBe('-P INPUT ACCEPT');
    expect(run('-t nat -S KUBE-SVC-DLGPAL4ZCYSJ7UPR').stdout.split('\n')[0]).toBe('-N KUBE-SVC-DLGPAL4ZCYSJ7UPR');
    expect(run('-t nat -S KUBE-SVC-DLGPAL4ZCYSJ7UPR 2').stdout).toContain('-> 10.10.1.3:80');
    expect(run('--table=nat --list-rules KUBE-MARK-MASQ').stdout).toBe('-N KUBE-MARK-MASQ\n-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n');
  });

  test('-nvL style clusters and long options are accepted', async () => {
    const { run } = await node();
    const a = run('-t nat -nvL KUBE-SVC-DLGPAL4ZCYSJ7UPR');
    const b = run('-t nat -L KUBE-SVC-DLGPAL4ZCYSJ7UPR -n -v');
    const c = run('--table nat --list KUBE-SVC-DLGPAL4ZCYSJ7UPR --numeric --verbose');
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).toBe(b.stdout);
    expect(b.stdout.split('\n')[1]!.trimEnd()).toBe(' pkts bytes target     prot opt in     out     source               destination');
    expect(run('-tnat -L PREROUTING').stdout.split('\n')[0]).toBe('Chain PREROUTING (policy ACCEPT)');
  });

  test('every rule kube-proxy wrote reads back to the same text (print → parse → print)', async () => {
    const { kp } = await node();
    for (const table of ['nat', 'filter'] as const) {
      const lines = listRules(kp.table(table)!)!.filter((l) => l.startsWith('-A '));
      expect(lines.length).toBeGreaterThan(10);
      for (const l of lines) {
        const p = parseIptables(['-t', table, ...words(l)]);
        expect(p.ok, l).toBe(true);
        if (!p.ok || p.value.cmd.op !== 'A') continue;
        expect(ruleLine(p.value.cmd.chain, p.value.rule)).toBe(l);
      }
    }
  });

  test('iptables-save: tables in nft order, header, :CHAIN lines, COMMIT, footer', async () => {
    const { target } = await node();
    const out = runIptablesSave([], target).stdout.split('\n');
    expect(out.filter((l) => l.startsWith('*'))).toEqual(['*mangle', '*filter', '*nat']);
    expect(out[0]).toBe('# Generated by iptables-save v1.8.9 (nf_tables) on Thu Oct  3 09:00:00 2024');
    expect(out.slice(1, 10)).toEqual([
      '*mangle',
      ':PREROUTING ACCEPT [0:0]',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':POSTROUTING ACCEPT [0:0]',
      ':KUBE-IPTABLES-HINT - [0:0]',
      ':KUBE-KUBELET-CANARY - [0:0]',
      ':KUBE-PROXY-CANARY - [0:0]'
    ]);
    expect(out.filter((l) => l === 'COMMIT').length).toBe(3);
    const nat = runIptablesSave(['-t', 'nat'], target).stdout.split('\n');
    expect(nat[1]).toBe('*nat');
    expect(nat).toContain('-A KUBE-SERVICES -d 10.200.1.10/32 -p udp -m comment --comment "default/dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-' + nat.find((l) => l.includes('default/dns:dns cluster IP') && l.startsWith('-A KUBE-SERVICES'))!.split('KUBE-SVC-')[1]);
    expect(nat.at(-2)).toBe('# Completed on Thu Oct  3 09:00:00 2024');
  });
});

describe('errors as iptables 1.8.9 prints them', () => {
  test.each([
    ['-t nat -S KUBE-NOPE', 1, 'iptables: No chain/target/match by that name.\n'],
    ['-L NOPE', 1, 'iptables: No chain/target/match by that name.\n'],
    ['-S --foo', 2, 'iptables v1.8.9 (nf_tables): unknown option "--foo"\nTry `iptables -h\' or \'iptables --help\' for more information.\n'],
    ['-t bogus -S', 3, "iptables v1.8.9 (nf_tables): table 'bogus' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n"],
    ['-A INPUT --dport 7946 -j DROP', 2, 'iptables v1.8.9 (nf_tables): unknown option "--dport"\nTry `iptables -h\' or \'iptables --help\' for more information.\n'],
    ['-A', 2, 'iptables v1.8.9 (nf_tables): option "-A" requires an argument\nTry `iptables -h\' or \'iptables --help\' for more information.\n'],
    ['-n', 2, 'iptables v1.8.9 (nf_tables): no command specified\nTry `iptables -h\' or \'iptables --help\' for more information.\n'],
    ['-A NOPE -j DROP', 1, 'iptables: No chain/target/match by that name.\n'],
    ['-A INPUT -j NOPE', 1, 'iptables: No chain/target/match by that name.\n'],
    ['-D INPUT -p tcp --dport 1 -j DROP', 1, 'iptables: Bad rule (does a matching rule exist in that chain?).\n'],
    ['-D INPUT 99', 1, 'iptables: Index of deletion too big.\n'],
    ['-I INPUT 99 -j ACCEPT', 1, 'iptables: Index of insertion too big.\n'],
    ['-A INPUT -p foo -j DROP', 2, 'iptables v1.8.9 (nf_tables): unknown protocol "foo" specified\nTry `iptables -h\' or \'iptables --help\' for more information.\n'],
    ['-A INPUT -s 1.2.3 -j DROP', 2, "iptables v1.8.9 (nf_tables): host/network `1.2.3' not found\nTry `iptables -h' or 'iptables --help' for more information.\n"],
    ['-A INPUT -m bogus -j DROP', 2, "iptables v1.8.9 (nf_tables): Couldn't load match `bogus':No such file or directory\nTry `iptables -h' or 'iptables --help' for more information.\n"],
    ['-L -A INPUT', 2, "iptables v1.8.9 (nf_tables): Can't use -A with -L\nTry `iptables -h' or 'iptables --help' for more information.\n"],
    ['-L INPUT -p tcp', 2, "iptables v1.8.9 (nf_tables): Illegal option `-p' with this command\nTry `iptables -h' or 'iptables --help' for more information.\n"],
    ['-N KUBE-FORWARD', 1, 'iptables: Chain already exists.\n'],
    ['-P KUBE-FORWARD DROP', 1, 'iptables: Bad built-in chain name.\n']
  ])('iptables %s → exit %i', async (line, code, stderr) => {
    const { run } = await node();
    const r = run(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exitCode).toBe(code);
    expect(r.stdout).toBe('');
  });

  test('-V and -h', async () => {
    const { run } = await node();
    expect(run('-V').stdout).toBe('iptables v1.8.9 (nf_tables)\n');
    expect(run('-h').stdout).toContain('Usage: iptables -[ACD] chain rule-specification [options]');
  });
});

describe('changes act on traffic', () => {
  function send(from: NetHost, to: string) {
    from.sendIpv4({ dst: ip(to), protocol: IPPROTO_UDP, payload: encodeUdp({ srcPort: 7946, dstPort: 7946, payload: new Uint8Array(3) }, ip('172.18.0.4'), ip(to)) });
  }

  test('-A / -I / -D / -F on INPUT, with the memberlist port', async () => {
    const { sim, w, peer, run, activated } = await node();
    const got: string[] = [];
    w.onIpv4((p) => {
      if (p.protocol === IPPROTO_UDP && decodeUdp(p.payload)!.dstPort === 7946) {
        got.push(formatIpv4(p.src));
        return true;
      }
      return false;
    });
    send(peer, '172.18.0.3');
    await sim.scheduler.advance(20);
    expect(got.length).toBe(1);
    expect(run('-A INPUT -p udp --dport 7946 -j DROP')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(activated()).toBe(1);
    expect(run('-S INPUT').stdout.split('\n').at(-2)).toBe('-A INPUT -p udp -m udp --dport 7946 -j DROP');
    send(peer, '172.18.0.3');
    await sim.scheduler.advance(20);
    expect(got.length).toBe(1);
    expect(run('-C INPUT -p udp --dport 7946 -j DROP').exitCode).toBe(0);
    expect(run('-D INPUT -p udp --dport 7946 -j DROP').exitCode).toBe(0);
    send(peer, '172.18.0.3');
    await sim.scheduler.advance(20);
    expect(got.length).toBe(2);
    // -I puts it first; -D by number removes it
    expect(run('-I INPUT -s 172.18.0.4 -p udp -m udp --dport 7946 -j DROP').exitCode).toBe(0);
    expect(run('-S INPUT 1').stdout).toBe('-A INPUT -s 172.18.0.4/32 -p udp -m udp --dport 7946 -j DROP\n');
    send(peer, '172.18.0.3');
    await sim.scheduler.advance(20);
    expect(got.length).toBe(2);
    expect(run('-L INPUT 1 -v -n').stdout).toBe('    1    31 DROP       udp  --  *      *       172.18.0.4           0.0.0.0/0            udp dpt:7946\n');
    expect(run('-D INPUT 1').exitCode).toBe(0);
    // -F INPUT flushes everything in INPUT, kube-proxy's jumps too (its next sync puts them back)
    expect(run('-A INPUT -p udp --dport 7946 -j DROP').exitCode).toBe(0);
    expect(run('-F INPUT').exitCode).toBe(0);
    expect(run('-S INPUT').stdout).toBe('-P INPUT ACCEPT\n');
    send(peer, '172.18.0.3');
    await sim.scheduler.advance(31_000);
    expect(got.length).toBe(3);
    expect(run('-S INPUT').stdout).toContain('-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS');
  });

  test('-N / -X / -E / -P / -Z', async () => {
    const { run } = await node();
    expect(run('-N LAB').exitCode).toBe(0);
    expect(run('-A LAB -j RETURN').exitCode).toBe(0);
    expect(run('-A INPUT -j LAB').exitCode).toBe(0);
    expect(run('-L LAB').stdout.split('\n')[0]).toBe('Chain LAB (1 references)');
    expect(run('-X LAB').stderr).toBe('iptables: Too many links.\n');
    expect(run('-E LAB LAB2').exitCode).toBe(0);
    expect(run('-S INPUT').stdout).toContain('-A INPUT -j LAB2');
    expect(run('-D INPUT -j LAB2').exitCode).toBe(0);
    expect(run('-F LAB2').exitCode).toBe(0);
    expect(run('-X LAB2').exitCode).toBe(0);
    expect(run('-P FORWARD DROP').exitCode).toBe(0);
    expect(run('-S FORWARD').stdout.split('\n')[0]).toBe('-P FORWARD DROP');
    expect(run('-Z').exitCode).toBe(0);
  });
});
