import { describe, expect, it } from 'vitest';
import { labShell } from './helpers';

interface Endpoint {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

describe('docker network', () => {
  it('inspect kind: the shape of k8s-linux.md §3.2, Docker 28 flavour', async () => {
    const { lab, sh } = await labShell();
    const r = await sh.run('docker network inspect kind');
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['[', '    {', '        "Name": "kind",']);
    const [net] = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Object.keys(net)).toEqual([
      'Name', 'Id', 'Created', 'Scope', 'Driver', 'EnableIPv4', 'EnableIPv6', 'IPAM', 'Internal', 'Attachable', 'Ingress',
      'ConfigFrom', 'ConfigOnly', 'Containers', 'Options', 'Labels'
    ]);
    expect(net.Id).toMatch(/^[0-9a-f]{64}$/);
    expect(net.Created).toMatch(/^2024-10-03T09:00:00(\.\d+)?Z$/);
    expect(net.EnableIPv4).toBe(true);
    expect(net.IPAM).toEqual({
      Driver: 'default',
      Options: {},
      Config: [
        { Subnet: '172.18.0.0/16', Gateway: '172.18.0.1' },
        { Subnet: 'fc00:f853:ccd:e793::/64', Gateway: 'fc00:f853:ccd:e793::1' }
      ]
    });
    const containers = net.Containers as Record<string, Endpoint>;
    const ids = Object.keys(containers);
    expect(ids).toHaveLength(5);
    expect(ids).toEqual([...ids].sort());
    const byName = new Map(Object.values(containers).map((e) => [e.Name, e]));
    expect(byName.get('mypc')!.IPv4Address).toBe('172.18.0.100/16');
    const nodeIps = ['myk8s-control-plane', 'myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'].map((n) => byName.get(n)!.IPv4Address).sort();
    expect(nodeIps).toEqual(['172.18.0.2/16', '172.18.0.3/16', '172.18.0.4/16', '172.18.0.5/16']);
    for (const [id, e] of Object.entries(containers)) {
      expect(lab.docker.find(id)!.name).toBe(e.Name);
      expect(e.IPv4Address).toMatch(/^172\.18\.\d+\.\d+\/16$/);
      expect(e.MacAddress).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
      // Docker 28: random, locally administered unicast MACs.
      expect(parseInt(e.MacAddress.slice(0, 2), 16) & 0x03).toBe(0x02);
      expect(e.EndpointID).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(net.Options).toEqual({
      'com.docker.network.bridge.enable_ip_masquerade': 'true',
      'com.docker.network.driver.mtu': '1500',
      'com.docker.network.enable_ipv4': 'true'
    });
  });

  it('inspect lists running containers only, and errors for unknown networks', async () => {
    const { sh } = await labShell();
    await sh.run('docker stop myk8s-worker --signal 9');
    const r = await sh.run("docker network inspect kind -f '{{range .Containers}}{{.Name}} {{end}}'");
    expect(r.stdout.trim().split(' ').sort()).toEqual(['myk8s-control-plane', 'myk8s-worker2', 'myk8s-worker3', 'mypc']);
    const bad = await sh.run('docker network inspect nope');
    expect(bad).toEqual({ stdout: '[]\n', stderr: 'Error response from daemon: network nope not found\n', exitCode: 1 });
  });

  it('ls shows kind with the host’s predefined networks, sorted by name', async () => {
    const { lab, sh } = await labShell();
    const r = await sh.run('docker network ls');
    const rows = r.stdout.split('\n').filter(Boolean);
    expect(rows[0]).toBe('NETWORK ID     NAME      DRIVER    SCOPE');
    expect(rows.slice(1).map((l) => l.split(/\s+/).slice(1).join(' '))).toEqual(['bridge bridge local', 'host host local', 'kind bridge local', 'none null local']);
    expect(rows[3].slice(0, 12)).toBe(lab.docker.network('kind')!.id.slice(0, 12));
  });

  it('disconnect and connect a node (failure injection)', async () => {
    const { lab, sh } = await labShell();
    const d = await sh.run('docker network disconnect kind myk8s-worker');
    expect(d).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(lab.docker.find('myk8s-worker')!.endpoints).toHaveLength(0);
    const again = await sh.run('docker network disconnect kind myk8s-worker');
    expect(again.stderr).toBe(`Error response from daemon: container ${lab.docker.find('myk8s-worker')!.id} is not connected to network kind\n`);
    expect(again.exitCode).toBe(1);
    expect((await sh.run('docker network connect kind myk8s-worker')).exitCode).toBe(0);
    expect(lab.docker.find('myk8s-worker')!.endpoints.map((e) => e.network)).toEqual(['kind']);
    const missing = await sh.run('docker network connect kind');
    expect(missing.stderr).toBe("docker: 'docker network connect' requires 2 arguments\n\nUsage:  docker network connect [OPTIONS] NETWORK CONTAINER\n\nRun 'docker network connect --help' for more information\n");
  });
});
