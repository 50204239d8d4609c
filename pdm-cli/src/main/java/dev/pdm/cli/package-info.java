/**
 * The {@code pdm} command line: picocli commands, their options and exit codes, and how their results print (text or
 * JSON). Domain logic comes from pdm-core; never imports server, web or sandbox code.
 */
package dev.pdm.cli;
