/**
 * `docker network create|rm` and `docker run --cap-add`, typed into the shell. Expected texts are
 * Docker 28's (docker/cli create.go/remove.go, moby's IPAM validation and libnetwork errors);
 * default pools are Docker's documented 172.17–172.31/16 sequence with docker0 on 172.17.
 */
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../src/lib/engine/lab';
import { LabShell } from '../../../src/lib/shell/shell';

async function emptyHost(): Promise<LabShell> {
  return new LabShell(await Lab.create({ seed: 3, scenario: 'empty' }));
}

async function run(sh: LabShell, cmd: string): Promise<{ out: string; err: string; code: number }> {
  const r = await sh.run(cmd);
  return { out: r.stdout, err: r.stderr, code: r.exitCode };
}

describe('docker network create', () => {
  it('prints the new network id; without --subnet the next free default pool (docker0 holds 172.17)', async () => {
    const sh = await emptyHost();
    const a = await run(sh, 'docker network create net-a');
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/^[0-9a-f]{64}\n$/);
    expect((await run(sh, 'docker network create net-b')).code).toBe(0);
    expect((await run(sh, `docker network inspect net-a net-b -f '{{json .IPAM.Config}}'`)).out).toBe(
      '[{"Subnet":"172.18.0.0/16","Gateway":"172.18.0.1"}]\n[{"Subnet":"172.19.0.0/16","Gateway":"172.19.0.1"}]\n'
    );
    // the id printed is the one ls shows, truncated to 12
    expect((await run(sh, 'docker network ls -q --filter name=net-a')).out).toBe(a.out.slice(0, 12) + '\n');
  });

  it('--subnet/--gateway (and -d bridge) as given; the name is then taken', async () => {
    const sh = await emptyHost();
    expect((await run(sh, 'docker network create -d bridge --subnet 192.168.10.0/24 --gateway=192.168.10.1 clients')).code).toBe(0);
    expect((await run(sh, `docker network inspect clients -f '{{.Driver}} {{json .IPAM.Config}}'`)).out).toBe('bridge [{"Subnet":"192.168.10.0/24","Gateway":"192.168.10.1"}]\n');
    const dup = await run(sh, 'docker network create --subnet 192.168.11.0/24 clients');
    expect(dup).toEqual({ out: '', err: 'Error response from daemon: network with name clients already exists\n', code: 1 });
  });

  it('refuses an overlapping subnet, with the default bridge counted', async () => {
    const sh = await emptyHost();
    await run(sh, 'docker network create --subnet 192.168.10.0/24 clients');
    const overlap = 'Error response from daemon: invalid pool request: Pool overlaps with other one on this address space\n';
    expect((await run(sh, 'docker network create --subnet 192.168.10.128/25 inner')).err).toBe(overlap);
    expect((await run(sh, 'docker network create --subnet 192.168.0.0/16 outer')).err).toBe(overlap);
    expect((await run(sh, 'docker network create --subnet 172.17.5.0/24 on-docker0')).err).toBe(overlap);
    // a default pool skips what --subnet took: 192.168.x is not in the 172 sequence, so 172.18
    expect((await run(sh, `docker network create auto >/dev/null; docker network inspect auto -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}'`)).out).toBe('172.18.0.0/16\n');
  });

  it('bad subnets and gateways: the CLI\'s own errors, then the daemon\'s', async () => {
    const sh = await emptyHost();
    expect(await run(sh, 'docker network create --subnet 10.1.0.0/33 x')).toEqual({
      out: '',
      err: 'Error response from daemon: invalid network config:\ninvalid subnet 10.1.0.0/33: invalid CIDR block notation\n',
      code: 1
    });
    expect((await run(sh, 'docker network create --subnet 10.1.0.0/33 --gateway 10.1.0.1 x')).err).toBe('invalid subnet: invalid CIDR address: 10.1.0.0/33\n');
    expect((await run(sh, 'docker network create --subnet 10.1.2.3/16 x')).err).toBe('Error response from daemon: invalid network config:\ninvalid subnet 10.1.2.3/16: it should be 10.1.0.0/16\n');
    expect((await run(sh, 'docker network create --gateway 10.1.0.1 x')).err).toBe('every ip-range or gateway must have a corresponding subnet\n');
    expect((await run(sh, 'docker network create --subnet 10.1.0.0/16 --gateway 10.2.0.1 x')).err).toBe('no matching subnet for gateway 10.2.0.1\n');
    expect((await run(sh, 'docker network create bridge')).err).toBe('Error response from daemon: operation is not permitted on predefined bridge network \n');
    expect((await run(sh, 'docker network create')).err).toBe(
      "docker: 'docker network create' requires 1 argument\n\nUsage:  docker network create [OPTIONS] NETWORK\n\nRun 'docker network create --help' for more information\n"
    );
    // nothing was created by any of these
    expect((await run(sh, 'docker network ls --format "{{.Name}}"')).out).toBe('bridge\nhost\nnone\n');
  });
});

