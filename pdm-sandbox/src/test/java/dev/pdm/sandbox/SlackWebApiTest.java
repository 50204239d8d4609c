package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pdm.sandbox.slack.SlackWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulated Slack Web API answers like Slack: HTTP 200, {@code ok} and the method's fields, or Slack's error. */
class SlackWebApiTest {
  private static RunningSandbox running;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    running = RunningSandbox.start("happy");
  }

  @AfterAll
  static void stop() {
    running.close();
  }

  private JsonNode call(String method, String contentType, String body, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(running.sandbox.slackApiUrl() + "/" + method))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return Http.parse(response.body());
  }

  private JsonNode json(String method, String body) throws Exception {
    return call(method, "application/json; charset=utf-8", body, GitLabSandbox.SLACK_BOT_TOKEN);
  }

  private JsonNode form(String method, String body) throws Exception {
    return call(method, "application/x-www-form-urlencoded", body, GitLabSandbox.SLACK_BOT_TOKEN);
  }

  @Test
  void refusesMissingAndWrongTokensAsSlackDoes() throws Exception {
    assertThat(call("auth.test", "application/x-www-form-urlencoded", "", null).toString())
        .isEqualTo("{\"ok\":false,\"error\":\"not_authed\"}");
    assertThat(call("auth.test", "application/x-www-form-urlencoded", "", "xoxb-wrong").path("error").asText())
        .isEqualTo("invalid_auth");
    assertThat(form("auth.test", "").path("team_id").asText()).isEqualTo(SlackWorkspace.TEAM_ID);
    assertThat(form("chat.unknownMethod", "").path("error").asText()).isEqualTo("unknown_method");
  }

  @Test
  void postsUpdatesAndThreadsMessagesAndRecordsEveryEdit() throws Exception {
    JsonNode posted = json("chat.postMessage", "{\"channel\":\"#releases\",\"text\":\"run 1: running\","
        + "\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"running\"}}]}");
    assertThat(posted.path("ok").asBoolean()).as(posted.toString()).isTrue();
    assertThat(posted.path("channel").asText()).isEqualTo(SlackWorkspace.RELEASES);
    String ts = posted.path("ts").asText();
    assertThat(json("chat.update", "{\"channel\":\"" + SlackWorkspace.RELEASES + "\",\"ts\":\"" + ts
        + "\",\"text\":\"run 1: succeeded\"}").path("ok").asBoolean()).isTrue();
    assertThat(json("chat.postMessage", "{\"channel\":\"" + SlackWorkspace.RELEASES + "\",\"thread_ts\":\"" + ts
        + "\",\"text\":\"details\"}").path("ok").asBoolean()).isTrue();

    assertThat(running.sandbox.slack().workspace().channelMessages(SlackWorkspace.RELEASES))
        .filteredOn(m -> m.ts().equals(ts)).singleElement().satisfies(m -> {
          assertThat(m.edits()).isEqualTo(1);
          assertThat(m.current().getString("text")).isEqualTo("run 1: succeeded");
        });
    assertThat(running.sandbox.slack().workspace().thread(SlackWorkspace.RELEASES, ts)).hasSize(1);
  }

  @Test
  void answersBadInputWithSlacksErrorCodes() throws Exception {
    assertThat(json("chat.postMessage", "{\"channel\":\"#nowhere\",\"text\":\"x\"}").path("error").asText())
        .isEqualTo("channel_not_found");
    assertThat(json("chat.postMessage", "{\"channel\":\"#releases\"}").path("error").asText()).isEqualTo("no_text");
    assertThat(json("chat.postMessage", "{\"channel\":\"#releases\",\"text\":\"x\",\"blocks\":[{\"no\":\"type\"}]}")
        .path("error").asText()).isEqualTo("invalid_blocks");
    assertThat(json("chat.postMessage", "{\"channel\":\"#releases\",\"text\":\"x\",\"thread_ts\":\"1.2\"}")
        .path("error").asText()).isEqualTo("thread_not_found");
    assertThat(json("chat.update", "{\"channel\":\"" + SlackWorkspace.RELEASES + "\",\"ts\":\"1.2\",\"text\":\"x\"}")
        .path("error").asText()).isEqualTo("message_not_found");
    assertThat(form("users.lookupByEmail", "email=nobody%40example.com").path("error").asText())
        .isEqualTo("users_not_found");
    assertThat(form("conversations.open", "users=U0NOBODY").path("error").asText()).isEqualTo("user_not_found");
    assertThat(json("views.open", "{\"trigger_id\":\"12.34\",\"view\":{\"type\":\"modal\",\"title\":{\"type\":"
        + "\"plain_text\",\"text\":\"t\"},\"blocks\":[]}}").path("error").asText()).isEqualTo("invalid_trigger_id");
    assertThat(form("usergroups.users.list", "usergroup=S0NOPE").path("error").asText())
        .isEqualTo("no_such_subteam");
  }

  @Test
  void findsGitLabsPeopleByEmailAndOpensDirectMessages() throws Exception {
    JsonNode found = form("users.lookupByEmail", "email=bruno-costa%40example.com");
    assertThat(found.path("user").path("id").asText()).isEqualTo("U0GL1202");
    assertThat(found.path("user").path("profile").path("email").asText()).isEqualTo("bruno-costa@example.com");
    assertThat(form("conversations.open", "users=U0GL1202").path("channel").path("id").asText())
        .isEqualTo("D0GL1202");
    assertThat(form("usergroups.users.list", "usergroup=" + SlackWorkspace.RELEASE_MANAGERS).path("users").get(0)
        .asText()).isEqualTo(SlackWorkspace.RELEASE_MANAGER.id());
  }
}
