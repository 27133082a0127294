/**
 * `arp` from net-tools 2.10 (arp.c): the Linux-style table (default and `-e`, `-n` for
 * addresses), the BSD style (`-a`: `? (172.18.0.1) at 02:42:… [ether] on eth0`), `-i IF`, one
 * host, `-d HOST` and `-s HOST MAC`. It reads the namespace's neighbour caches, as arp reads
 * /proc/net/arp.
 */
import { formatIpv4, parseIpv4, parseMac } from '../../engine/net/addr';
import { type NeighbourEntry, nudValid } from '../../engine/net/neighbour';
import { ARP_N_HEADER, arpNLine } from '../../engine/net/neighbour-format';
import { type CommandResult, type LabCommand, type ShellContext, errOut } from '../types';
import { type NetView, canAdmin, netView, resolveHost, reverseHost } from '../nettools/common';
import { getopt } from '../nettools/getopt';

const E_USAGE = 4;

const USAGE = `Usage:
  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache
  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry
  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file
  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry
  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-

        -a                       display (all) hosts in alternative (BSD) style
        -e                       display (all) hosts in default (Linux) style
        -s, --set                set a new ARP entry
        -d, --delete             delete a specified entry
        -v, --verbose            be verbose
        -n, --numeric            don't resolve names
        -i, --device             specify network interface (e.g. eth0)
        -D, --use-device         read <hwaddr> from given device
        -A, -p, --protocol       specify protocol family
        -f, --file               read new entries from file or from /etc/ethers

  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether
  List of possible hardware types (which support ARP):
    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) 
    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) 
    irda (IrLAP) x25 (generic X.25) infiniband (InfiniBand) 
    eui64 (Generic EUI-64) 
`;

interface Row {
  entry: NeighbourEntry;
  dev: string;
}

function rows(view: NetView): Row[] {
  const out: Row[] = [];
  for (const i of view.host.interfaces()) {
    const t = view.host.neighbours(i.name);
    if (t) for (const e of t.entries()) out.push({ entry: e, dev: i.name });
  }
  return out;
}

/** net-tools' INET_resolve failure: ap->herror prints the name and hstrerror(HOST_NOT_FOUND). */
function hostError(host: string): CommandResult {
  return errOut(`${host}: Unknown host\n`, 255);
}

