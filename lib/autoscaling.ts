import { k8s } from 'cdk8s-plus-27';

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

/** The defaults of `AutoscalingOptions`, in one place: checks and rendering read the resolved value. @internal */
export function resolveAutoscaling(o: AutoscalingOptions): Required<AutoscalingOptions> {
  return { minReplicas: o.minReplicas ?? 3, maxReplicas: o.maxReplicas ?? 10, cpuUtilization: o.cpuUtilization ?? 70 };
}

/** The HorizontalPodAutoscaler spec scaling the Deployment `deployment`, from the resolved options. @internal */
export function autoscalerSpec(deployment: string, options: Required<AutoscalingOptions>): k8s.HorizontalPodAutoscalerSpecV2 {
  return {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment },
    minReplicas: options.minReplicas,
    maxReplicas: options.maxReplicas,
    metrics: [{
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: options.cpuUtilization } },
    }],
  };
}
