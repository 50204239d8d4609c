package dev.pdm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The sandbox never holds an event loop long enough for Vert.x to warn about it. */
class NonBlockingTest {

  @Test
  void servesLoadsScenariosAndRunsPipelinesWithoutBlockedThreadWarnings() {
    Logger checker = (Logger) LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker");
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    checker.addAppender(warnings);
    Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(20)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(100).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    try {
      GitLabSandbox sandbox = RunningSandbox.await(GitLabSandbox.start(vertx,
          SandboxOptions.defaults().withManualClock()));
      Http http = new Http(sandbox.apiUrl(), sandbox.token());
      RunningSandbox.await(sandbox.load("staging-migration-fails"));
      http.post("/projects/11437/pipeline", "{\"ref\":\"master\",\"variables\":[{\"key\":"
          + "\"DEPLOY_ENVIRONMENT\",\"value\":\"gstg\"}]}");
      RunningSandbox.await(sandbox.clock().runUntilIdle());
      http.get("/projects/278964/repository/compare?from=master&to=master");
      RunningSandbox.await(sandbox.close());

      assertThat(warnings.list).isEmpty();
    } finally {
      checker.detachAppender(warnings);
      RunningSandbox.await(vertx.close());
    }
  }
}
