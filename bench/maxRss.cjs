// Preloaded with `node -r bench/maxRss.cjs …`: at exit, the process's peak resident set size
// (KiB, from the kernel) and its CPU time (µs) go to the file named by LRLENS_MAX_RSS_FILE, as JSON.
const { writeFileSync } = require('node:fs');
const file = process.env.LRLENS_MAX_RSS_FILE;
if (file)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
  });
