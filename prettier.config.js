// Formatting settings chosen to match the code as written, so the one-time `npm run format` is small:
// single quotes (the engine and tests use them; src/definitions and src/index.ts are the odd ones out), and a
// 140-column width, where the code's lines already end (99th percentile 142; 140 rewrites about half as many
// lines as 120 would). Trailing commas everywhere, as multi-line calls and literals already have them.
/** @type {import('prettier').Config} */
export default {
  singleQuote: true,
  printWidth: 140,
  trailingComma: 'all',
  overrides: [
    // The YAML examples mirror Dagster's documented instance config, which double-quotes strings.
    { files: ['*.yaml', '*.yml'], options: { singleQuote: false } },
  ],
};
