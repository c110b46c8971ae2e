// Preloaded with `node -r bench/maxRss.cjs …`: at exit, the process's peak resident set size
// (KiB) and its CPU time (µs) go to the file named by LRLENS_MAX_RSS_FILE, as JSON.
//
// The peak is the kernel's VmHWM for this process's own address space. getrusage's maxRSS is not:
// on Linux a child made by fork + exec starts with the parent's resident size at the fork, so a
// CLI spawned by a 117 MiB test runner "peaked" at 117 MiB whatever it did. maxRSS is the
// fallback only where /proc is missing.
const { readFileSync, writeFileSync } = require('node:fs');
const file = process.env.LRLENS_MAX_RSS_FILE;

function peakKiB() {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no /proc: below.
  }
  return process.resourceUsage().maxRSS;
}

if (file)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: peakKiB(), userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
  });
