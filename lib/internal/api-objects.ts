import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';

/** Anything with a JSON patch counter. */
export interface Revisioned {
  /** Number of JSON patches added so far: after construction the rendered object changes only through them. */
  readonly revision: number;
}

// cdk8s validates the whole app again for every chart it renders: the counters let a validation that
// reads the rendered objects be cached until an escape-hatch patch changes them (otherwise an app of C
// charts would run every guardrail C + 1 times per synth).

/** `KubeService` with a patch counter. */
export class Service extends k8s.KubeService implements Revisioned {
  public revision = 0;
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.revision++;
    super.addJsonPatch(...ops);
  }
}

/** `KubePodDisruptionBudget` with a patch counter. */
export class PodDisruptionBudget extends k8s.KubePodDisruptionBudget implements Revisioned {
  public revision = 0;
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.revision++;
    super.addJsonPatch(...ops);
  }
}

/** `KubeHorizontalPodAutoscalerV2` with a patch counter. */
export class HorizontalPodAutoscaler extends k8s.KubeHorizontalPodAutoscalerV2 implements Revisioned {
  public revision = 0;
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.revision++;
    super.addJsonPatch(...ops);
  }
}

/**
 * A `KubeDeployment` with a patch counter that can also carry fields newer than the 1.27 L1 classes.
 *
 * The generated `toJson()` of the L1 classes keeps only the fields the 1.27 schema knows, and it runs
 * *after* `ApiObject.addJsonPatch()` patches, so a patch adding e.g. `lifecycle.preStop.sleep` (1.30)
 * would be silently dropped. Patches added with `addPatchAfterSchemaFilter` are applied last.
 */
export class Deployment extends k8s.KubeDeployment implements Revisioned {
  public revision = 0;
  private readonly latePatches: JsonPatch[] = [];

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.revision++;
    super.addJsonPatch(...ops);
  }

  /** Adds a JSON patch applied after the 1.27 field filter. */
  public addPatchAfterSchemaFilter(...ops: JsonPatch[]): void {
    this.latePatches.push(...ops);
  }

  public toJson(): any {
    const json = super.toJson();
    return this.latePatches.length > 0 ? JsonPatch.apply(json, ...this.latePatches) : json;
  }
}
