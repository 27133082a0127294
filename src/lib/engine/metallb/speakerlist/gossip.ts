/**
 * memberlist's gossip (state.go gossip): every gossip interval, the queued broadcasts go to up
 * to gossipNodes random members that are alive or suspect, or dead for less than
 * gossipToTheDeadTime.
 */
import { ML_CALLER } from './log';
import type { MemberlistCore } from './memberlist-core';
import { ENCRYPT_OVERHEAD, makeCompound } from './messages';
import { COMPOUND_HEADER_OVERHEAD, COMPOUND_OVERHEAD, rawSendMsgPacket } from './packets-out';
import { kRandomNodes } from './state';
import { hostPort } from './transport';

export function gossip(ml: MemberlistCore): void {
  const c = ml.config;
  const now = ml.timers.now();
  const kNodes = kRandomNodes(ml.rng, c.gossipNodes, ml.nodes, (n) => {
    if (n.name === c.name) return true;
    switch (n.state) {
      case 'alive':
      case 'suspect':
        return false;
      case 'dead':
        // gossip to the dead: a node declared dead still hears about it for a while
        return now - n.stateChange > c.gossipToTheDeadTime;
      default:
        return true;
    }
  });
  let bytesAvail = c.udpBufferSize - COMPOUND_HEADER_OVERHEAD;
  if (ml.key) bytesAvail -= ENCRYPT_OVERHEAD;
  for (const node of kNodes) {
    const msgs = ml.broadcasts.getBroadcasts(COMPOUND_OVERHEAD, bytesAvail);
    if (!msgs.length) return;
    const why = `memberlist gossip from ${c.name} to ${node.name}: ${msgs.map((b) => b.what).join(', ')}`;
    const payload = msgs.length === 1 ? msgs[0].msg : makeCompound(msgs.map((b) => b.msg));
    const err = rawSendMsgPacket(ml, node.addr, node.port, true, payload, why);
    if (err) ml.log('error', `memberlist: Failed to send gossip to ${hostPort(node.addr, node.port)}: ${err}`, ML_CALLER.gossipSendFailed);
  }
}
