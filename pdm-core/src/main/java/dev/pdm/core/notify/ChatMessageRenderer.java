package dev.pdm.core.notify;

import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.notify.ChatBlock.Context;
import dev.pdm.core.notify.ChatBlock.Header;
import dev.pdm.core.notify.ChatBlock.Section;
import dev.pdm.core.notify.NotificationStyle.Layout;
import dev.pdm.core.run.Attempt;
import dev.pdm.core.run.Command.Notify;
import dev.pdm.core.run.DeployedPackage;
import dev.pdm.core.run.DeploymentProject;
import dev.pdm.core.run.FollowedPipeline;
import dev.pdm.core.run.NotificationKind;
import dev.pdm.core.run.OperatorDecision;
import dev.pdm.core.run.Run;
import dev.pdm.core.run.Stage;
import dev.pdm.core.run.StageKind;
import dev.pdm.core.run.StageSpec;
import dev.pdm.core.run.TriageState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a run's {@link Notify} command as a chat message: what happened to which stage, who asked, why, and links back
 * to pdm and GitLab. Every text that comes from GitLab or an operator goes through {@link MrkdwnText}.
 */
public final class ChatMessageRenderer {

  private static final int DETAIL_LINE_CHARS = 500;
  private static final int NAME_CHARS = 200;
  private static final int FALLBACK_DETAIL_CHARS = 300;

  private final StageNames stageNames;

  /**
   * @param environmentTitles a readable name per environment (e.g. {@code gstg → Staging}), shown as "Staging (gstg)";
   *                          an environment without one is shown by its name
   */
  public ChatMessageRenderer(Map<String, String> environmentTitles) {
    this.stageNames = new StageNames(environmentTitles);
  }

  private ChatMessageRenderer(StageNames stageNames) {
    this.stageNames = stageNames;
  }

  /** A renderer titling each configured environment after its workflow label ({@code staging → Staging}). */
  public static ChatMessageRenderer forEnvironments(List<PdmConfig.Environment> environments) {
    return new ChatMessageRenderer(StageNames.forEnvironments(environments));
  }

  /**
   * The message announcing {@code command}.
   *
   * @param run       the run as stored after the transition that emitted {@code command}
   * @param pdmRunUrl the run's page in pdm; blank when pdm has no public URL (then no pdm link is shown)
   */
  public ChatMessage render(Notify command, Run run, String pdmRunUrl) {
    Notify notify = withCancelDecision(command, run);
    NotificationStyle style = NotificationStyle.of(notify.kind());
    Optional<Stage> stage = notify.stageId().flatMap(run::stage);
    String title = style.title(stage.map(s -> stageName(s.spec())).orElse("Post-deploy migrations run"));
    List<ChatBlock> blocks = new ArrayList<>();
    blocks.add(new Header(MrkdwnText.plainWithin(title, Header.MAX_HEADER)));
    blocks.add(new Section(summary(notify, run, stage)));
    details(style, notify.details()).ifPresent(text -> blocks.add(new Section(text)));
    blocks.add(new Context(links(notify, run, stage, pdmRunUrl)));
    return new ChatMessage(fallback(title, style, notify, pdmRunUrl), blocks);
  }

  /**
   * A run ended by a cancel is announced without who canceled it or why (the state machine's end-of-run notification is
   * generic); both are on the run as its latest CANCEL decision.
   */
  private static Notify withCancelDecision(Notify notify, Run run) {
    boolean endedByCancel = notify.kind() == NotificationKind.RUN_CANCELED || notify.kind() == NotificationKind.RUN_FAILED;
    if (!endedByCancel || notify.actor().isPresent()) {
      return notify;
    }
    return run.decisions().stream()
        .filter(d -> d.kind() == OperatorDecision.Kind.CANCEL)
        .reduce((first, second) -> second)
        .map(cancel -> new Notify(notify.kind(), notify.runId(), notify.stageId(), Optional.of(cancel.actor()),
            notify.details().isEmpty() && !cancel.reason().isBlank() ? List.of(cancel.reason()) : notify.details(), notify.link()))
        .orElse(notify);
  }

  private String summary(Notify notify, Run run, Optional<Stage> stage) {
    List<String> lines = new ArrayList<>();
    Optional<String> actor = notify.kind() == NotificationKind.RUN_STARTED ? Optional.of(notify.actor().orElse(run.requestedBy()))
        : notify.actor();
    actor.ifPresent(a -> lines.add((notify.kind() == NotificationKind.RUN_STARTED ? "*Requested by:* " : "*By:* ")
        + MrkdwnText.escapeWithin(a, NAME_CHARS)));
    stage.ifPresent(s -> lines.add("*Stage:* " + escapedName(s.spec()) + (s.attemptNumber() > 0 ? " · attempt " + s.attemptNumber() : "")
        + " · now *" + words(s.status().name()) + "*"));
    lines.add("*Run:* `" + MrkdwnText.escapeWithin(shortId(run.id()), NAME_CHARS) + "` · *" + words(run.status().name()) + "*");
    if (notify.kind() == NotificationKind.STAGE_FAILED) {
      triage(stage).ifPresent(t -> lines.add(t.completed()
          ? "*Triage:* " + MrkdwnText.escapeWithin(t.summary().orElse("done"), DETAIL_LINE_CHARS)
          : "_Triage is running: the failing migration, its error and the incident follow._"));
    }
    if (stage.isEmpty()) {
      lines.add("*Stages:*");
      run.stages().forEach(s -> lines.add("• " + escapedName(s.spec()) + " — " + words(s.status().name()) + packageOf(run, s.spec())));
    }
    return MrkdwnText.fitLines(lines, ChatBlock.MAX_TEXT);
  }

