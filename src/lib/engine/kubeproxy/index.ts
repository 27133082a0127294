/**
 * kube-proxy (iptables mode, v1.31) and the netfilter data path of the lab's namespaces.
 *
 * Engine API:
 *   new KubeProxy(cluster, nodeName).start() / .stop() / .pause() / .unpause()
 *   kubeProxyOf(cluster, nodeName)            the KubeProxy of a node (registry)
 *   installKindNodeDataPath(netns, sim, …)    hook a kind node's netfilter into its packets
 *   installDataPath(netns, sim, …)            the same for any namespace (user rules only)
 *   netfilterOf(netns) / dataPathOf(netns)    a namespace's tables, conntrack and data path
 *   dataPathOf(netns)!.explain(packet)        the chains/rules one packet would match ("why")
 */
export * from './hash';
export * from './model';
export * from './format';
export * from './service-ports';
export * from './rules';
export * from './base';
export * from './conntrack';
export * from './eval';
export * from './packet';
export * from './netfilter';
export * from './walk';
export * from './proxier';
export * from './install';
