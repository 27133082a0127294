/** The FRR-like router: bgpd (sessions, RIB, best path), zebra (kernel routes), the container runtime. */
export { Bgpd, FRR_CONNECT_RETRY_MS, type RibEntry } from './bgpd';
export { FrrRouter, routerOf, runRouter, attachFrrRuntimes, isFrrImage, type RunRouterOptions } from './router';
export { FRR_IMAGE, FRR_VERSION, MULTIPATH_NUM, runningConfig, type FrrConfig, type BgpConfig, type NeighborConfig } from './config';
export { Zebra } from './zebra';
export { selectPaths, type Candidate } from './bestpath';
export { showBgpSummary } from './show/summary';
export { showBgpTable } from './show/table';
export { showBgpNeighbors } from './show/neighbors';
export { showIpRoute } from './show/route';
export { showIpRouteDetail } from './show/route-detail';
export { showBgpRoute } from './show/detail';
export { showNeighborRoutes, type AdjKind } from './show/adj';
export { frrUptime } from './show/uptime';
export { runLabRouter, ROUTER_NAME, ROUTER_ASN, CLUSTER_ASN } from './scenario';
