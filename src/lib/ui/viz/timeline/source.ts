/**
 * The observe readings the timeline, packet and chart views draw, in one place (the views never
 * reach into the engine themselves).
 */
export { decodeFrame, frameRecords, lastRequestLoop, measureFailovers, pcapOfLab, timelineOf } from '$lib/engine/observe';
