package dev.pdm.server.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pdm.core.chatops.ChatCommand.Access;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.Secret;
import dev.pdm.sandbox.GitLabSandbox;
import dev.pdm.sandbox.SandboxOptions;
import dev.pdm.sandbox.slack.SlackWorkspace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who a Slack user is to pdm: configured users first, then Slack user groups (read from the simulated Slack). */
@ExtendWith(VertxExtension.class)
class ChatUsersTest {

  private static ChatUsers users(GitLabSandbox sandbox, Vertx vertx, List<PdmConfig.ChatUser> configured,
      Map<PdmConfig.Role, String> groups, PdmConfig.UnknownUsers unknown) {
    SlackWebApi api = new SlackWebApi(WebClient.create(vertx), sandbox.slackApiUrl(),
        Secret.of(GitLabSandbox.SLACK_BOT_TOKEN));
    return new ChatUsers("slack", configured, groups, unknown, Optional.of(api), Clock.systemUTC());
  }

  @Test
  void aConfiguredUserComesFirstThenTheOperatorGroupThenNobody(Vertx vertx, VertxTestContext test) {
    GitLabSandbox.start(vertx, SandboxOptions.defaults().withManualClock()).compose(sandbox -> {
      ChatUsers users = users(sandbox, vertx, List.of(new PdmConfig.ChatUser(SlackWorkspace.VIEWER.id(), "victor",
              PdmConfig.Role.VIEWER, Optional.empty())), Map.of(PdmConfig.Role.OPERATOR, SlackWorkspace.RELEASE_MANAGERS),
          PdmConfig.UnknownUsers.REFUSE);
      Future<ChatIdentity> manager = users.identify(SlackWorkspace.RELEASE_MANAGER.id(), "release-manager");
      Future<ChatIdentity> viewer = users.identify(SlackWorkspace.VIEWER.id(), "viewer");
      Future<ChatIdentity> guest = users.identify(SlackWorkspace.GUEST.id(), "guest");
      return Future.all(manager, viewer, guest).map(all -> {
        test.verify(() -> {
          assertThat(manager.result().allows(Access.OPERATE)).isTrue();
          assertThat(manager.result().actor()).isEqualTo("release-manager (slack:U0PDMRM01)");
          assertThat(viewer.result().allows(Access.READ)).isTrue();
          assertThat(viewer.result().allows(Access.OPERATE)).isFalse();
          assertThat(viewer.result().actor()).isEqualTo("victor (slack:U0PDMVIEW1)");
          assertThat(guest.result().allows(Access.READ)).isFalse();
          assertThat(guest.result().describe()).contains("pdm does not know you");
        });
        return sandbox;
      }).eventually(sandbox::close);
    }).onComplete(test.succeedingThenComplete());
  }

  @Test
  void aUserGroupSlackDoesNotKnowGrantsNothingAndUnknownUsersMayReadWhereConfigured(Vertx vertx,
      VertxTestContext test) {
    GitLabSandbox.start(vertx, SandboxOptions.defaults().withManualClock()).compose(sandbox -> {
      ChatUsers users = users(sandbox, vertx, List.of(), Map.of(PdmConfig.Role.OPERATOR, "S0NOSUCHGROUP"),
          PdmConfig.UnknownUsers.READ);
      return users.identify(SlackWorkspace.RELEASE_MANAGER.id(), "release-manager").map(who -> {
        test.verify(() -> {
          assertThat(who.role()).isEmpty();
          assertThat(who.allows(Access.READ)).isTrue();
          assertThat(who.allows(Access.OPERATE)).isFalse();
        });
        return sandbox;
      }).eventually(sandbox::close);
    }).onComplete(test.succeedingThenComplete());
  }
}
