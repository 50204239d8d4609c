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

/**
 * The sandbox never holds an event loop long enough for Vert.x to warn about it. The checker's
 * limit is tightened to 200 ms (default 2 s); a first run warms the JVM up, because loading
 * Netty's and Jackson's classes the first time is slow on a busy machine and happens once.
 */
class NonBlockingTest {

  @Test
  void servesLoadsScenariosAndRunsPipelinesWithoutBlockedThreadWarnings() {
    exercise(Vertx.vertx());
    Logger checker = (Logger) LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker");
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    checker.addAppender(warnings);
    try {
      exercise(Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(20)
          .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
          .setMaxEventLoopExecuteTime(200)
          .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)));

      assertThat(warnings.list).isEmpty();
    } finally {
      checker.detachAppender(warnings);
    }
  }

  private static void exercise(Vertx vertx) {
    try {
      GitLabSandbox sandbox = RunningSandbox.await(GitLabSandbox.start(vertx,
          SandboxOptions.defaults().withManualClock()));
      Http http = new Http(sandbox.apiUrl(), sandbox.token());
      RunningSandbox.await(sandbox.load("staging-migration-fails"));
      http.post("/projects/11437/pipeline", "{\"ref\":\"master\",\"variables\":[{\"key\":"
          + "\"DEPLOY_ENVIRONMENT\",\"value\":\"gstg\"}]}");
      RunningSandbox.await(sandbox.clock().runUntilIdle());
      http.get("/projects/278964/repository/compare?from=master&to=master");
      http.get("/projects/gitlab-org%2Fgitlab");
      RunningSandbox.await(sandbox.close());
    } finally {
      RunningSandbox.await(vertx.close());
    }
  }
}
