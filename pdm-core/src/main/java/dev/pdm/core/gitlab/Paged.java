package dev.pdm.core.gitlab;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A paginated GitLab list, read page by page ({@code X-Next-Page}, else {@code Link: rel="next"}): as a stream of
 * pages that the consumer may stop, as the first match, or collected whole.
 *
 * @param <T> the gitlab4j model type of the items
 */
public final class Paged<T> {

  private static final int PER_PAGE = 100;
  private static final int MAX_PAGES = 1000;
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

  private final GitLabTransport transport;
  private final ApiRequest first;
  private final Class<T> type;

  Paged(GitLabTransport transport, ApiRequest first, Class<T> type) {
    this.transport = transport;
    this.first = first.param("per_page", PER_PAGE);
    this.type = type;
  }

  /** Reads pages in order, handing each to {@code onPage}, until there are no more or it returns false. */
  public Future<Void> forEachPage(Predicate<List<T>> onPage) {
    return page(first, onPage, 1);
  }

  /** Every item of every page. */
  public Future<List<T>> all() {
    List<T> items = new ArrayList<>();
    return forEachPage(items::addAll).map(done -> Collections.unmodifiableList(items));
  }

  /** The first item matching {@code match}, reading no further pages than needed. */
  public Future<Optional<T>> first(Predicate<T> match) {
    List<T> found = new ArrayList<>(1);
    return forEachPage(page -> {
      page.stream().filter(match).findFirst().ifPresent(found::add);
      return found.isEmpty();
    }).map(done -> found.stream().findFirst());
  }

  private Future<Void> page(ApiRequest request, Predicate<List<T>> onPage, int number) {
    return transport.send(request).compose(response -> GitLabJson.decodeList(request, response, type)
        .compose(items -> {
          if (!onPage.test(items) || number >= MAX_PAGES) {
            return Future.succeededFuture();
          }
          return next(request, response.headers()).map(nextRequest -> page(nextRequest, onPage, number + 1))
              .orElseGet(Future::succeededFuture);
        }));
  }

  static Optional<ApiRequest> next(ApiRequest request, MultiMap headers) {
    String nextPage = headers.get("X-Next-Page");
    if (nextPage != null && !nextPage.isBlank()) {
      return Optional.of(request.replaceParam("page", nextPage.trim()));
    }
    String link = headers.get("Link");
    if (link == null) {
      return Optional.empty();
    }
    Matcher matcher = NEXT_LINK.matcher(link);
    if (!matcher.find()) {
      return Optional.empty();
    }
    String rawQuery = URI.create(matcher.group(1)).getRawQuery();
    List<Map.Entry<String, String>> query = new ArrayList<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        query.add(Map.entry(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8)));
      }
    }
    return Optional.of(request.withQuery(query));
  }
}
