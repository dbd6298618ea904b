#!/usr/bin/env node
import { run } from '../run';
import { binMain } from '../utils/bin-main';

binMain(run);
