// Command line over the pure layers. Filled in by the analyzer issue.
process.stdout.write('lr-lens: analysis CLI not built yet\n');
