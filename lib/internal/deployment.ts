import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';

/**
 * A `KubeDeployment` that can carry fields newer than the 1.27 L1 classes.
 *
 * The generated `toJson()` of the L1 classes keeps only the fields the 1.27 schema knows, and it runs
 * *after* `ApiObject.addJsonPatch()` patches, so a patch adding e.g. `lifecycle.preStop.sleep` (1.30)
 * would be silently dropped. Patches added with `addPatchAfterSchemaFilter` are applied last.
 */
export class Deployment extends k8s.KubeDeployment {
  private readonly latePatches: JsonPatch[] = [];

  /** Adds a JSON patch applied after the 1.27 field filter. */
  public addPatchAfterSchemaFilter(...ops: JsonPatch[]): void {
    this.latePatches.push(...ops);
  }

  public toJson(): any {
    const json = super.toJson();
    return this.latePatches.length > 0 ? JsonPatch.apply(json, ...this.latePatches) : json;
  }
}
