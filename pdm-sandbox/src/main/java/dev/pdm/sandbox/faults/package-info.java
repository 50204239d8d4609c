/**
 * Faults injected into the sandbox, from a scenario or at run time: failing migrations and QA
 * jobs, HTTP errors and delays, dropped or duplicated webhooks. Must not import api or hooks.
 */
package dev.pdm.sandbox.faults;
