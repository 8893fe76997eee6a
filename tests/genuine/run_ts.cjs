// Run with node, with the first argument the folder where `npm install @anthropic-ai/sdk@X` was
// done: makes that release's genuine error text. Job on stdin, result on stdout (JSON), the same
// shapes as run_python.py. Forms: String(e), util.inspect(e) (what console.log(e) and an uncaught
// error print), e.stack, and a template-literal log line.
'use strict';
const path = require('path');
const util = require('util');
const fs = require('fs');

const dir = process.argv[2];
const pkgDir = path.join(dir, 'node_modules', '@anthropic-ai', 'sdk');
const sdk = require(pkgDir);
const Anthropic = sdk.Anthropic || sdk.default || sdk;
const version = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;

async function raise(c, job) {
  const baseURL = c.call === 'closed_port' ? job.closed_url : job.base_url;
  const client = new Anthropic({ apiKey: job.key, baseURL, maxRetries: 0,
                                 timeout: c.call === 'timeout' ? 1000 : 10000 });
  const body = { model: c.model, max_tokens: 1024,
                 messages: [{ role: 'user', content: 'Summarise this file.' }] };
  const opts = { headers: { 'x-fake-scenario': c.id } };
  try {
    if (c.call === 'stream') {
      const stream = await client.messages.create({ ...body, stream: true }, opts);
      for await (const _event of stream) { /* drain */ }
    } else {
      await client.messages.create(body, opts);
    }
  } catch (e) {
    return e;
  }
  throw new Error(`${c.id}: the SDK raised nothing`);
}

async function main() {
  const job = JSON.parse(fs.readFileSync(0, 'utf8'));
  const results = {};
  for (const c of job.cases) {
    const e = await raise(c, job);
    results[c.id] = {
      class: e && e.constructor ? e.constructor.name : typeof e,
      forms: {
        string: String(e),
        inspect: util.inspect(e),
        stack: String(e && e.stack),
        fstring: `2026-12-07T01:23:45.678Z error: request failed: ${e}\n`,
      },
    };
  }
  process.stdout.write(JSON.stringify({ version, node: process.version, results }));
}

main().catch((e) => { console.error(e); process.exit(1); });
