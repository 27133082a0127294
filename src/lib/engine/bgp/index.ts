/**
 * BGP in the lab: the message codec (messages/), the RFC 4271 session FSM over the modelled
 * TCP (fsm/), and a speaker with a neighbour table and Adj-RIBs (speaker.ts) that FRR's bgpd
 * (engine/router) and MetalLB's native speaker (metallb/speaker/bgp-*) are built on.
 */
export * from './messages';
export { BgpSession } from './fsm/session';
export * from './fsm/timers';
export type { BgpState, SessionConfig, SessionHooks, MessageCounts } from './fsm/types';
export { BgpSpeaker, type Neighbor, type SpeakerOptions, type RibListener, type SessionListener } from './speaker';
export type { BgpRoute, ReceivedRoute } from './rib-types';
