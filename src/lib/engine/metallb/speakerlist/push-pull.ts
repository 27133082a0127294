/**
 * memberlist's Join and push/pull state sync (memberlist.go Join, state.go pushPull and
 * pushPullNode, net.go handleConn, sendLocalState and mergeState): a complete exchange of the
 * node table with one member over TCP, on join and every (scaled) push/pull interval, and the
 * answers to the TCP connections others open to us (push/pull and the fallback ping).
 */
import { formatIpv4, parseIpv4 } from '../../net/addr';
import { ML_CALLER } from './log';
import type { MemberlistCore } from './memberlist-core';
import type { JoinResult } from './memberlist-types';
import { type PushNodeState, type PushPullMsg, MSG, decodeMessage, encodeMessage } from './messages';
import { streamBytes } from './packets-out';
import { kRandomNodes, multiErrorString } from './state';
import { aliveNode, deadNode, suspectNode } from './transitions';
import { type Stream, hostPort } from './transport';

/**
 * memberlist Join: a push/pull (join) with each address in turn ("172.18.0.3" or
 * "172.18.0.3:7946"). Resolves with the count and the errors; never rejects.
 */
export function memberlistJoin(ml: MemberlistCore, addresses: readonly string[], cb?: (r: JoinResult) => void): Promise<JoinResult> {
  return new Promise((resolve) => {
    const errs: string[] = [];
    let numSuccess = 0;
    const list = [...addresses];
    const finish = () => {
      const errors = numSuccess > 0 ? [] : errs;
      const r: JoinResult = { joined: numSuccess, errors, error: errors.length ? multiErrorString(errors) : null };
      cb?.(r);
      resolve(r);
    };
    const next = () => {
      if (ml.hasShutdownFlag) {
        errs.push(...list.map((a) => `Failed to join ${a}: memberlist is shut down`));
        list.length = 0;
      }
      const exist = list.shift();
      if (exist === undefined) {
        finish();
        return;
      }
      const addr = resolveAddr(exist, ml.config.port);
      if (!addr) {
        const err = `Failed to resolve ${exist}: lookup ${exist}: no such host`;
        errs.push(err);
        ml.log('warn', `memberlist: ${err}`, ML_CALLER.failedResolve);
        next();
        return;
      }
      pushPullNode(ml, addr.ip, addr.port, '', true, (err) => {
        if (err) {
          const e = `Failed to join ${hostPort(addr.ip, addr.port)}: ${err}`;
          errs.push(e);
          ml.log('debug', `memberlist: ${e}`, ML_CALLER.failedJoin);
        } else numSuccess++;
        next();
      });
    };
    next();
  });
}

export function pushPull(ml: MemberlistCore, then: () => void): void {
  const nodes = kRandomNodes(ml.rng, 1, ml.nodes, (n) => n.name === ml.config.name || n.state !== 'alive');
  if (!nodes.length) {
    then();
    return;
  }
  const node = nodes[0];
  pushPullNode(ml, node.addr, node.port, node.name, false, (err) => {
    if (err) ml.log('error', `memberlist: Push/Pull with ${node.name} failed: ${err}`, ML_CALLER.pushPullFailed);
    then();
  });
}

/** A complete state exchange with one node over TCP (the join, and every 30 s). */
function pushPullNode(ml: MemberlistCore, ip: number, port: number, name: string, join: boolean, cb: (err: string | null) => void): void {
  const streams = ml.streams;
  if (!streams) {
    cb('memberlist is shut down');
    return;
  }
  const c = ml.config;
  const label = join ? 'join' : 'push/pull';
  streams.dial(ip, port, c.tcpTimeout, `memberlist ${label} from ${c.name} to ${name || formatIpv4(ip)}`, (r) => {
    if (!r.ok) {
      cb(r.error);
      return;
    }
    const conn = r.stream;
    ml.log('debug', `memberlist: Initiating push/pull sync with: ${name} ${conn.remoteDesc()}`, ML_CALLER.initiatingPushPull);
    conn.write(streamBytes(ml, encodeMessage(localState(ml, join))));
    conn.readFrame(ml.timers.now() + c.tcpTimeout, (m) => {
      conn.close();
      if (!m.ok) {
        cb(m.error);
        return;
      }
      if (m.value[0] === MSG.err) {
        const d = decodeMessage(m.value);
        cb(d.ok && d.value.type === 'err' ? d.value.error : 'remote error');
        return;
      }
      if (m.value[0] !== MSG.pushPull) {
        cb(`received invalid msgType (${m.value[0]}), expected pushPullMsg (${MSG.pushPull}) from=${conn.remoteDesc()}`);
        return;
      }
      const d = decodeMessage(m.value);
      if (!d.ok || d.value.type !== 'push-pull') {
        cb(d.ok ? 'EOF' : d.error);
        return;
      }
      mergeState(ml, d.value.nodes);
      cb(null);
    });
  });
}

