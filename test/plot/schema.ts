/** Validation of specs against the Vega-Lite JSON schema shipped by the vega-lite package. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

let validate: ValidateFunction | undefined;

/** The schema errors of `spec` (empty when it is a valid Vega-Lite spec). */
export function schemaErrors(spec: unknown): string[] {
  if (validate === undefined) {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
    // the schema uses vega's own keywords and formats; strict mode would reject them
    validate = new Ajv({ allErrors: false, strict: false, validateFormats: false }).compile(schema);
  }
  // JSON round trip: what a user drops into a notebook is the JSON text, not the object
  return validate(JSON.parse(JSON.stringify(spec))) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
