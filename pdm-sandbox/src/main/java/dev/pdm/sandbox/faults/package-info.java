/**
 * Faults injected into the sandbox, from a scenario or at run time: failing migrations and QA
 * jobs, HTTP errors, delays, lost answers and outages, late or incomplete pipelines, dropped or
 * duplicated webhooks. Must not import api or hooks.
 */
package dev.pdm.sandbox.faults;
