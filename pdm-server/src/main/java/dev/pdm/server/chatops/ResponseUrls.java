package dev.pdm.server.chatops;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts an answer to the {@code response_url} a verified slash command or click gave. Such a URL lets anyone post
 * into the conversation for a while, so it is never logged; a failed post is logged and dropped (the person asked
 * and can ask again).
 */
final class ResponseUrls {
  private static final Logger LOG = LoggerFactory.getLogger(ResponseUrls.class);
  private static final long TIMEOUT_MILLIS = 10_000;
  private final WebClient client;

  ResponseUrls(WebClient client) {
    this.client = client;
  }

  Future<Void> post(String responseUrl, JsonObject body) {
    if (!isWebUrl(responseUrl)) {
      LOG.warn("not answering: the request's response_url is not an http(s) URL");
      return Future.succeededFuture();
    }
    return client.postAbs(responseUrl).putHeader("Content-Type", "application/json")
        .connectTimeout(TIMEOUT_MILLIS).idleTimeout(TIMEOUT_MILLIS)
        .sendBuffer(Buffer.buffer(body.encode()))
        .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .<Void>map(response -> {
          if (response.statusCode() / 100 != 2) {
            LOG.warn("the answer to a chat request was refused: HTTP {}", response.statusCode());
          }
          return null;
        })
        .otherwise(err -> {
          LOG.warn("the answer to a chat request could not be posted ({})", err.getClass().getSimpleName());
          return null;
        });
  }

  static boolean isWebUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (Exception e) {
      return false;
    }
  }
}
