package dev.pdm.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pdm.core.config.PdmConfig.ChatWebhook;
import dev.pdm.core.config.Secret;
import dev.pdm.core.notify.ChatBlock;
import dev.pdm.core.notify.ChatMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class ChatNotifierTest {

  /** Short enough to keep the suite fast, long enough for a local post on a loaded machine. */
  static final Duration FAST_TIMEOUT = Duration.ofSeconds(1);
  static final ChatMessage MESSAGE = new ChatMessage(":x: FAILED · Staging (gstg) migrations failed",
      List.of(new ChatBlock.Header(":x: FAILED · Staging (gstg) migrations failed"), new ChatBlock.Section("*Failure:* boom")));

  private final RecordingChatSink sink = new RecordingChatSink();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext test) {
    logs.start();
    rootLogger().addAppender(logs);
    client = WebClient.create(vertx);
    sink.start(vertx).onComplete(test.succeedingThenComplete());
  }

  @AfterEach
  void stopCapturingLogs() {
    rootLogger().detachAppender(logs);
  }

  @Test
  void postsTheMessageToEveryWebhook(VertxTestContext test) {
    ChatNotifier notifier = notifier(webhook("releases", sink.url("tok-releases-1", "ok")), webhook("database", sink.url("tok-db-2", "ok")));

    expect(test, notifier.send(MESSAGE), deliveries -> {
      assertThat(deliveries).containsExactly(
          new ChatDelivery("releases", true, Optional.of(200), Optional.empty()),
          new ChatDelivery("database", true, Optional.of(200), Optional.empty()));
      assertThat(sink.posts).hasSize(2).allSatisfy(post -> {
        assertThat(post.contentType()).isEqualTo("application/json");
        assertThat(post.body().getString("text")).isEqualTo(":x: FAILED · Staging (gstg) migrations failed");
        assertThat(post.body().getJsonArray("blocks").getJsonObject(0).getString("type")).isEqualTo("header");
      });
    });
  }

  @Test
  void aRefusingAndASilentWebhookAreReportedWithoutFailingTheSend(VertxTestContext test) {
    ChatNotifier notifier = notifier(webhook("releases", sink.url("tok-ok", "ok")), webhook("broken", sink.url("tok-broken", "fail")),
        webhook("stuck", sink.url("tok-stuck", "silent")));

    expect(test, notifier.send(MESSAGE), deliveries -> {
      assertThat(deliveries).extracting(ChatDelivery::webhookName).containsExactly("releases", "broken", "stuck");
      assertThat(deliveries.get(0).delivered()).isTrue();
      assertThat(deliveries.get(1).delivered()).isFalse();
      assertThat(deliveries.get(1).status()).contains(500);
      assertThat(deliveries.get(1).error()).hasValueSatisfying(e -> assertThat(e).startsWith("HTTP 500: internal_error"));
      assertThat(deliveries.get(2)).isEqualTo(new ChatDelivery("stuck", false, Optional.empty(),
          Optional.of("no answer within 1000 ms; the message may still have been shown")));
    });
  }

  @Test
  void aFailedPostIsNotRetried(VertxTestContext test) {
    ChatNotifier notifier = notifier(webhook("broken", sink.url("tok-broken", "fail")), webhook("stuck", sink.url("tok-stuck", "silent")));

    expect(test, notifier.send(MESSAGE), deliveries -> {
      assertThat(sink.postsTo("tok-broken")).hasSize(1);
      assertThat(sink.postsTo("tok-stuck")).hasSize(1);
    });
  }

  @Test
  void webhooksArePostedToConcurrently(VertxTestContext test) {
    ChatNotifier notifier = notifier(webhook("a", sink.url("tok-a", "silent")), webhook("b", sink.url("tok-b", "silent")),
        webhook("c", sink.url("tok-c", "silent")));
    long sent = System.nanoTime();

    expect(test, notifier.send(MESSAGE), deliveries -> {
      assertThat(sink.posts).hasSize(3);
      assertThat(sink.posts).allSatisfy(post -> assertThat(Duration.ofNanos(post.receivedAtNanos() - sent))
          .as("every post arrives before the first one could time out").isLessThan(FAST_TIMEOUT));
    });
  }

  @Test
  void theWebhookUrlNeverAppearsInLogsOrOutcomes(VertxTestContext test) {
    List<ChatWebhook> webhooks = List.of(webhook("releases", sink.url("tok-SECRET-ok", "ok")),
        webhook("broken", sink.url("tok-SECRET-broken", "fail")), webhook("stuck", sink.url("tok-SECRET-stuck", "silent")),
        webhook("closed", Secret.of("http://127.0.0.1:1/services/T0PDM/B0PDM/tok-SECRET-closed")),
        webhook("garbled", Secret.of("not a url tok-SECRET-garbled")));
    ChatNotifier notifier = notifier(webhooks.toArray(ChatWebhook[]::new));

    expect(test, notifier.send(MESSAGE), deliveries -> {
      assertThat(deliveries).hasSize(5).extracting(ChatDelivery::delivered).containsExactly(true, false, false, false, false);
      assertThat(deliveries.toString()).doesNotContain("SECRET", "B0PDM");
      assertThat(notifier.toString()).doesNotContain("SECRET");
      assertThat(logs.list).isNotEmpty().allSatisfy(event -> {
        assertThat(event.getFormattedMessage()).doesNotContain("SECRET", "B0PDM");
        Optional.ofNullable(event.getThrowableProxy()).ifPresent(t -> assertThat(t.getMessage()).doesNotContain("SECRET"));
      });
      assertThat(deliveries.get(1).error()).hasValue("HTTP 500: internal_error while posting to [webhook URL]");
      assertThat(deliveries.get(3).error()).hasValue("could not connect to the webhook");
      assertThat(deliveries.get(4).error()).hasValue("the webhook URL is not a valid http(s) URL");
    });
  }

  @Test
  void logsOneLinePerDeliveryWithTheWebhookNameStatusAndDuration(VertxTestContext test) {
    ChatNotifier notifier = notifier(webhook("releases", sink.url("tok-ok", "ok")), webhook("broken", sink.url("tok-broken", "fail")));

    expect(test, notifier.send(MESSAGE), deliveries -> assertThat(logs.list)
        .filteredOn(event -> event.getLoggerName().equals(ChatNotifier.class.getName()))
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactlyInAnyOrder(
            line -> assertThat(line).matches("chat webhook 'releases' delivered: HTTP 200 in \\d+ ms"),
            line -> assertThat(line).matches("chat webhook 'broken' not delivered: HTTP 500: internal_error .* in \\d+ ms")));
  }

  @Test
  void withoutWebhooksNothingIsSent(VertxTestContext test) {
    expect(test, notifier().send(MESSAGE), deliveries -> {
      assertThat(deliveries).isEmpty();
      assertThat(sink.posts).isEmpty();
    });
  }

  private ChatNotifier notifier(ChatWebhook... webhooks) {
    return new ChatNotifier(List.of(webhooks), client, FAST_TIMEOUT);
  }

  private static ChatWebhook webhook(String name, String url) {
    return webhook(name, Secret.of(url));
  }

  private static ChatWebhook webhook(String name, Secret url) {
    return new ChatWebhook(name, url);
  }

  private static <T> void expect(VertxTestContext test, Future<T> future, Consumer<T> then) {
    future.onComplete(test.succeeding(value -> test.verify(() -> {
      then.accept(value);
      test.completeNow();
    })));
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
