#!/usr/bin/env node
// Runs the bundled CLI, building it first when a fresh checkout has not been built yet.
require(require('./ensure-built')('cli-launcher.js'));
