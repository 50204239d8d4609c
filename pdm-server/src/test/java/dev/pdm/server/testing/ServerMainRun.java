package dev.pdm.server.testing;

import dev.pdm.server.PdmServerMain;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One {@code pdm-server} invocation in this JVM, for commands that end by themselves (usage and configuration errors,
 * {@code hash-token}): its exit status, what it printed, and whatever reached the process's own stderr (a stack
 * trace would).
 */
public record ServerMainRun(int exitCode, String out, String err, String processErr) {

  /** Runs {@code pdm-server ARGS} with {@code stdin} as standard input. */
  public static synchronized ServerMainRun of(String stdin, String... args) {
    InputStream originalIn = System.in;
    PrintStream originalErr = System.err;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream processErr = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8));
      CommandLine command = new CommandLine(new PdmServerMain());
      command.setOut(new PrintWriter(out, true));
      command.setErr(new PrintWriter(err, true));
      int status = command.execute(args);
      return new ServerMainRun(status, out.toString(), err.toString(), processErr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(originalIn);
      System.setErr(originalErr);
    }
  }
}
