// Where Azurite spends its CPU, from the profile a benchmark run leaves with NMO_BENCH_AZURITE_PROFILE=DIR:
//   node benchmarks/azurite-profile.js DIR/<file>.cpuprofile                 samples per second, to find the phase
//   node benchmarks/azurite-profile.js DIR/<file>.cpuprofile FROM TO [REGEX]  share of busy samples in seconds
//                                                                            FROM..TO under each function (inclusive)
// A function counts once per sample however deep it recurses. Idle samples are left out of the shares.
'use strict';
const fs = require('fs');
const [file, from, to, pattern] = process.argv.slice(2);
if (!file) {
  console.error('usage: node azurite-profile.js PROFILE [FROM TO [REGEX]]');
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const child of n.children || []) parent.set(child, n.id);
const label = n => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*node_modules\//, '')}:${n.callFrame.lineNumber + 1}`;

let time = profile.startTime;
const perSecond = new Map();
const inclusive = new Map();
let busy = 0;
for (let i = 0; i < profile.samples.length; i++) {
  time += profile.timeDeltas[i];
  const second = Math.floor((time - profile.startTime) / 1e6);
  const leaf = nodes.get(profile.samples[i]);
  if (leaf.callFrame.functionName === '(idle)') continue;
  perSecond.set(second, (perSecond.get(second) || 0) + 1);
  if (from === undefined || second < Number(from) || second > Number(to)) continue;
  busy++;
  const seen = new Set();
  for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
    const key = label(nodes.get(id));
    if (!seen.has(key)) {
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) || 0) + 1);
    }
  }
}

if (from === undefined) {
  console.log('busy samples per second: ' + [...perSecond].map(([s, n]) => `${s}:${n}`).join(' '));
  process.exit(0);
}

const filter = new RegExp(pattern || 'handlers/|persistence/|batch/');
console.log(`${busy} busy samples in seconds ${from}..${to}`);
for (const [key, n] of [...inclusive].filter(([key]) => filter.test(key)).sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${(100 * n / busy).toFixed(1).padStart(5)} %  ${key}`);
}
