/**
 * Benchmarks of pdm, run by hand with documented commands (bench/README.md), never by the unit test run: pdm-core's hot
 * paths in this JVM, and pdm's server measured from a separate process (this one), beside a bare Vert.x baseline.
 */
package dev.pdm.bench;