  private static String packageOf(Run run, StageSpec spec) {
    if (spec.kind() != StageKind.MIGRATE || run.packageSnapshot() == null) {
      return "";
    }
    return run.packageSnapshot().find(spec.environment(), DeploymentProject.CANONICAL)
        .map(DeployedPackage::ref)
        .map(ref -> " · package `" + MrkdwnText.escapeWithin(ref.replace('`', 'ˋ'), NAME_CHARS) + "`")
        .orElse("");
  }

  private static Optional<String> details(NotificationStyle style, List<String> details) {
    if (details.isEmpty()) {
      return Optional.empty();
    }
    String caption = "*" + style.detailsLabel() + ":*";
    int room = ChatBlock.MAX_TEXT - caption.length() - 1;
    return Optional.of(switch (style.layout()) {
      case BULLETS -> caption + "\n" + MrkdwnText.fitLines(
          details.stream().map(d -> "• " + MrkdwnText.escapeWithin(d, DETAIL_LINE_CHARS)).toList(), room);
      case CODE -> caption + "\n" + MrkdwnText.codeBlock(String.join("\n", details), room);
      case KIND_THEN_CODE -> {
        String first = caption + " " + MrkdwnText.escapeWithin(words(details.get(0)), NAME_CHARS);
        List<String> rest = details.subList(1, details.size());
        yield rest.isEmpty() ? first
            : first + "\n" + MrkdwnText.codeBlock(String.join("\n", rest), ChatBlock.MAX_TEXT - first.length() - 1);
      }
    });
  }

  private static List<String> links(Notify notify, Run run, Optional<Stage> stage, String pdmRunUrl) {
    List<String> elements = new ArrayList<>();
    elements.add("pdm run `" + MrkdwnText.escapeWithin(shortId(run.id()), NAME_CHARS) + "`");
    MrkdwnText.link(pdmRunUrl, "Open in pdm").ifPresent(elements::add);
    Optional<FollowedPipeline> pipeline = stage.flatMap(Stage::currentAttempt).flatMap(Attempt::pipeline);
    pipeline.flatMap(p -> MrkdwnText.link(p.webUrl(), "Pipeline #" + p.id() + " in GitLab")).ifPresent(elements::add);
    if (notify.kind() == NotificationKind.STAGE_FAILED) {
      triage(stage).flatMap(TriageState::incidentUrl).flatMap(url -> MrkdwnText.link(url, "Incident")).ifPresent(elements::add);
    }
    notify.link()
        .filter(url -> pipeline.map(p -> !p.webUrl().equals(url)).orElse(true))
        .map(url -> MrkdwnText.link(url, linkLabel(notify.kind()))
            .orElse(linkLabel(notify.kind()) + ": " + MrkdwnText.escapeWithin(url, DETAIL_LINE_CHARS)))
        .ifPresent(elements::add);
    return elements;
  }

  /** The current attempt's triage: usually still running when the failure is announced, but it may have finished. */
  private static Optional<TriageState> triage(Optional<Stage> stage) {
    return stage.flatMap(Stage::currentAttempt).flatMap(Attempt::triage);
  }

  private static String linkLabel(NotificationKind kind) {
    return switch (kind) {
      case RUN_BLOCKED -> "Why it is blocked";
      case TRIAGE_COMPLETED -> "Incident";
      case CHECKS_OVERRIDDEN, RETRY_REQUESTED, MITIGATION_RECORDED, RUN_CANCELING, QA_FAILURE_OVERRIDDEN,
          TRIGGER_AGAIN_REQUESTED, STAGE_ABANDONED -> "Reference";
      case TRIGGER_UNCERTAIN, PIPELINE_ADOPTED -> "Pipelines in GitLab";
      default -> "Job in GitLab";
    };
  }

  private static String fallback(String title, NotificationStyle style, Notify notify, String pdmRunUrl) {
    List<String> shown = new ArrayList<>(notify.details());
    if (style.layout() == Layout.KIND_THEN_CODE && !shown.isEmpty()) {
      shown.set(0, words(shown.get(0)));
    }
    String detail = shown.isEmpty() ? ""
        : " — " + MrkdwnText.escapeWithin(String.join(": ", shown).replaceAll("\\s+", " "), FALLBACK_DETAIL_CHARS);
    return MrkdwnText.escapeWithin(title, ChatBlock.Header.MAX_HEADER) + detail
        + MrkdwnText.link(pdmRunUrl, "Open in pdm").map(link -> " · " + link).orElse("");
  }

  /** The stage's name as plain text (from configuration, escaped where it goes into mrkdwn). */
  private String stageName(StageSpec spec) {
    return stageNames.of(spec);
  }

  private String escapedName(StageSpec spec) {
    return MrkdwnText.escapeWithin(stageName(spec), NAME_CHARS);
  }

  /** {@code MIGRATION_JOB_FAILED} → {@code migration job failed}; any other text unchanged. */
  private static String words(String constant) {
    return constant.matches("[A-Z][A-Z_]*") ? constant.toLowerCase(Locale.ROOT).replace('_', ' ') : constant;
  }

  private static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) : id;
  }
}
