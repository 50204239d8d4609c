package dev.pdm.sandbox.scenario;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Faults a scenario injects: failing migrations and QA jobs, HTTP errors and lost answers,
 * pipelines that GitLab commits late or creates without some jobs, webhook mishaps. Every fault
 * checks its fields when built and refuses bad values with a {@link ScenarioException} naming
 * the field, the value and what was expected.
 */
public record ScenarioFaults(List<MigrationFault> migrations, List<QaFault> qa,
    List<HttpFault> http, List<WebhookFault> webhooks, List<PipelineFault> pipelines,
    List<LogFault> logs) {

  /** No faults at all. */
  public static final ScenarioFaults NONE = new ScenarioFaults(null, null, null, null, null, null);

  public ScenarioFaults {
    migrations = Scenario.copy(migrations);
    qa = Scenario.copy(qa);
    http = Scenario.copy(http);
    webhooks = Scenario.copy(webhooks);
    pipelines = Scenario.copy(pipelines);
    logs = Scenario.copy(logs);
  }

  /** Faults without job-log faults. */
  public ScenarioFaults(List<MigrationFault> migrations, List<QaFault> qa, List<HttpFault> http,
      List<WebhookFault> webhooks, List<PipelineFault> pipelines) {
    this(migrations, qa, http, webhooks, pipelines, null);
  }

  /** Faults without pipeline faults (the fields the sandbox had first). */
  public ScenarioFaults(List<MigrationFault> migrations, List<QaFault> qa, List<HttpFault> http,
      List<WebhookFault> webhooks) {
    this(migrations, qa, http, webhooks, null);
  }

  /** These faults followed by the other's. */
  public ScenarioFaults plus(ScenarioFaults other) {
    return new ScenarioFaults(Scenario.concat(migrations, other.migrations),
        Scenario.concat(qa, other.qa), Scenario.concat(http, other.http),
        Scenario.concat(webhooks, other.webhooks), Scenario.concat(pipelines, other.pipelines),
        Scenario.concat(logs, other.logs));
  }

  /**
   * Trouble with job logs. {@code megabytes} (with {@code environment}): the migration job on that
   * environment prints that many megabytes of batched {@code execute} output, a verbose backfill,
   * during migration {@code version} (its first migration when absent) before the migration goes
   * on (and finishes, or fails at its failing operation), spread over {@code seconds} simulated
   * seconds (default 60); the bulk is generated when read, never held in memory. {@code
   * ignoreRange}: GitLab answers {@code GET .../jobs/:id/trace} with the whole log (200) whatever
   * its {@code Range} header asks, as some GitLab versions do.
   */
  public record LogFault(String environment, String version, Double megabytes, Double seconds,
      Boolean ignoreRange) {

    public LogFault {
      if (megabytes != null && !(megabytes > 0 && megabytes <= 4096)) {
        throw invalid("logs", "megabytes", megabytes, "a number of megabytes above 0, at most"
            + " 4096");
      }
      if (megabytes != null) {
        required("logs", "environment", environment, "an environment name such as gstg");
      }
      if (version != null && !version.matches("\\d{14}")) {
        throw invalid("logs", "version", version, "a 14-digit migration version");
      }
      if (seconds != null && !(seconds >= 1)) {
        throw invalid("logs", "seconds", seconds, "at least 1 simulated second");
      }
      if (megabytes == null && !Boolean.TRUE.equals(ignoreRange)) {
        throw invalid("logs", "megabytes", null, "megabytes or ignore_range: true (the fault"
            + " would change nothing)");
      }
    }

    /** The migration job on {@code environment} prints {@code megabytes} MB in its first migration. */
    public static LogFault bulk(String environment, double megabytes) {
      return new LogFault(environment, null, megabytes, null, null);
    }

    /** GitLab ignores the Range header of trace requests. */
    public static LogFault rangeIgnored() {
      return new LogFault(null, null, null, null, true);
    }

    /** This fault printing its bulk during migration {@code migration}. */
    public LogFault during(String migration) {
      return new LogFault(environment, migration, megabytes, seconds, ignoreRange);
    }

    /** This fault printing its bulk over {@code simulatedSeconds}. */
    public LogFault over(double simulatedSeconds) {
      return new LogFault(environment, version, megabytes, simulatedSeconds, ignoreRange);
    }

    /** The bulk's size in bytes (0 without {@code megabytes}). */
    public long bytes() {
      return megabytes == null ? 0 : Math.round(megabytes * 1024 * 1024);
    }

    /** How long the bulk takes to print. */
    public double duration() {
      return seconds == null ? 60 : seconds;
    }
  }

  /**
   * Migration {@code version} fails on {@code environment} with Rails' error block, e.g.
   * errorClass {@code PG::DuplicateTable}, message {@code ERROR:  relation "x" already exists}.
   * It fails at the first operation of the migration whose call contains {@code operation}
   * (any operation when absent), so it no longer applies once the migration file no longer has
   * such an operation (a no-op migration always succeeds). A one-shot fault fails only the first
   * attempt. {@code autoRetry} is the job's {@code retry:} count in CI: GitLab retries the failed
   * job that many times, in the same pipeline, before the pipeline fails.
   */
  public record MigrationFault(String environment, String version, String errorClass,
      String message, boolean oneShot, Integer autoRetry, String operation) {

    public MigrationFault {
      required("migrations", "environment", environment, "an environment name such as gstg");
      if (version == null || !version.matches("\\d{14}")) {
        throw invalid("migrations", "version", version, "a 14-digit migration version");
      }
      required("migrations", "error_class", errorClass, "an error class such as"
          + " PG::DuplicateTable");
      if (autoRetry != null && (autoRetry < 0 || autoRetry > 2)) {
        throw invalid("migrations", "auto_retry", autoRetry, "0, 1 or 2 (GitLab's retry: max)");
      }
    }

    /** A fault without job retry that fails at the migration's first operation. */
    public MigrationFault(String environment, String version, String errorClass, String message,
        boolean oneShot) {
      this(environment, version, errorClass, message, oneShot, null, null);
    }

    /** How many times GitLab retries the failed job (0 without {@code auto_retry}). */
    public int retries() {
      return autoRetry == null ? 0 : autoRetry;
    }

    /** This fault with the job retried {@code times} by GitLab. */
    public MigrationFault withAutoRetry(int times) {
      return new MigrationFault(environment, version, errorClass, message, oneShot, times,
          operation);
    }
  }

  /** QA job {@code job} fails when run against {@code environment}. */
  public record QaFault(String environment, String job, String message, boolean oneShot) {
  }

  /**
   * API requests whose method (optional) and path (a regex matched against the path after
   * /api/v4) match. {@code when: before} (the default) answers instead of GitLab: after
   * {@code delayMs} wall-clock milliseconds, {@code status} (0: let GitLab answer) or, with
   * {@code drop}, a connection closed without an answer; the request is not processed unless
   * status is 0. {@code when: after} lets GitLab process the request first (the pipeline is
   * created) and then loses the answer: {@code status} replaces it, {@code drop} closes the
   * connection, {@code delayMs} holds it. The fault applies to the next {@code times} requests
   * (default 1) or, with {@code forSeconds}, to every matching request until that many
   * simulated seconds have passed since it was armed. A 429 carries
   * {@code Retry-After: retryAfterSeconds}.
   */
  public record HttpFault(String method, String path, int status, Integer times,
      Integer retryAfterSeconds, Integer delayMs, String when, Boolean drop, Double forSeconds) {
    /** The request is answered (or dropped) without GitLab processing it. */
    public static final String BEFORE = "before";
    /** GitLab processes the request, then its answer is replaced, dropped or held. */
    public static final String AFTER = "after";

    public HttpFault {
      if (when != null && !Set.of(BEFORE, AFTER).contains(when)) {
        throw invalid("http", "when", when, "before or after");
      }
      if (status != 0 && (status < 400 || status > 599)) {
        throw invalid("http", "status", status, "0 (answer normally) or an error status"
            + " 400-599");
      }
      if (delayMs != null && delayMs < 0) {
        throw invalid("http", "delay_ms", delayMs, "a non-negative number of milliseconds");
      }
      if (times != null && times < 1) {
        throw invalid("http", "times", times, "a positive count");
      }
      if (forSeconds != null && !(forSeconds > 0)) {
        throw invalid("http", "for_seconds", forSeconds, "a positive number of simulated"
            + " seconds");
      }
      if (forSeconds != null && times != null) {
        throw invalid("http", "times", times, "no times with for_seconds (a fault lasts"
            + " either a number of requests or a simulated duration)");
      }
      if (Boolean.TRUE.equals(drop) && status != 0) {
        throw invalid("http", "status", status, "no status with drop: true (a dropped"
            + " connection has no answer)");
      }
      if (status == 0 && !Boolean.TRUE.equals(drop) && (delayMs == null || delayMs == 0)) {
        throw invalid("http", "status", status, "an error status, drop: true or delay_ms"
            + " (the fault would change nothing)");
      }
      if (path != null) {
        try {
          Pattern.compile(path);
        } catch (PatternSyntaxException e) {
          throw invalid("http", "path", path, "a regular expression (" + e.getDescription()
              + ")");
        }
      }
    }

    /** A fault as the sandbox had first: answered before processing. */
    public HttpFault(String method, String path, int status, Integer times,
        Integer retryAfterSeconds, Integer delayMs) {
      this(method, path, status, times, retryAfterSeconds, delayMs, null, null, null);
    }

    /** Matching requests are answered {@code status} without GitLab processing them. */
    public static HttpFault before(String method, String pathRegex, int status) {
      return new HttpFault(method, pathRegex, status, null, null, null, BEFORE, null, null);
    }

    /** GitLab processes matching requests, then their answer is replaced by {@code status}. */
    public static HttpFault after(String method, String pathRegex, int status) {
      return new HttpFault(method, pathRegex, status, null, null, null, AFTER, null, null);
    }

    /** Matching requests get their connection closed without GitLab processing them. */
    public static HttpFault dropBefore(String method, String pathRegex) {
      return new HttpFault(method, pathRegex, 0, null, null, null, BEFORE, true, null);
    }

    /** GitLab processes matching requests, then the connection is closed without an answer. */
    public static HttpFault dropAfter(String method, String pathRegex) {
      return new HttpFault(method, pathRegex, 0, null, null, null, AFTER, true, null);
    }

    /** GitLab processes matching requests, then their answer is held {@code millis}. */
    public static HttpFault holdAfter(String method, String pathRegex, int millis) {
      return new HttpFault(method, pathRegex, 0, null, null, millis, AFTER, null, null);
    }

    /** Whether GitLab processes the request before the fault takes its answer. */
    public boolean afterProcessing() {
      return AFTER.equals(when);
    }

    /** Whether the connection is closed without an answer. */
    public boolean drops() {
      return Boolean.TRUE.equals(drop);
    }

    /** Milliseconds the answer waits (0 when none). */
    public int delay() {
      return delayMs == null ? 0 : delayMs;
    }

    /** Also waits this many wall-clock milliseconds before the answer (or the drop). */
    public HttpFault withDelayMs(int millis) {
      return new HttpFault(method, path, status, times, retryAfterSeconds, millis, when, drop,
          forSeconds);
    }

    /** Applies to the next {@code count} matching requests. */
    public HttpFault withTimes(int count) {
      return new HttpFault(method, path, status, count, retryAfterSeconds, delayMs, when, drop,
          null);
    }

    /** Applies to every matching request for this many simulated seconds. */
    public HttpFault withForSeconds(double seconds) {
      return new HttpFault(method, path, status, null, retryAfterSeconds, delayMs, when, drop,
          seconds);
    }

    /** A 429's Retry-After. */
    public HttpFault withRetryAfterSeconds(int seconds) {
      return new HttpFault(method, path, status, times, seconds, delayMs, when, drop,
          forSeconds);
    }
  }

  /**
   * Pipelines created by the next {@code times} (default 1) matching {@code POST
   * /projects/:id/pipeline} requests ({@code project}: path or id, {@code ref}, {@code
   * environment}: the DEPLOY_ENVIRONMENT or QA_ENVIRONMENT variable; any when absent).
   * {@code visibleAfterSeconds}: GitLab commits the pipeline late; until that many simulated
   * seconds have passed it is invisible to every API call and webhook and does not start.
   * {@code omitJobs}: the pipeline is created without these jobs, as when CI {@code rules:}
   * exclude them (a stage left empty disappears).
   */
  public record PipelineFault(String project, String ref, String environment,
      Double visibleAfterSeconds, List<String> omitJobs, Integer times) {

    public PipelineFault {
      omitJobs = Scenario.copy(omitJobs);
      if (visibleAfterSeconds != null && !(visibleAfterSeconds > 0)) {
        throw invalid("pipelines", "visible_after_seconds", visibleAfterSeconds,
            "a positive number of simulated seconds");
      }
      if (visibleAfterSeconds == null && omitJobs.isEmpty()) {
        throw invalid("pipelines", "visible_after_seconds", null, "visible_after_seconds"
            + " or omit_jobs (the fault would change nothing)");
      }
      if (times != null && times < 1) {
        throw invalid("pipelines", "times", times, "a positive count");
      }
    }

    /** The next pipeline created in {@code project} (path or id) commits that late. */
    public static PipelineFault visibleAfter(String project, double seconds) {
      return new PipelineFault(project, null, null, seconds, null, null);
    }

    /** The next migration pipeline for {@code environment} is created without these jobs. */
    public static PipelineFault omitJobs(String environment, String... jobs) {
      return new PipelineFault(null, null, environment, null, List.of(jobs), null);
    }
  }

  /**
   * The next {@code times} webhook deliveries of {@code event} (e.g. {@code Pipeline Hook};
   * any when absent) are dropped ({@code mode: drop}) or sent twice ({@code mode: duplicate}).
   */
  public record WebhookFault(String event, String mode, Integer times) {
  }

  private static void required(String list, String field, String value, String expected) {
    if (value == null || value.isBlank()) {
      throw invalid(list, field, value, expected);
    }
  }

  private static ScenarioException invalid(String list, String field, Object value,
      String expected) {
    return new ScenarioException("faults." + list + ": field '" + field + "' is "
        + (value == null ? "missing" : "'" + value + "'") + "; expected " + expected);
  }
}
