package dev.pdm.cli.text;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code pdm rollback-check} as text: the verdict, the migrations that make it unsafe, the recent packages. */
public record RollbackText(Style style, Times times) {

  public String report(JsonNode report) {
    JsonNode target = report.path("target");
    boolean safe = target.path("safe").asBoolean();
    StringBuilder out = new StringBuilder(style.status(safe ? "SAFE" : "UNSAFE")
        + ": rolling " + report.path("environment").asText() + " back to " + target.path("ref").asText() + " ("
        + shortSha(target.path("sha").asText()) + ")" + (safe ? " keeps every post-deploy migration that ran there in the code."
        : ": " + target.path("blocking").size() + " post-deploy migration(s) that ran there are not in its code.") + "\n");
    Table blocking = new Table("VERSION", "MIGRATION", "MERGE REQUEST", "RAN", "SOURCE");
    target.path("blocking").forEach(m -> blocking.row(m.path("version").asText(), m.path("class_name").asText(),
        m.path("merge_request").isObject() ? "!" + m.path("merge_request").path("iid").asText() + " "
            + m.path("merge_request").path("title").asText() : "-",
        m.path("ran_at").isTextual() ? times.at(m.path("ran_at").asText()) : "-", m.path("source").asText()));
    if (!blocking.isEmpty()) {
      out.append(blocking.render("  "));
    }
    report.path("notes").forEach(note -> out.append("  ").append(note.asText()).append('\n'));
    out.append('\n').append(style.bold("Packages recently deployed on " + report.path("environment").asText())).append('\n');
    Table recent = new Table("PACKAGE", "DEPLOYED", "SAFE TO ROLL BACK TO?");
    report.path("recent").forEach(p -> {
      StringBuilder versions = new StringBuilder();
      p.path("blocking").forEach(m -> versions.append(versions.length() == 0 ? "" : ", ").append(m.path("version").asText()));
      recent.row(p.path("ref").asText() + (p.path("current").asBoolean() ? " (running now)" : ""),
          p.path("deployed_at").isTextual() ? times.at(p.path("deployed_at").asText()) : "-",
          p.path("safe").asBoolean() ? "yes" : style.red("no") + " (" + versions + ")");
    });
    return out.append(recent.render("  ")).toString();
  }

  private static String shortSha(String sha) {
    return sha.length() > 11 ? sha.substring(0, 11) : sha;
  }
}
