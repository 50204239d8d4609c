package dev.pdm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that asks the pdm server something and prints the answer: the API's JSON with --json, else text. */
abstract class ServerCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @ParentCommand
  PdmCli pdm;

  @Spec
  CommandSpec spec;

  /** Prints {@code answer} as JSON or as {@code text} renders it. */
  void print(JsonNode answer, Function<JsonNode, String> text) {
    PrintWriter out = out();
    out.print(pdm.json() ? json(answer) + "\n" : text.apply(answer));
    out.flush();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
