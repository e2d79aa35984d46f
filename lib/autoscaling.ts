/**
 * A HorizontalPodAutoscaler (autoscaling/v2) for the site. With it, the Deployment's `replicas` is left
 * out so `kubectl apply` and Argo CD never fight the autoscaler (kube-score
 * `deployment-targeted-by-hpa-does-not-have-replicas-configured`).
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/
 */
export interface AutoscalingOptions {
  /**
   * Fewest pods. At least 2, so one pod can be drained or replaced while another serves.
   * @default 3
   */
  readonly minReplicas?: number;

  /**
   * Most pods.
   * @default 10
   */
  readonly maxReplicas?: number;

  /**
   * Target average CPU use, in percent of the CPU request.
   * @default 70
   */
  readonly cpuUtilization?: number;
}
