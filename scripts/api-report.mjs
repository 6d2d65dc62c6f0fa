#!/usr/bin/env node
// Prints the public API of installed packages as text, one line per exported symbol (with the members of
// classes and interfaces), so a committed copy shows every change to it in review and an accidental one fails
// the pack check. Runs inside an install directory with `typescript` installed there.
// Usage: node api-report.mjs <entry>... (e.g. @baton/sdk @baton/sdk/testing)
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(join(process.cwd(), 'noop.js'));
const ts = require('typescript');

const entries = process.argv.slice(2);
const source = entries.map((entry, i) => `export * as e${i} from '${entry}';`).join('\n');
const host = ts.createCompilerHost({});
const rootFile = join(process.cwd(), '__api_report__.ts');
const readFile = host.readFile.bind(host);
host.readFile = (file) => (file === rootFile ? source : readFile(file));
const fileExists = host.fileExists.bind(host);
host.fileExists = (file) => file === rootFile || fileExists(file);
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (file, language) =>
  file === rootFile ? ts.createSourceFile(file, source, language) : getSourceFile(file, language);

const program = ts.createProgram(
  [rootFile],
  {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    strict: true,
    skipLibCheck: true,
    types: ['node'],
    noEmit: true,
  },
  host,
);
const checker = program.getTypeChecker();
const flags = ts.TypeFormatFlags.NoTruncation;
const typeText = (type, at) => checker.typeToString(type, at, flags);
const oneLine = (text) => text.replace(/\s+/g, ' ');
// Members a class inherits from Node's own types (Error's stack, captureStackTrace...) are not our API.
const ours = (symbol) =>
  symbol.declarations?.some((d) => d.getSourceFile().fileName.includes('/node_modules/@baton/')) ?? false;

function describeSymbol(symbol, out, indent) {
  const decl = symbol.declarations?.[0];
  const name = symbol.getName();
  if (!decl) return out.push(`${indent}${name}`);
  if (symbol.flags & ts.SymbolFlags.Class) {
    out.push(`${indent}class ${typeText(checker.getDeclaredTypeOfSymbol(symbol), decl)}`);
    const instance = checker.getDeclaredTypeOfSymbol(symbol);
    const statics = checker.getTypeOfSymbolAtLocation(symbol, decl);
    for (const sig of statics.getConstructSignatures())
      out.push(`${indent}  constructor${checker.signatureToString(sig, decl, flags)}`);
    for (const member of statics.getProperties())
      if (member.getName() !== 'prototype') member_(member, 'static ', out, indent + '  ');
    for (const member of instance.getProperties()) member_(member, '', out, indent + '  ');
    return;
  }
  if (symbol.flags & ts.SymbolFlags.Interface) {
    out.push(`${indent}interface ${typeText(checker.getDeclaredTypeOfSymbol(symbol), decl)}`);
    for (const member of checker.getDeclaredTypeOfSymbol(symbol).getProperties())
      member_(member, '', out, indent + '  ');
    return;
  }
  if (symbol.flags & ts.SymbolFlags.TypeAlias) {
    const alias = symbol.declarations.find(ts.isTypeAliasDeclaration);
    out.push(`${indent}${oneLine(alias.getText()).replace(/^export (declare )?/, '')}`);
  }
  if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Enum))
    out.push(`${indent}${name}: ${typeText(checker.getTypeOfSymbolAtLocation(symbol, decl), decl)}`);
}

function member_(member, prefix, out, indent) {
  const decl = member.declarations?.[0];
  const modifiers = decl ? ts.getCombinedModifierFlags(decl) : 0;
  if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return;
  if (member.getName().startsWith('#') || !ours(member)) return;
  const type = decl
    ? checker.getTypeOfSymbolAtLocation(member, decl)
    : checker.getDeclaredTypeOfSymbol(member);
  const optional = member.flags & ts.SymbolFlags.Optional ? '?' : '';
  out.push(`${indent}${prefix}${member.getName()}${optional}: ${typeText(type, decl)}`);
}

const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) {
  console.error(ts.formatDiagnostics(diagnostics, host));
  process.exit(1);
}
const root = checker.getSymbolAtLocation(program.getSourceFile(rootFile));
const lines = [];
entries.forEach((entry, i) => {
  const namespace = checker.getExportsOfModule(root).find((s) => s.getName() === `e${i}`);
  const module = checker.getAliasedSymbol(namespace);
  lines.push(`# ${entry}`);
  const exports = checker.getExportsOfModule(module).sort((a, b) => a.getName().localeCompare(b.getName()));
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const out = [];
    describeSymbol(symbol, out, '');
    // An export may be re-named; the report shows the name users import.
    if (out[0] !== undefined && exported.getName() !== symbol.getName())
      out[0] = out[0].replace(symbol.getName(), `${exported.getName()} (= ${symbol.getName()})`);
    lines.push(...out);
  }
  lines.push('');
});
// Types TypeScript cannot name from the entry point print as import("<install dir>/node_modules/..."): keep only
// the package path, so the report does not depend on where the packages were installed.
process.stdout.write(lines.join('\n').replace(/import\("[^"]*\/node_modules\//g, 'import("'));
