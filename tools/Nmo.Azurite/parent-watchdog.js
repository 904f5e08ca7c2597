// Runs inside node before Azurite: node -e <this> <azurite.js> <parent pid> <azurite arguments...>
//
// A line on stdin, stdin closing, or the parent .NET process disappearing runs Azurite's own SIGTERM shutdown,
// which saves its metadata (a hard kill loses the last few seconds of it), or exits at once while Azurite is
// still starting; so an Azurite never outlives a test run or a CLI, even one killed without running its cleanup.
// Ctrl+C in a terminal reaches every process of the group: Azurite ignores it, so storage stays up while the
// host finishes its running functions, and the host then stops it.
const [entry, parent, ...rest] = process.argv.slice(1);
process.argv = [process.argv[0], entry, ...rest];

// Azurite registers its own SIGINT handler, which would stop it on Ctrl+C: keep that one from being installed.
const on = process.on.bind(process), once = process.once.bind(process);
process.on = (e, l) => e === 'SIGINT' ? process : on(e, l);
process.once = (e, l) => e === 'SIGINT' ? process : once(e, l);
on('SIGINT', () => {});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  process.stdin.destroy();
  if (process.listenerCount('SIGTERM') === 0) process.exit(0);
  process.emit('SIGTERM');
  setTimeout(() => process.exit(0), 10000).unref();
};
process.stdin.on('data', stop);
process.stdin.on('end', stop);
process.stdin.on('error', stop);

// Signal 0 only asks whether the parent exists; EPERM means it does (owned by another user).
setInterval(() => {
  try { process.kill(Number(parent), 0); } catch (e) { if (e.code !== 'EPERM') stop(); }
}, 1000).unref();

require(entry);
