/**
 * The read-model the lab's pictures draw from (topology, packets, timeline, stopwatch, answer
 * chart): plain data computed from a Lab. See types.ts for the shapes.
 */
export type * from './types';
export { viewWorld, podStatusText, EXCLUDE_LB_LABEL } from './world';
export { classifyFrame, decodeFrame, isHttpPort, MEMBERLIST_PORT, BGP_PORT } from './decode';
export { frameRecords, frameEnds, type FrameQuery } from './frames';
export { timelineOf, type TimelineQuery } from './timeline';
export { measureFailovers } from './failover';
export { answersSince, lastRequestLoop, serviceVips } from './answers';
export { pcapOfLab } from './pcap';
export { viewBgpWorld, bgpVipsByMachine } from './bgp-world';
export { requestOutage, type RequestOutage } from './outage';
