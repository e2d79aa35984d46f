import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { IntOrPercent } from './rollout-math';

/** An int-or-percent as the L1 classes take it. */
export function toIntOrString(value: IntOrPercent): k8s.IntOrString {
  return typeof value === 'number' ? k8s.IntOrString.fromNumber(value) : k8s.IntOrString.fromString(value);
}

/**
 * A `KubeDeployment` that can also carry fields newer than the 1.27 L1 classes.
 *
 * The generated `toJson()` of the L1 classes keeps only the fields the 1.27 schema knows, and it runs
 * *after* `ApiObject.addJsonPatch()` patches, so a patch adding e.g. `lifecycle.preStop.sleep` (1.30)
 * would be silently dropped. Patches added with `addPatchAfterSchemaFilter` are applied last.
 *
 * This is the library's one mechanism for fields newer than cdk8s-plus-27 knows, chosen by the site's
 * `kubernetesVersion`: build the object with the 1.27 L1 class, then add the newer fields with
 * `addPatchAfterSchemaFilter`. Today only the Deployment has one (`lifecycle.preStop.sleep`, see
 * `PreStopHook._nativeSleepPatch`); an object that needs one later gets the same method. Custom
 * resources (HTTPRoute, Application) are typed from their current CRDs in imports/ and need none.
 */
export class Deployment extends k8s.KubeDeployment {
  private readonly latePatches: JsonPatch[] = [];

  /** Adds a JSON patch applied after the 1.27 field filter. */
  public addPatchAfterSchemaFilter(...ops: JsonPatch[]): void {
    this.latePatches.push(...ops);
  }

  public toJson(): any {
    const json = super.toJson();
    // Keys sorted again as the L1 classes write them (a JSON patch `add` appends its key at the end).
    return this.latePatches.length > 0 ? sortKeysDeep(JsonPatch.apply(json, ...this.latePatches)) : json;
  }
}

/** Object keys in code-unit order at every level; arrays keep their order. */
function sortKeysDeep(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeysDeep(value[key]);
  return out;
}
