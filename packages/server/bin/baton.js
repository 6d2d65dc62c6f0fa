#!/usr/bin/env node
// The `baton` command; the implementation is compiled from src/cli.ts (`npm run build`).
import '../dist/cli.js';
