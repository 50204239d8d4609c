/**
 * Benchmarks of pdm-core's hot paths, run by hand with a documented command (bench/README.md), never by the unit test
 * run. Imports pdm-core only.
 */
package dev.pdm.bench;
