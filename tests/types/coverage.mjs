// Checks that the type tests cover the original's whole surface (names read from
// node_modules/@tencentcloud/chat/index.d.ts with the TypeScript parser):
//  - original-usage.ts calls every method of its ChatSDK and uses every key of its EVENT enum;
//  - every name it exports is exported by js/index.d.ts and compared in compat.ts.
// Prints the counts; exit code 1 with the missing names otherwise.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chatSdkMethods, ORIGINAL_DTS } from './sync-methods.mjs';

const ts = createRequire(import.meta.url)('typescript');
const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const parse = (file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);

function exportedNames(source) {
  const names = new Set();
  for (const st of source.statements) {
    const exported = ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && st.name) names.add(st.name.text);
    if (ts.isExportAssignment(st)) names.add('default');
    if (ts.isExportDeclaration(st) && st.exportClause && ts.isNamedExports(st.exportClause)) {
      for (const e of st.exportClause.elements) names.add(e.name.text);
    }
  }
  return names;
}

function enumKeys(source, namespace, name) {
  const ns = source.statements.find((s) => ts.isModuleDeclaration(s) && s.name.text === namespace);
  const en = ns?.body?.statements.find((s) => ts.isEnumDeclaration(s) && s.name.text === name);
  if (!en) throw new Error(`no ${namespace}.${name} enum`);
  return en.members.map((m) => m.name.getText(source));
}

const original = parse(ORIGINAL_DTS);
const usage = readFileSync(here('./original-usage.ts'), 'utf8');
const compat = readFileSync(here('./compat.ts'), 'utf8');
const ours = exportedNames(parse(here('../../js/index.d.ts')));

const methods = chatSdkMethods().map((m) => m.name);
const events = enumKeys(original, 'TencentCloudChat', 'EVENT');
const exportsOfOriginal = [...exportedNames(original)];

const missing = [
  ...methods.filter((name) => !new RegExp(`\\.${name}\\(`).test(usage)).map((n) => `original-usage.ts: ${n}()`),
  ...events.filter((key) => !usage.includes(`TencentCloudChat.EVENT.${key}`)).map((k) => `original-usage.ts: EVENT.${k}`),
  ...exportsOfOriginal.filter((n) => !ours.has(n)).map((n) => `js/index.d.ts: export ${n}`),
  ...exportsOfOriginal.filter((n) => n !== 'default' && !compat.includes(`O.${n}`)).map((n) => `compat.ts: ${n}`),
];
console.log(`ChatSDK methods called: ${methods.length}; EVENT keys used: ${events.length}; exports compared: ${exportsOfOriginal.length}`);
if (missing.length) {
  console.error(`missing:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
