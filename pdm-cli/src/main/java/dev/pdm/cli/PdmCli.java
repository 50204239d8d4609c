package dev.pdm.cli;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** Entry point of the {@code pdm} command: global options, subcommands, exit codes. */
@Command(name = "pdm",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = PdmVersion.class,
    description = "Runs post-deploy database migrations through a pdm server, and triages failed migration logs.",
    subcommands = {TriageCommand.class, CompletionCommand.class})
public final class PdmCli implements Runnable {
  @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:PDM_SERVER}", scope = ScopeType.INHERIT,
      description = "URL of the pdm server (default: environment variable PDM_SERVER).")
  private String server;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:PDM_TOKEN}", scope = ScopeType.INHERIT,
      description = "API token for the pdm server (default: environment variable PDM_TOKEN). Never printed.")
  private String token;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON instead of text.")
  private boolean json;

  @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Print no colours (also when NO_COLOR is set).")
  private boolean noColor;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  private boolean debug;

  @Spec
  private CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The {@code pdm} command line, ready to {@code execute}. */
  public static CommandLine commandLine() {
    PdmCli pdm = new PdmCli();
    CommandLine commandLine = new CommandLine(pdm);
    commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
      failed.getErr().println("pdm: " + Optional.ofNullable(exception.getMessage()).orElse(exception.toString()));
      if (pdm.debug) {
        exception.printStackTrace(failed.getErr());
      }
      return CommandLine.ExitCode.SOFTWARE;
    });
    return commandLine;
  }

  /** Without a subcommand there is nothing to do: say so, with the usage, as for any other usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command, e.g. 'pdm triage --log FILE'.");
  }

  /** The pdm server's URL, from {@code --server} or {@code PDM_SERVER}. */
  Optional<String> server() {
    return Optional.ofNullable(server).filter(url -> !url.isBlank());
  }

  /** The API token, from {@code --token} or {@code PDM_TOKEN}. */
  Optional<String> token() {
    return Optional.ofNullable(token).filter(value -> !value.isBlank());
  }

  boolean json() {
    return json;
  }

  boolean debug() {
    return debug;
  }

  /** Colours only on a terminal, and never with {@code --no-color} or {@code NO_COLOR}. */
  boolean colour() {
    return !noColor && System.getenv("NO_COLOR") == null && CommandLine.Help.Ansi.AUTO.enabled();
  }
}
