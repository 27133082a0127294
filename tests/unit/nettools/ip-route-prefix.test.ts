/**
 * A route destination with bits set past its prefix length: the kernel refuses it on add and on
 * del (net/ipv4/fib_frontend.c rtm_to_fib_config: extack "Invalid prefix for given prefix
 * length", -EINVAL), and iproute2 prints an extack as "Error: <msg>." with exit 2. Nothing is
 * added or deleted. Kind lab (no 11.0.0.0/8 routes): myk8s-worker has CAP_NET_ADMIN and gateway 172.18.0.1; mypc has not.
 */
import { describe, expect, it } from 'vitest';
import { labShell } from './helpers';

const refused = { out: '', err: 'Error: Invalid prefix for given prefix length.\n', code: 2 };

describe('ip route with host bits set in the destination', () => {
  it('refuses add, append, replace and change and adds nothing', async () => {
    const { sh } = await labShell();
    const run = async (cmd: string) => {
      const r = await sh.run(cmd);
      return { out: r.stdout, err: r.stderr, code: r.exitCode };
    };
    const w = 'docker exec myk8s-worker ';
    expect(await run(`${w}ip route add 11.1.2.3/8 via 172.18.0.1`)).toEqual(refused);
    expect(await run(`${w}ip route append 11.1.2.3/8 via 172.18.0.1`)).toEqual(refused);
    expect(await run(`${w}ip route replace 11.1.2.3/8 dev eth0`)).toEqual(refused);
    expect(await run(`${w}ip route change 11.1.2.3/8 dev eth0`)).toEqual(refused);
    // checked before the gateway is (rtm_to_fib_config runs before fib_table_insert)
    expect(await run(`${w}ip route add 11.1.2.3/8 via 9.9.9.9`)).toEqual(refused);
    expect((await run(`${w}ip route show root 11.0.0.0/8`)).out).toBe('');
    // the same prefix written on its boundary, a /32 and default are fine
    expect((await run(`${w}ip route add 11.0.0.0/8 via 172.18.0.1`)).code).toBe(0);
    expect((await run(`${w}ip route add 11.1.2.3/32 via 172.18.0.1`)).code).toBe(0);
    expect((await run(`${w}ip route show root 11.0.0.0/8`)).out).toBe('11.0.0.0/8 via 172.18.0.1 dev eth0 \n11.1.2.3 via 172.18.0.1 dev eth0 \n');
  });

  it('refuses del instead of deleting the route the prefix masks to', async () => {
    const { sh } = await labShell();
    const run = async (cmd: string) => {
      const r = await sh.run(cmd);
      return { out: r.stdout, err: r.stderr, code: r.exitCode };
    };
    const w = 'docker exec myk8s-worker ';
    expect((await run(`${w}ip route add 11.0.0.0/8 via 172.18.0.1`)).code).toBe(0);
    expect(await run(`${w}ip route del 11.99.0.0/8`)).toEqual(refused);
    expect((await run(`${w}ip route show 11.0.0.0/8`)).out).toBe('11.0.0.0/8 via 172.18.0.1 dev eth0 \n');
    expect((await run(`${w}ip route del 11.0.0.0/8`)).code).toBe(0);
  });

  it('asks for CAP_NET_ADMIN first', async () => {
    const { sh } = await labShell();
    const r = await sh.run('docker exec mypc ip route add 11.1.2.3/8 via 172.18.0.1');
    expect([r.stderr, r.exitCode]).toEqual(['RTNETLINK answers: Operation not permitted\n', 2]);
  });
});
