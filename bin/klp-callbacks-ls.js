#!/usr/bin/env node
// Runs the bundled language server (stdio), building it first on a fresh checkout.
require(require('./ensure-built')('server-launcher.js'));