describe('docker network rm', () => {
  it('prints each name removed; not found, predefined and in-use networks are errors (exit 1)', async () => {
    const sh = await emptyHost();
    await run(sh, 'docker network create --subnet 192.168.10.0/24 clients');
    await run(sh, 'docker network create spare');
    await run(sh, 'docker run -d --name c1 --network clients nicolaka/netshoot sleep infinity');
    const ep = (await run(sh, `docker inspect c1 -f '{{.NetworkSettings.Networks.clients.EndpointID}}'`)).out.trim();
    const busy = await run(sh, 'docker network rm clients');
    expect(busy).toEqual({ out: '', err: `Error response from daemon: error while removing network: network clients has active endpoints (name:"c1" id:"${ep.slice(0, 12)}")\n`, code: 1 });
    const mixed = await run(sh, 'docker network rm spare nothere bridge');
    expect(mixed.out).toBe('spare\n');
    expect(mixed.err).toBe('Error response from daemon: network nothere not found\nError response from daemon: bridge is a pre-defined network and cannot be removed\n');
    expect(mixed.code).toBe(1);
    expect((await run(sh, 'docker network rm -f nothere')).code).toBe(0);
    await run(sh, 'docker rm -f c1');
    expect(await run(sh, 'docker network remove clients')).toEqual({ out: 'clients\n', err: '', code: 0 });
    // its subnet is free again
    expect((await run(sh, 'docker network create --subnet 192.168.10.0/24 again')).code).toBe(0);
  });
});

describe('docker run --cap-add', () => {
  it('records the normalised names in HostConfig.CapAdd; NET_ADMIN lets ip route add work', async () => {
    const sh = await emptyHost();
    await run(sh, 'docker network create --subnet 192.168.10.0/24 clients');
    await run(sh, 'docker run -d --name admin --network clients --cap-add=net_admin nicolaka/netshoot sleep infinity');
    await run(sh, 'docker run -d --name plain --network clients nicolaka/netshoot sleep infinity');
    await run(sh, 'docker run -d --name all --network clients --cap-add ALL --cap-add NET_RAW nicolaka/netshoot sleep infinity');
    // without --cap-add the field is JSON null, which a Go template prints as <nil>
    expect((await run(sh, `docker inspect admin plain all -f '{{.HostConfig.CapAdd}}'`)).out).toBe('[CAP_NET_ADMIN]\n<nil>\n[ALL]\n');
    expect(await run(sh, 'docker exec admin ip route add 10.0.0.0/8 via 192.168.10.1')).toEqual({ out: '', err: '', code: 0 });
    expect((await run(sh, 'docker exec admin ip route show 10.0.0.0/8')).out).toBe('10.0.0.0/8 via 192.168.10.1 dev eth0 \n');
    expect(await run(sh, 'docker exec plain ip route add 10.0.0.0/8 via 192.168.10.1')).toEqual({ out: '', err: 'RTNETLINK answers: Operation not permitted\n', code: 2 });
    expect((await run(sh, 'docker exec all ip route add 10.0.0.0/8 via 192.168.10.1')).code).toBe(0);
  });

  it('an unknown capability is the daemon\'s error, status 125, and no container', async () => {
    const sh = await emptyHost();
    const r = await run(sh, 'docker run -d --name xx --cap-add FOO nicolaka/netshoot sleep infinity');
    expect(r).toEqual({ out: '', err: 'docker: Error response from daemon: invalid CapAdd: unknown capability: "CAP_FOO"\n\nRun \'docker run --help\' for more information\n', code: 125 });
    expect((await run(sh, 'docker ps -a --format "{{.Names}}"')).out).toBe('');
  });
});

describe('docker network create: options the lab does not model', () => {
  it('says so instead of pretending (--internal, --ipv6, --ip-range)', async () => {
    const sh = await emptyHost();
    for (const f of ['--internal', '--ipv6', '--ip-range 10.1.1.0/24']) {
      const r = await run(sh, `docker network create --subnet 10.1.0.0/16 ${f} x1`);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`docker: 'docker network create ${f.split(' ')[0]}' is not available in this lab\n`);
    }
    expect((await run(sh, 'docker network ls --format "{{.Name}}"')).out).toBe('bridge\nhost\nnone\n');
  });
});
