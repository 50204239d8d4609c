package dev.pdm.core.executed;

/** One source's answer to "has it run there?". */
public enum Executed {
  YES,
  NO,
  UNKNOWN
}
