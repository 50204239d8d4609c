package dev.pdm.sandbox.state;

import java.util.List;

/** A group and its members. */
public record Group(long id, String path, String name, List<Member> members) {

  /** A member of a group with GitLab's access level. */
  public record Member(User user, int accessLevel) {
  }
}
