package dev.pdm.core.auth;

import dev.pdm.core.config.PdmConfig.Role;

/** An authenticated caller: the token's name (recorded in the audit trail) and its role. */
public record Caller(String name, Role role) {

  public boolean isOperator() {
    return role == Role.OPERATOR;
  }
}
