/**
 * A control loop of the cluster (kube-controller-manager's controllers, kube-scheduler, kubelet
 * parts, later MetalLB's). It is started when the component's process comes up and stopped when
 * it goes away (its container is stopped or killed): a stopped controller does nothing.
 */
export interface Controller {
  readonly name: string;
  start(): void;
  stop(): void;
}
