package dev.pdm.cli;

import dev.pdm.cli.api.CliFailure;
import dev.pdm.cli.api.PdmApi;
import dev.pdm.cli.api.ServerAddress;
import dev.pdm.cli.text.Style;
import dev.pdm.cli.text.Times;
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
    footer = {"", "Exit status: 0 done (run succeeded), 1 run failed or request refused, 2 usage error,",
        "3 run blocked or canceled, 4 server unreachable, 5 token missing, unknown or not an operator's."},
    subcommands = {OverviewCommand.class, PendingCommand.class, ChecksCommand.class, ExecuteCommand.class,
        WatchCommand.class, RunsCommand.class, RunCommand.class, RetryCommand.class, CancelCommand.class,
        MitigateCommand.class, OverrideQaCommand.class, AdoptCommand.class, TriggerAgainCommand.class,
        AbandonCommand.class, BlockCommand.class, PlanCommand.class, HandoverCommand.class,
        RerunCommand.class, ExecutedCommand.class, RollbackCheckCommand.class, TriageCommand.class,
        CompletionCommand.class})
public final class PdmCli implements Runnable {
  @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "URL of the pdm server (default: environment variable PDM_SERVER, else server= in"
          + " $XDG_CONFIG_HOME/pdm/config).")
  private String server;

  @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
      description = "API token for the pdm server. Discouraged: on the command line it is visible to every user of"
          + " the machine (ps) and kept in shell history; set PDM_TOKEN or token= in the config file (mode 600)"
          + " instead, which pdm reads when --token is not given. Never printed.")
  private String token;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON instead of text.")
  private boolean json;

  @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "Print no colours (also when NO_COLOR is set).")
  private boolean noColor;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  private boolean debug;

  @Spec
  private CommandSpec spec;

  private final Surroundings surroundings;

  private PdmCli(Surroundings surroundings) {
    this.surroundings = surroundings;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The {@code pdm} command line, ready to {@code execute}. */
  public static CommandLine commandLine() {
    return commandLine(Surroundings.system());
  }

  static CommandLine commandLine(Surroundings surroundings) {
    PdmCli pdm = new PdmCli(surroundings);
    CommandLine commandLine = new CommandLine(pdm);
    commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
      failed.getErr().println("pdm: " + Optional.ofNullable(exception.getMessage()).orElse(exception.toString()));
      if (pdm.debug) {
        exception.printStackTrace(failed.getErr());
      }
      return exception instanceof CliFailure failure ? failure.exitCode() : CommandLine.ExitCode.SOFTWARE;
    });
    return commandLine;
  }

  /** Without a subcommand there is nothing to do: say so, with the usage, as for any other usage error. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command, e.g. 'pdm overview'.");
  }

  /** The server's API, from {@code --server}/{@code PDM_SERVER}/the config file and the matching token. */
  PdmApi api() {
    ConfigFile config = ConfigFile.of(surroundings);
    String url = Optional.ofNullable(server).filter(value -> !value.isBlank())
        .or(() -> surroundings.variable("PDM_SERVER")).or(() -> config.value("server"))
        .orElseThrow(() -> new CliFailure(CliFailure.USAGE, "no pdm server given: use --server URL, set PDM_SERVER,"
            + " or put server=URL in " + config));
    Optional<String> apiToken = Optional.ofNullable(token).filter(value -> !value.isBlank())
        .or(() -> surroundings.variable("PDM_TOKEN")).or(() -> config.value("token"));
    ServerAddress address = ServerAddress.of(url, apiToken);
    if (apiToken.isPresent() && !address.tokenTravelsPrivately()) {
      spec.commandLine().getErr().println("pdm: warning: the API token goes to " + address.url().getHost()
          + " over plain http://, readable by anyone on the way; use an https:// server URL");
    }
    return new PdmApi(address);
  }

  Surroundings surroundings() {
    return surroundings;
  }

  boolean json() {
    return json;
  }

  boolean debug() {
    return debug;
  }

  /** Colours only on a terminal, and never with {@code --no-color} or {@code NO_COLOR}. */
  boolean colour() {
    return !noColor && surroundings.variable("NO_COLOR").isEmpty() && surroundings.terminalOutput();
  }

  Style style() {
    return new Style(colour());
  }

  Times times() {
    return new Times(surroundings.clock());
  }
}
