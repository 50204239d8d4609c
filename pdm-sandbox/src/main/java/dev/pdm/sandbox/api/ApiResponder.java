package dev.pdm.sandbox.api;

import dev.pdm.sandbox.state.TraceText;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writes API answers like GitLab: pagination headers and Link, weak ETags and 304, RateLimit-*. */
final class ApiResponder {
  private static final int DEFAULT_PER_PAGE = 20;
  private static final int MAX_PER_PAGE = 100;
  private static final int RATE_LIMIT = 2000;
  private static final Pattern PAGE_PARAM = Pattern.compile("([?&])(page|per_page)=[^&]*");

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");
  private static final Pattern TRACE_JOB = Pattern.compile("/jobs/(\\d{1,18})/trace$");
  private static final int TRACE_CHUNK = 64 * 1024;

  private final BooleanSupplier rangesIgnored;
  private final ApiTraffic traffic;
  private long window = -1;
  private int observed;

  /** {@code rangesIgnored}: whether a trace request's Range header is ignored now (a fault). */
  ApiResponder(BooleanSupplier rangesIgnored, ApiTraffic traffic) {
    this.rangesIgnored = rangesIgnored;
    this.traffic = traffic;
  }

  void respond(RoutingContext ctx, ApiResponse answer) {
    HttpServerResponse response = ctx.response();
    Object body = answer.body();
    if (body instanceof TraceText trace) {
      trace(ctx, trace);
      return;
    }
    if (answer.paginated()) {
      body = page(ctx.request(), response, (JsonArray) body);
    }
    response.setStatusCode(answer.status());
    if (body == null) {
      response.end();
      return;
    }
    String text = body instanceof String s ? s : body instanceof JsonObject o ? o.encode()
        : ((JsonArray) body).encode();
    String contentType = answer.contentType().equals("text/plain") ? "text/plain; charset=utf-8"
        : "application/json";
    response.putHeader("Content-Type", contentType);
    if ("GET".equals(ctx.request().method().name()) && answer.status() == 200) {
      String etag = "W/\"" + GitLabJson.digest("MD5", text.getBytes(StandardCharsets.UTF_8))
          + "\"";
      response.putHeader("ETag", etag).putHeader("Cache-Control", "max-age=0, private, must-revalidate");
      if (matches(ctx.request().getHeader("If-None-Match"), etag)) {
        response.setStatusCode(304).end();
        return;
      }
    }
    response.end(text);
  }

  /**
   * A job's log as it is now: the range asked for ({@code Range: bytes=FROM-[TO]}, 206 with {@code Content-Range}, 416
   * past the end) unless ranges are ignored, else the whole log (200); written a chunk at a time as the client reads.
   */
  private void trace(RoutingContext ctx, TraceText trace) {
    HttpServerResponse response = ctx.response();
    long length = trace.length();
    String range = rangesIgnored.getAsBoolean() ? null : ctx.request().getHeader("Range");
    Matcher asked = range == null ? null : RANGE.matcher(range.trim());
    long from = 0;
    long end = length;
    if (asked != null && asked.matches()) {
      from = Long.parseLong(asked.group(1));
      end = asked.group(2).isEmpty() ? length : Math.min(length, Long.parseLong(asked.group(2)) + 1);
      if (from >= length) {
        traffic.traceAnswer(job(ctx), 416, from);
        response.setStatusCode(416).putHeader("Content-Range", "bytes */" + length).end();
        return;
      }
      response.setStatusCode(206).putHeader("Content-Range", "bytes " + from + "-" + (end - 1) + "/" + length);
    } else {
      response.setStatusCode(200);
    }
    response.putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("Content-Length", Long.toString(end - from));
    pump(response, trace, from, end, traffic.traceAnswer(job(ctx), response.getStatusCode(), from));
  }

  /** The job a trace request names ({@code .../jobs/:id/trace}). */
  private static long job(RoutingContext ctx) {
    Matcher job = TRACE_JOB.matcher(ctx.request().path());
    return job.find() ? Long.parseLong(job.group(1)) : 0;
  }

