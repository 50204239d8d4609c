package dev.pdm.server.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.server.testing.Eventually;
import dev.pdm.server.testing.SandboxedPdm;
import dev.pdm.server.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Mattermost's slash commands (the fields of its outgoing request: https://developers.mattermost.com/integrate/
 * slash-commands/custom/), trusted by their token, answer the same commands in markdown.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class MattermostCommandsTest {
  private static final String TOKEN = "xr3j5x3p4pfjpfjpfjpfjpfjpf";
  private static final String OPERATOR = "4xp9fdt8pbgium38k7k4bcbx8a";
  private static final String VIEWER = "9ssf3hw5uigadmkqyy1wz1ix4c";
  private SandboxedPdm pdm;

  @AfterEach
  void stop(VertxTestContext test) {
    (pdm == null ? Future.<Void>succeededFuture() : pdm.close()).onComplete(test.succeedingThenComplete());
  }

  private MultiMap command(String token, String userId, String text, String responseUrl) {
    return MultiMap.caseInsensitiveMultiMap().add("channel_id", "fdsafdsafdsafdsafdsafdsafd")
        .add("channel_name", "releases").add("command", "/pdm").add("response_url", responseUrl)
        .add("team_domain", "gitlab").add("team_id", "rdc9bgriktyx9p4kowh3dmgqyc").add("text", text)
        .add("token", token).add("trigger_id", "OWZ3aHJ6OXNhZ2Z1Znl5bnhwdW5odHd0Z3I6OXNzZjNodzV1aWdhZG1rcXl5MXd6MWl4NGM6")
        .add("user_id", userId).add("user_name", "emil");
  }

  @Test
  void answersTheSameCommandsInMarkdownToWhoeverHasTheToken(Vertx vertx, VertxTestContext test) {
    String yaml = """
        chat:
          mattermost:
            command_token: %s
            users:
              - {user_id: %s, name: emil-larsen, role: operator}
              - {user_id: %s, name: chen-wei, role: viewer}
        """.formatted(TOKEN, OPERATOR, VIEWER);
    WebClient client = WebClient.create(vertx);
    List<Integer> statuses = new ArrayList<>();
    List<JsonObject> answers = new ArrayList<>();
    String[] responseUrl = new String[1];
    SandboxedPdm.start(vertx, SandboxOptions.defaults().withSpeed(SandboxedPdm.SPEED), Optional.of(yaml),
            TestDatabase.fresh())
        .compose(started -> {
          pdm = started;
          responseUrl[0] = pdm.gitLab().slack().newResponseUrl();
          return client.post(pdm.port(), "127.0.0.1", "/hooks/mattermost/commands")
              .sendForm(command("not-the-token", OPERATOR, "execute confirm", responseUrl[0]));
        })
        .compose(forged -> {
          statuses.add(forged.statusCode());
          return client.post(pdm.port(), "127.0.0.1", "/hooks/mattermost/commands")
              .sendForm(command(TOKEN, VIEWER, "execute", responseUrl[0]));
        })
        .compose(viewer -> {
          statuses.add(viewer.statusCode());
          answers.add(viewer.bodyAsJsonObject());
          return client.post(pdm.port(), "127.0.0.1", "/hooks/mattermost/commands")
              .sendForm(command(TOKEN, OPERATOR, "executed !171204", responseUrl[0]));
        })
        .compose(operator -> {
          statuses.add(operator.statusCode());
          return Eventually.until(vertx, "the answer at the response_url",
              () -> !pdm.gitLab().slack().responses(responseUrl[0]).isEmpty());
        })
        .compose(answered -> pdm.get("/api/v1/runs"))
        .onComplete(test.succeeding(runs -> test.verify(() -> {
          assertThat(statuses).containsExactly(401, 200, 200);
          assertThat(answers.get(0).getString("text")).contains("Not allowed").contains("a viewer");
          assertThat(pdm.gitLab().slack().responses(responseUrl[0])).singleElement().satisfies(answer -> {
            assertThat(answer.getString("response_type")).isEqualTo("ephemeral");
            assertThat(answer.getString("text")).startsWith("#### Was it executed? \\!171204")
                .contains("**gstg**").contains("deployments **").contains("labels **").doesNotContain("\"blocks\"");
          });
          assertThat(runs.bodyAsJsonObject().getJsonArray("runs")).isEmpty();
          test.completeNow();
        })));
  }
}