async function arpMain(args: string[], ctx: ShellContext): Promise<CommandResult> {
  const view = netView(ctx);
  if (!view) return errOut('arp: socket: Address family not supported by protocol\n', 255);
  const r = getopt(args, {
    prog: 'arp',
    short: 'A:H:adfp:nsei:t:vh?DNV',
    long: [
      { name: 'verbose', arg: 'none', key: 'v' },
      { name: 'version', arg: 'none', key: 'V' },
      { name: 'all', arg: 'none', key: 'a' },
      { name: 'delete', arg: 'none', key: 'd' },
      { name: 'file', arg: 'none', key: 'f' },
      { name: 'numeric', arg: 'none', key: 'n' },
      { name: 'set', arg: 'none', key: 's' },
      { name: 'protocol', arg: 'required', key: 'A' },
      { name: 'hw-type', arg: 'required', key: 'H' },
      { name: 'device', arg: 'required', key: 'i' },
      { name: 'help', arg: 'none', key: 'h' },
      { name: 'use-device', arg: 'none', key: 'D' },
      { name: 'symbolic', arg: 'none', key: 'N' }
    ],
    libc: view.libc,
    permute: true
  });
  if (!r.ok) return errOut(`${r.message}\n${USAGE}`, E_USAGE);
  let what = 0;
  let numeric = false;
  let linuxStyle = false;
  let verbose = false;
  let device = '';
  let stderr = '';
  for (const o of r.opts) {
    switch (o.key) {
      case 'a': what = 1; break;
      case 'f': what = 2; break;
      case 'd': what = 3; break;
      case 's': what = 4; break;
      case 'e': linuxStyle = true; break;
      case 'n': numeric = true; break;
      case 'D': break;
      case 'N': stderr += 'arp: -N not yet supported.\n'; break;
      case 'v': verbose = true; break;
      case 'A': case 'p':
        if (o.arg !== 'inet') return errOut(`${stderr}arp: ${o.arg}: unknown address family.\n`, 255);
        break;
      case 'H': case 't':
        if (o.arg !== 'ether') return errOut(`${stderr}arp: ${o.arg}: unknown hardware type.\n`, 255);
        break;
      case 'i': device = (o.arg ?? '').slice(0, 15); break;
      case 'V': return errOut('net-tools 2.10\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\nHW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64\n', 5);
      default:
        return errOut(stderr + USAGE, E_USAGE);
    }
  }
  const target = r.operands[0];

  if (what === 0 || what === 1) {
    // arp_show
    if (what === 0) linuxStyle = true;
    let host = '';
    if (target !== undefined) {
      const ip = resolveHost(view, target);
      if (ip === null) return hostError(target);
      host = formatIpv4(ip);
    }
    const all = rows(view);
    const shown = all.filter((x) => (!host || formatIpv4(x.entry.ip) === host) && (!device || x.dev === device));
    const lines: string[] = [];
    if (linuxStyle) {
      const named = shown.map((x) => {
        const name = numeric ? null : reverseHost(view, x.entry.ip);
        return arpNLine(x.entry, x.dev, name ?? undefined);
      });
      if (named.length) lines.push(ARP_N_HEADER, ...named);
    } else {
      for (const x of shown) {
        const ip = formatIpv4(x.entry.ip);
        const name = numeric ? '?' : (reverseHost(view, x.entry.ip) ?? '?');
        const complete = nudValid(x.entry.state) && x.entry.mac !== null;
        const hw = complete ? `${x.entry.mac} [ether] ` : '<incomplete> ';
        const perm = x.entry.state === 'PERMANENT' ? 'PERM ' : '';
        lines.push(`${name} (${ip}) at ${hw}${perm}on ${x.dev}`);
      }
    }
    if (verbose) lines.push(`Entries: ${all.length}\tSkipped: ${all.length - shown.length}\tFound: ${shown.length}`);
    if (!shown.length) {
      if (host && what !== 1) lines.push(`${target} (${host}) -- no entry`);
      else if (host || device) lines.push(`arp: in ${all.length} entries no match found.`);
    }
    return { stdout: lines.length ? lines.join('\n') + '\n' : '', stderr, exitCode: 0 };
  }

  if (what === 3) {
    if (target === undefined) return errOut(`${stderr}arp: need host name\n`, 255);
    const ip = resolveHost(view, target);
    if (ip === null) return hostError(target);
    if (!canAdmin(view)) return errOut(`${stderr}SIOCDARP(dontpub): Operation not permitted\n`, 255);
    let deleted = false;
    for (const i of view.host.interfaces()) {
      if (device && i.name !== device) continue;
      const t = view.host.neighbours(i.name);
      if (t?.get(ip)) deleted = t.delete(ip) || deleted;
    }
    if (!deleted) return { stdout: `No ARP entry for ${target}\n`, stderr, exitCode: 255 };
    return { stdout: '', stderr, exitCode: 0 };
  }

  if (what === 4) {
    if (target === undefined) return errOut(`${stderr}arp: need host name\n`, 255);
    const ip = parseIpv4(target) ?? resolveHost(view, target);
    if (ip === null) return hostError(target);
    const hw = r.operands[1];
    if (hw === undefined) return errOut(`${stderr}arp: need hardware address\n`, 255);
    const mac = parseMac(hw);
    if (!mac) return errOut(`${stderr}arp: invalid hardware address\n`, 255);
    const m = view.host.routes.lookup(ip);
    const dev = device || m?.route.dev;
    const t = dev ? view.host.neighbours(dev) : undefined;
    if (!t) return errOut(`${stderr}SIOCSARP: Network is unreachable\n`, 255);
    if (!canAdmin(view)) return errOut(`${stderr}SIOCSARP: Operation not permitted\n`, 255);
    t.addPermanent(ip, mac);
    return { stdout: '', stderr, exitCode: 0 };
  }

  // -f: entries from /etc/ethers (absent in the lab's images)
  return errOut(`${stderr}arp: cannot open etherfile ${target ?? '/etc/ethers'} !\n`, 255);
}

export const arpCommand: LabCommand = {
  name: 'arp',
  run: arpMain
};

