// Preloaded with `node -r bench/maxRss.cjs …`: at exit, the process's peak resident set size
// (KiB, from the kernel) goes to the file named by LRLENS_MAX_RSS_FILE.
const { writeFileSync } = require('node:fs');
const file = process.env.LRLENS_MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
