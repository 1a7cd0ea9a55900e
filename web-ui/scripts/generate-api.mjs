// Generates src/api/schema.d.ts from openapi/materia.yml (the control plane's OpenAPI document,
// kept current by control-plane's OpenApiContractTest). With --check it only verifies that the
// committed schema.d.ts is what the generator makes, so a stale one fails the build.
import openapiTS from "openapi-typescript";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = new URL("../openapi/materia.yml", import.meta.url);
const target = new URL("../src/api/schema.d.ts", import.meta.url);
const check = process.argv.includes("--check");

const generated = await openapiTS(source);
let current;
try {
  current = readFileSync(target, "utf8");
} catch {
  current = null;
}

if (check) {
  if (current !== generated) {
    console.error(
      `${fileURLToPath(target)} does not match openapi/materia.yml: run \`npm run generate:api\` and commit both`,
    );
    process.exit(1);
  }
} else if (current !== generated) {
  writeFileSync(target, generated);
  console.log(`wrote ${fileURLToPath(target)}`);
}
