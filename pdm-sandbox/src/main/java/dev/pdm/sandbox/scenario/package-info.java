/**
 * Scenarios as data: the YAML model, its loading (built-in or from a path) and base chaining.
 * Pure data and parsing; must not import the sandbox's HTTP, state or CI packages.
 */
package dev.pdm.sandbox.scenario;
