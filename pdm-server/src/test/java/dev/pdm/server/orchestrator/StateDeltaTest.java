package dev.pdm.server.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.server.testing.RunHistory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateDeltaTest {
  @Test
  void carriesOnlyWhatChangedWhereItChanged() {
    JsonObject before = new JsonObject().put("run", new JsonObject().put("status", "RUNNING")
        .put("stages", new JsonArray().add(stage("migrate-gstg", "RUNNING", 1)).add(stage("qa-gstg", "PENDING", 0)))
        .put("decisions", new JsonArray()));
    JsonObject after = before.copy();
    after.getJsonObject("run").getJsonArray("stages").getJsonObject(0).put("status", "FAILED")
        .getJsonArray("attempts").add(new JsonObject().put("number", 2));
    after.getJsonObject("run").getJsonArray("decisions").add(new JsonObject().put("reason", "safe / sound ~"));
    after.put("triage", new JsonObject().put("migrate/gstg", "x"));

    JsonArray changes = StateDelta.between(before, after);

    assertThat(changes).containsExactly(
        new JsonObject().put("op", "replace").put("path", "/run/stages/0/status").put("value", "FAILED"),
        new JsonObject().put("op", "add").put("path", "/run/stages/0/attempts/-")
            .put("value", new JsonObject().put("number", 2)),
        new JsonObject().put("op", "add").put("path", "/run/decisions/-")
            .put("value", new JsonObject().put("reason", "safe / sound ~")),
        new JsonObject().put("op", "add").put("path", "/triage").put("value", new JsonObject().put("migrate/gstg", "x")));
    assertThat(RunHistory.apply(before.copy(), changes)).isEqualTo(after);
    assertThat(StateDelta.between(after, after.copy())).isEmpty();
  }

  @Test
  void rebuildsAnyStateFromTheOneBefore() {
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      JsonObject before = randomObject(random, 3);
      JsonObject after = random.nextBoolean() ? randomObject(random, 3) : mutated(before, random);

      JsonArray changes = StateDelta.between(before, after);

      assertThat(RunHistory.apply(before.copy(), changes)).as("%s -> %s via %s", before, after, changes)
          .isEqualTo(after);
    }
  }

  @Test
  void theFirstEventCarriesTheWholeState() {
    JsonObject state = new JsonObject().put("run", new JsonObject().put("id", "r1"));

    assertThat(RunHistory.apply(new JsonObject(), StateDelta.whole(state))).isEqualTo(state);
  }

  private static JsonObject stage(String id, String status, int attempts) {
    JsonArray list = new JsonArray();
    for (int n = 1; n <= attempts; n++) {
      list.add(new JsonObject().put("number", n));
    }
    return new JsonObject().put("spec", new JsonObject().put("id", id)).put("status", status).put("attempts", list);
  }

  private static JsonObject mutated(JsonObject original, Random random) {
    JsonObject copy = original.copy();
    for (String key : original.fieldNames()) {
      switch (random.nextInt(5)) {
        case 0 -> copy.remove(key);
        case 1 -> copy.put(key, value(random, 2));
        case 2 -> {
          if (copy.getValue(key) instanceof JsonArray array) {
            array.add(value(random, 1));
          }
        }
        default -> {
        }
      }
    }
    copy.put("k" + random.nextInt(8), value(random, 2));
    return copy;
  }

  private static JsonObject randomObject(Random random, int depth) {
    JsonObject object = new JsonObject();
    int keys = random.nextInt(5);
    for (int i = 0; i < keys; i++) {
      object.put("k" + random.nextInt(8), value(random, depth - 1));
    }
    return object;
  }

  private static Object value(Random random, int depth) {
    int kind = depth <= 0 ? random.nextInt(4) : random.nextInt(6);
    return switch (kind) {
      case 0 -> null;
      case 1 -> random.nextInt(3);
      case 2 -> "s" + random.nextInt(3);
      case 3 -> random.nextBoolean();
      case 4 -> randomObject(random, depth);
      default -> {
        JsonArray array = new JsonArray();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          array.add(value(random, depth - 1));
        }
        yield array;
      }
    };
  }
}