  private void pump(HttpServerResponse response, TraceText trace, long from, long end, ApiTraffic.TraceAnswer counted) {
    long at = from;
    while (at < end && !response.closed()) {
      if (response.writeQueueFull()) {
        long resumeAt = at;
        response.drainHandler(v -> pump(response, trace, resumeAt, end, counted));
        return;
      }
      byte[] chunk = trace.read(at, (int) Math.min(TRACE_CHUNK, end - at));
      response.write(io.vertx.core.buffer.Buffer.buffer(chunk));
      traffic.traceSent(counted, chunk.length);
      at += chunk.length;
    }
    if (!response.closed()) {
      response.end();
    }
  }

  void error(HttpServerResponse response, ApiError error) {
    response.setStatusCode(error.status()).putHeader("Content-Type", "application/json")
        .end(error.body().encode());
  }

  /** GitLab.com's RateLimit-* headers, counted per wall-clock minute. */
  synchronized void rateLimitHeaders(HttpServerResponse response, boolean exhausted) {
    long minute = System.currentTimeMillis() / 60_000;
    if (minute != window) {
      window = minute;
      observed = 0;
    }
    observed++;
    Instant reset = Instant.ofEpochSecond((minute + 1) * 60);
    response.putHeader("RateLimit-Limit", Integer.toString(RATE_LIMIT))
        .putHeader("RateLimit-Observed", Integer.toString(exhausted ? RATE_LIMIT : observed))
        .putHeader("RateLimit-Remaining", Integer.toString(exhausted ? 0
            : Math.max(0, RATE_LIMIT - observed)))
        .putHeader("RateLimit-Reset", Long.toString(reset.getEpochSecond()))
        .putHeader("RateLimit-ResetTime", DateTimeFormatter.RFC_1123_DATE_TIME
            .format(reset.atOffset(ZoneOffset.UTC)));
  }

  private JsonArray page(HttpServerRequest request, HttpServerResponse response, JsonArray all) {
    int perPage = Math.min(MAX_PER_PAGE, Math.max(1, number(request.getParam("per_page"))
        .orElse(DEFAULT_PER_PAGE)));
    int page = Math.max(1, number(request.getParam("page")).orElse(1));
    int total = all.size();
    int totalPages = Math.max(1, (total + perPage - 1) / perPage);
    int from = Math.min(total, (page - 1) * perPage);
    int to = Math.min(total, from + perPage);
    response.putHeader("X-Page", Integer.toString(page))
        .putHeader("X-Per-Page", Integer.toString(perPage))
        .putHeader("X-Total", Integer.toString(total))
        .putHeader("X-Total-Pages", Integer.toString(totalPages))
        .putHeader("X-Next-Page", page < totalPages ? Integer.toString(page + 1) : "")
        .putHeader("X-Prev-Page", page > 1 && page <= totalPages + 1 ? Integer.toString(page - 1)
            : "");
    List<String> links = new ArrayList<>();
    String base = linkBase(request, perPage);
    if (page > 1) {
      links.add("<" + base + "page=" + (page - 1) + ">; rel=\"prev\"");
    }
    if (page < totalPages) {
      links.add("<" + base + "page=" + (page + 1) + ">; rel=\"next\"");
    }
    links.add("<" + base + "page=1>; rel=\"first\"");
    links.add("<" + base + "page=" + totalPages + ">; rel=\"last\"");
    response.putHeader("Link", String.join(", ", links));
    return new JsonArray(all.getList().subList(from, to));
  }

  private static String linkBase(HttpServerRequest request, int perPage) {
    String uri = request.absoluteURI();
    Matcher m = PAGE_PARAM.matcher(uri);
    String stripped = m.replaceAll("$1").replaceAll("&&+", "&").replaceAll("\\?&", "?")
        .replaceAll("[?&]$", "");
    return stripped + (stripped.contains("?") ? "&" : "?") + "per_page=" + perPage + "&";
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.equals(etag) || ("W/" + c).equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<Integer> number(String value) {
    try {
      return Optional.ofNullable(value).map(Integer::parseInt);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
