/**
 * pdm's typed configuration: read from YAML, overridden by {@code PDM_*} environment variables and flags, validated
 * with every problem listed at once (path, value, expectation). Pure: reads no files itself except through
 * {@link dev.pdm.core.config.ConfigLoader}; imports nothing from server, cli or sandbox.
 */
package dev.pdm.core.config;
