package dev.pdm.sandbox.state;

/** A GitLab user. */
public record User(long id, String username, String name) {

  /** The e-mail address the sandbox gives this user. */
  public String email() {
    return username + "@example.com";
  }
}