function localState(ml: MemberlistCore, join: boolean): PushPullMsg {
  return {
    type: 'push-pull',
    join,
    nodes: ml.nodes.map((n): PushNodeState => ({ name: n.name, addr: n.addr, port: n.port, meta: n.meta, incarnation: n.incarnation, state: n.state, vsn: n.vsn }))
  };
}

/** An accepted TCP connection (net.go handleConn). */
export function handleConn(ml: MemberlistCore, conn: Stream): void {
  const c = ml.config;
  const from = `from=${conn.remoteDesc()}`;
  ml.log('debug', `memberlist: Stream connection ${from}`, ML_CALLER.streamConnection);
  conn.readFrame(ml.timers.now() + c.tcpTimeout, (m) => {
    if (!m.ok) {
      if (m.error !== 'EOF') {
        ml.log('error', `memberlist: failed to receive: ${m.error} ${from}`, ML_CALLER.failedReceive);
        conn.write(streamBytes(ml, encodeMessage({ type: 'err', error: m.error })));
      }
      conn.close();
      return;
    }
    const d = decodeMessage(m.value);
    if (!d.ok) {
      ml.log('error', `memberlist: Received invalid msgType (${m.value[0]}) ${from}`, ML_CALLER.invalidMsgType);
      conn.close();
      return;
    }
    const msg = d.value;
    if (msg.type === 'push-pull') {
      conn.write(streamBytes(ml, encodeMessage(localState(ml, msg.join))));
      conn.close();
      mergeState(ml, msg.nodes);
      return;
    }
    if (msg.type === 'ping') {
      if (msg.node !== '' && msg.node !== c.name) {
        ml.log('warn', `memberlist: Got ping for unexpected node ${msg.node} ${from}`, ML_CALLER.unexpectedStreamPing);
        conn.close();
        return;
      }
      conn.write(streamBytes(ml, encodeMessage({ type: 'ack', seqNo: msg.seqNo })));
      conn.close();
      return;
    }
    ml.log('error', `memberlist: Received invalid msgType (${m.value[0]}) ${from}`, ML_CALLER.invalidMsgType);
    conn.close();
  });
}

/** mergeState: what a push/pull told us, through the same rules as gossip. */
function mergeState(ml: MemberlistCore, remote: readonly PushNodeState[]): void {
  for (const r of remote) {
    switch (r.state) {
      case 'alive':
        aliveNode(ml, { type: 'alive', incarnation: r.incarnation, node: r.name, addr: r.addr, port: r.port, meta: r.meta, vsn: r.vsn }, null, false);
        break;
      case 'left':
        deadNode(ml, { type: 'dead', incarnation: r.incarnation, node: r.name, from: r.name });
        break;
      case 'dead':
      // a node the remote believes dead is only suspected here
      case 'suspect':
        suspectNode(ml, { type: 'suspect', incarnation: r.incarnation, node: r.name, from: ml.config.name });
        break;
    }
  }
}

function resolveAddr(s: string, defaultPort: number): { ip: number; port: number } | null {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(s.trim());
  if (!m) return null;
  const ip = parseIpv4(m[1]);
  if (ip === null) return null;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { ip: ip >>> 0, port };
}
