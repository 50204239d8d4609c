package dev.pdm.core.incident;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Something the server must write for an incident workflow. Each is idempotent: a note carries a marker looked up
 * before it is posted, a label is only added when missing, a checklist item carries a marker in the description.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = IncidentCommand.NoteOnIncident.class, name = "NoteOnIncident"),
    @JsonSubTypes.Type(value = IncidentCommand.LabelIncident.class, name = "LabelIncident"),
    @JsonSubTypes.Type(value = IncidentCommand.AnnounceIncidentStep.class, name = "AnnounceIncidentStep"),
    @JsonSubTypes.Type(value = IncidentCommand.AddReleaseItem.class, name = "AddReleaseItem"),
    @JsonSubTypes.Type(value = IncidentCommand.TickReleaseItem.class, name = "TickReleaseItem")
})
public sealed interface IncidentCommand {

  /** The JSON {@code type} of every incident command. */
  Set<String> TYPES = Arrays.stream(IncidentCommand.class.getAnnotation(JsonSubTypes.class).value())
      .map(JsonSubTypes.Type::name).collect(Collectors.toUnmodifiableSet());

  /** The failed stage whose workflow it is. */
  String stageId();

  /** Post {@code body} (markdown, GitLab text already neutralised) on the incident, once: entry {@code entry}'s note. */
  record NoteOnIncident(String stageId, int entry, String body) implements IncidentCommand {
  }

  /** Add ({@code add}) or remove {@code label} on the incident, when it is not already so. */
  record LabelIncident(String stageId, int entry, String label, boolean add) implements IncidentCommand {
  }

  /** Announce entry {@code entry} in chat: a title and plain-text lines (escaped when rendered), with a link. */
  record AnnounceIncidentStep(String stageId, int entry, String title, List<String> lines, Optional<String> link)
      implements IncidentCommand {
    /** Copies the lines. */
    public AnnounceIncidentStep {
      lines = List.copyOf(lines);
      link = link == null ? Optional.empty() : link;
    }
  }

  /** Add {@code line} (markdown) as an unticked checklist item of the monthly release issue, once. */
  record AddReleaseItem(String stageId, String key, String line) implements IncidentCommand {
  }

  /** Tick release item {@code key} on the monthly release issue. */
  record TickReleaseItem(String stageId, String key) implements IncidentCommand {
  }
}
