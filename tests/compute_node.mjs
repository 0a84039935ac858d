// Node harness for the modules of d2l_local/web/compute, driven by tests/compute_node.py.
//
// stdin: {"module": "paths.js", "function": "computePaths", "calls": [[arg, ...], ...]}
// stdout: what each call returned, as a JSON list (typed arrays as lists; JSON writes
// each double exactly, as the shortest text that reads back to it).

import { readFileSync } from "node:fs";

const input = JSON.parse(readFileSync(0, "utf8"));
const module = await import(new URL(`../d2l_local/web/compute/${input.module}`, import.meta.url));
const results = input.calls.map((args) => module[input.function](...args));
const plain = (key, value) => (ArrayBuffer.isView(value) ? Array.from(value) : value);
console.log(JSON.stringify(results, plain));
