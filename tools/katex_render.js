// Render a batch of TeX snippets with KaTeX, for the exported page.
// argv[2]: the unpacked katex package. stdin: JSON [{tex, display}, ...].
// stdout: JSON [html, ...] in the same order. Exits 1 naming the first bad snippet.
const katex = require(require("path").join(process.argv[2], "dist", "katex.js"));

let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const html = [];
  for (const { tex, display } of JSON.parse(input)) {
    try {
      html.push(katex.renderToString(tex, {
        displayMode: display, output: "htmlAndMathml", throwOnError: true, strict: "warn",
      }));
    } catch (error) {
      process.stderr.write(`KaTeX cannot render ${JSON.stringify(tex)}: ${error.message}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify(html));
});
