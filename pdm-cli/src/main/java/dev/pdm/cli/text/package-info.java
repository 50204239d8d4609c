/**
 * How pdm's answers read in a terminal: tables, statuses, times (relative and absolute), triage, the live run screen
 * and how it fits a terminal's width and height.
 * Pure functions of the API's JSON and a clock: no I/O, never imports picocli or the HTTP client.
 */
package dev.pdm.cli.text;
