// The schema's keywords for editors, which ajv's strict mode would otherwise
// refuse as unknown: `markdownDescription` (hover text) and
// `defaultSnippets` (what to insert), both read by yaml-language-server and
// VS Code, and annotations only: they accept every value.
// Loaded with `ajv validate -c bench/ajv-editor-keywords.js`.
module.exports = (ajv) => {
  ajv.addKeyword({ keyword: 'markdownDescription', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'defaultSnippets', schemaType: 'array' });
  return ajv;
};
