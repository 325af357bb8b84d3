// The ChatSDK methods that the original SDK's declarations (node_modules/@tencentcloud/chat/
// index.d.ts) type as synchronous: a declared return type that is not a Promise. A method
// declared without a return type (`callExperimentalAPI`, implicitly `any`; a Promise for most
// keys at run time) is not counted as synchronous.
//   node tests/types/sync-methods.mjs       prints the list as JSON
//   import { syncMethods } from './sync-methods.mjs'
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ts = createRequire(import.meta.url)('typescript');

export const ORIGINAL_DTS = fileURLToPath(new URL('../../node_modules/@tencentcloud/chat/index.d.ts', import.meta.url));

/** Every method of the original's `ChatSDK` class, in declaration order: `{ name, returnType }`
 * (`returnType` as written, `null` when the declaration has none). */
export function chatSdkMethods(file = ORIGINAL_DTS) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const sdk = source.statements.find((s) => ts.isClassDeclaration(s) && s.name?.text === 'ChatSDK');
  if (!sdk) throw new Error(`no ChatSDK class in ${file}`);
  return sdk.members
    .filter((m) => ts.isMethodDeclaration(m) && m.name)
    .map((m) => ({
      name: m.name.getText(source),
      returnType: m.type ? m.type.getText(source) : null,
      promise: !!m.type && ts.isTypeReferenceNode(m.type) && m.type.typeName.getText(source) === 'Promise',
    }));
}

/** Names of the original's ChatSDK methods whose declared return type is not a Promise. */
export function syncMethods(file = ORIGINAL_DTS) {
  return chatSdkMethods(file).filter((m) => m.returnType !== null && !m.promise).map((m) => m.name);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(syncMethods()));
}
