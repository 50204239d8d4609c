package dev.pdm.cli;

import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pdm completion}: prints a bash (and zsh, via bashcompinit) completion script for every pdm command. */
@Command(name = "completion",
    description = {"Prints a bash completion script for pdm.",
        "Load it in the current shell with:  source <(pdm completion)"})
final class CompletionCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    out.println(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
    out.flush();
  }
}
