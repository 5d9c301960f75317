// SPDX-License-Identifier: GPL-2.0
// v8_bench: times run(N) of a benchmark kernel on node's V8.
//
//   node [--liftoff --no-wasm-tier-up | --no-liftoff] v8_bench.js FILE.wasm N \
//        [REPS (5)] [MAX-SECONDS (3)]
//
// Compiles and instantiates FILE (no imports), calls run(N) up to REPS
// times (stops early after MAX-SECONDS in total) and prints
// "BEST-MS CHECKSUM COMPILE-MS".
'use strict';
const fs = require('fs');

const [file, nArg, repsArg, maxArg] = process.argv.slice(2);
if (!file || !nArg) {
	console.error('usage: node v8_bench.js FILE.wasm N [REPS] [MAX-SECONDS]');
	process.exit(2);
}
const n = parseInt(nArg, 10);
const reps = repsArg ? parseInt(repsArg, 10) : 5;
const maxS = maxArg ? parseFloat(maxArg) : 3;

let t0 = process.hrtime.bigint();
const mod = new WebAssembly.Module(fs.readFileSync(file));
const inst = new WebAssembly.Instance(mod, {});
const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
const run = inst.exports.run;

let best = Infinity, total = 0, sum;
for (let i = 0; i < reps && (i === 0 || total < maxS * 1e3); i++) {
	t0 = process.hrtime.bigint();
	const r = run(n);
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	if (i && r !== sum) {
		console.error(`run(${n}) is not deterministic: ${sum} then ${r}`);
		process.exit(1);
	}
	sum = r;
	total += ms;
	best = Math.min(best, ms);
}
console.log(`${best.toFixed(3)} ${sum} ${compileMs.toFixed(3)}`);
