package dev.pdm.server.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.pdm.core.config.PdmConfig;
import dev.pdm.core.config.Secret;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * Applies the configuration to the log output: the format ({@code logging.format}) and the secrets to mask (GitLab
 * token, webhook secret, metrics token, chat webhook URLs, the database URL and its password). Does nothing when
 * Logback is not the SLF4J backend or its appenders do not use {@link PdmLogEncoder}.
 */
public final class LogSetup {
  private LogSetup() {
  }

  /** Sets the format and the secrets of every {@link PdmLogEncoder} on the root logger. */
  public static void apply(PdmConfig config) {
    List<String> secrets = new ArrayList<>();
    config.gitlab().ifPresent(gitlab -> {
      secrets.add(gitlab.token().reveal());
      gitlab.webhookSecret().map(Secret::reveal).ifPresent(secrets::add);
    });
    config.metrics().token().map(Secret::reveal).ifPresent(secrets::add);
    config.chat().webhooks().forEach(webhook -> secrets.add(webhook.url().reveal()));
    config.database().url().map(Secret::reveal).ifPresent(url -> {
      secrets.add(url);
      passwordOf(url).ifPresent(secrets::add);
    });
    encoders(encoder -> {
      encoder.setFormat(config.logging().format());
      encoder.setSecrets(secrets);
    });
  }

  /** Names the replica in every JSON line from now on. */
  public static void replica(String replica) {
    encoders(encoder -> encoder.setReplica(replica));
  }

  private static java.util.Optional<String> passwordOf(String url) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^[a-z]+://[^:/@]*:([^@]*)@").matcher(url);
    return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }

  private static void encoders(Consumer<PdmLogEncoder> change) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
          && appender.getEncoder() instanceof PdmLogEncoder encoder) {
        change.accept(encoder);
      }
    }
  }
}
