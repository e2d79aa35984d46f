/**
 * The string formats the strict 1.27 and CRD schemas of `schema.ts` are checked with: ajv-formats'
 * full set and Kubernetes resource quantities.
 *
 * A module of its own because the validators `schema.ts` keeps in its on-disk cache (ajv "standalone"
 * code, see `schema-cache.ts`) do not carry the formats they use: their code reads them, by name, from
 * `require(FORMATS_MODULE).formats`, which `schema.ts` answers with this module's `formats`. The same
 * objects are registered with ajv when a schema is compiled in memory, so both paths run the very
 * same format checks.
 */
import { fullFormats } from 'ajv-formats/dist/formats';

/** Kubernetes resource.Quantity: <signed number><suffix>, suffix binary SI, decimal SI or exponent. */
export const QUANTITY = /^[+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:\d+|\d+\.\d+|\d+\.|\.\d+))?$/;

/** The `quantity` format, as registered with ajv (`ajv.addFormat('quantity', QUANTITY_FORMAT)`). */
export const QUANTITY_FORMAT = { type: 'string', validate: QUANTITY } as const;

/**
 * Every format by name, as the generated code reads them (`formats["date-time"]`, `formats.quantity`):
 * the objects ajv-formats registers (`addFormats(ajv)`) and the quantity format.
 */
export const formats = { ...fullFormats, quantity: QUANTITY_FORMAT };

/** The name the generated code requires this module by (`require("./schema-formats").formats`). */
export const FORMATS_MODULE = './schema-formats';
