package dev.pdm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.pdm.cli.text.RunText;
import dev.pdm.core.migrations.PostMigrateFile;
import dev.pdm.core.triage.FailedMigration;
import dev.pdm.core.triage.JobLogParser;
import dev.pdm.core.triage.MigrationLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pdm triage --log FILE}: reads a db:migrate job log offline and reports what failed and what migrated;
 * {@code pdm triage --job URL}: asks the server to triage a GitLab job, down to the MR, its author and approver.
 */
@Command(name = "triage",
    description = {"Reads a db:migrate job log (--log, offline) and reports the failed migration (version, class, file,"
        + " error) and the migrations that finished; or has the pdm server triage a GitLab migration job (--job):"
        + " the failed migration, its file, merge request, author and approving database maintainer.",
        "Exit status 0 when the log was read, 2 when it could not be."})
final class TriageCommand implements Callable<Integer> {
  @ArgGroup(multiplicity = "1")
  private Source source;

  /** Exactly one of a local log file and a GitLab job. */
  static final class Source {
    @Option(names = "--log", paramLabel = "FILE", required = true, description = "The job log to read (offline).")
    private Path log;

    @Option(names = "--job", paramLabel = "URL", required = true,
        description = "The GitLab job's URL (needs --server and a token).")
    private String job;
  }

  @Option(names = "--sha", paramLabel = "SHA", description = "With --job: the commit that ran (default: the package"
      + " deployed on the job's environment).")
  private String sha;

  @ParentCommand
  private PdmCli pdm;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    return source.job != null ? triageJob() : triageLog(source.log);
  }

  private int triageJob() {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("job", source.job);
    query.put("sha", sha);
    JsonNode answer = pdm.api().get("/api/v1/triage", query);
    PrintWriter out = spec.commandLine().getOut();
    if (pdm.json()) {
      out.println(ServerCommand.json(answer));
    } else if (answer.path("report").isObject()) {
      out.print(new RunText(pdm.style(), pdm.times()).report(answer.path("report"), MissingNode.getInstance()));
    } else {
      out.println("No failed migration in the log of " + source.job + " (" + answer.path("log").path("migrated")
          .size() + " migrated).");
    }
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  private int triageLog(Path log) {
    MigrationLog parsed;
    try (InputStream in = Files.newInputStream(log)) {
      parsed = JobLogParser.parse(in);
    } catch (IOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("pdm: cannot read log file " + log + ": " + reason(e));
      if (pdm.debug()) {
        e.printStackTrace(err);
      }
      return CommandLine.ExitCode.USAGE;
    }
    Optional<String> file = failedFile(parsed);
    PrintWriter out = spec.commandLine().getOut();
    out.print(pdm.json() ? TriageJson.render(parsed, file) : TriageText.render(parsed, file, pdm.colour()));
    out.flush();
    return CommandLine.ExitCode.OK;
  }

  /** The file the backtrace names, else the one Rails would load for the failed version and class. */
  private static Optional<String> failedFile(MigrationLog parsed) {
    return parsed.failedFile().map(PostMigrateFile::path)
        .or(() -> parsed.failed().flatMap(TriageCommand::expectedFile));
  }

  private static Optional<String> expectedFile(FailedMigration failed) {
    try {
      return Optional.of(PostMigrateFile.of(failed.version(), failed.className()).path());
    } catch (IllegalArgumentException notAPostDeployMigrationName) {
      return Optional.empty();
    }
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return String.valueOf(e.getMessage());
  }
}
