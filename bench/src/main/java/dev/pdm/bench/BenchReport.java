package dev.pdm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a benchmark's results to {@code OUT/NAME.json} and its table, with the machine, to {@code OUT/NAME.md}. */
final class BenchReport {
  private BenchReport() {
  }

  static void write(Path out, String name, Map<String, Object> report, String table) throws Exception {
    report.put("machine", Machine.describe());
    Files.createDirectories(out);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve(name + ".json").toFile(),
        report);
    String markdown = table + "\n" + report.get("machine") + "\n";
    Files.writeString(out.resolve(name + ".md"), markdown);
    System.out.println(markdown);
  }
}
