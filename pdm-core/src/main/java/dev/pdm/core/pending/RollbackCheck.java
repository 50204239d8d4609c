package dev.pdm.core.pending;

import dev.pdm.core.gitlab.GitLabClient;
import dev.pdm.core.migrations.PostMigrateFile;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.gitlab4j.api.models.Deployment;
import org.gitlab4j.models.Constants.DeploymentStatus;

/**
 * Whether an environment can be rolled back to a package: it cannot when a post-deploy migration that already ran there
 * is not in that package's code (the package predates it, so the schema no longer matches what the code expects).
 * What ran is read from the last {@code db/<env>} deployment and from pdm's own runs; migrations still pending never
 * block a rollback. The same question is answered for the packages recently deployed on the environment.
 */
public final class RollbackCheck {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");
  private static final int RECENT_DEPLOYMENTS = 30;
  private static final int RECENT_PACKAGES = 10;

  private final GitLabClient gitLab;
  private final String project;

  /** Checks rollbacks of the canonical {@code project}. */
  public RollbackCheck(GitLabClient gitLab, String project) {
    this.gitLab = gitLab;
    this.project = project;
  }

  /**
   * A commit whose post-deploy migrations ran on the environment: all of them, or only {@code versions} (a pdm run that
   * failed part way).
   *
   * @param sha      the commit
   * @param source   where pdm knows it from, e.g. {@code db/gprd deployment 12} or {@code pdm run <id>}
   * @param at       when that was recorded
   * @param versions the versions that ran, when not all of them did
   */
  public record RanFrom(String sha, String source, Optional<Instant> at, Optional<Set<String>> versions) {
  }

  /**
   * A post-deploy migration that ran on the environment and is not in a package.
   *
   * @param version      its version
   * @param className    its class
   * @param path         its file
   * @param mergeRequest the MR that added it (looked up for the target package only)
   * @param source       how pdm knows it ran
   * @param ranAt        when it ran (pdm's job log), else when its source was recorded
   */
  public record BlockingMigration(String version, String className, String path, Optional<MergeRequestRef> mergeRequest,
      String source, Optional<Instant> ranAt) {
  }

  /**
   * The answer for one package.
   *
   * @param ref        the package's ref (the SHA when asked by SHA)
   * @param sha        its commit
   * @param deployedAt when it was last deployed on the environment, if it was
   * @param current    whether it is the package running there now
   * @param safe       whether rolling back to it keeps every migration that ran in the code
   * @param blocking   the migrations that make it unsafe, oldest version first
   */
  public record PackageVerdict(String ref, String sha, Optional<Instant> deployedAt, boolean current, boolean safe,
      List<BlockingMigration> blocking) {
    public PackageVerdict {
      blocking = List.copyOf(blocking);
    }
  }

  /**
   * The whole answer.
   *
   * @param environment the environment
   * @param target      the package asked about
   * @param recent      the packages recently deployed there, newest first
   * @param ranFrom     what pdm read "what ran" from
   * @param pending     migrations not run yet on the environment: they never block a rollback
   * @param notes       what a reader should know
   */
  public record RollbackReport(String environment, PackageVerdict target, List<PackageVerdict> recent, List<RanFrom> ranFrom,
      List<String> pending, List<String> notes) {
    public RollbackReport {
      recent = List.copyOf(recent);
      ranFrom = List.copyOf(ranFrom);
      pending = List.copyOf(pending);
      notes = List.copyOf(notes);
    }
  }

  /** The target named by {@code to} is neither a package deployed on the environment nor a commit SHA. */
  public static final class UnknownPackageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UnknownPackageException(String message) {
      super(message);
    }
  }

  /**
   * Checks a rollback of {@code environment} to {@code to} (a package ref deployed there, or a commit SHA).
   *
   * @param dbEnvironment where migrated SHAs are recorded, e.g. {@code db/gprd}
   * @param pdmRuns       what pdm's own runs migrated there
   * @param ranTimes      when each version ran there, by version, from pdm's job logs
   */
  public Future<RollbackReport> check(String environment, String dbEnvironment, String to, List<RanFrom> pdmRuns,
      Map<String, Instant> ranTimes) {
    Future<List<Deployment>> deployed = firstDeployments(environment);
    Future<Optional<Deployment>> migrated = gitLab.lastSuccessfulDeployment(project, dbEnvironment);
    return Future.all(deployed, migrated).compose(both -> {
      List<Deployment> packages = distinctBySha(deployed.result());
      Optional<PackageVerdictInput> target = resolve(to, packages);
      if (target.isEmpty()) {
        return Future.failedFuture(new UnknownPackageException("to: expected a package ref deployed on " + environment
            + " (e.g. " + packages.stream().findFirst().map(Deployment::getRef).orElse("17-6-auto-deploy-2024110808")
            + ") or a commit SHA of 7 to 40 hexadecimal digits (got " + to + ")"));
      }
      List<RanFrom> sources = new ArrayList<>();
      migrated.result().ifPresent(d -> sources.add(new RanFrom(d.getSha(), dbEnvironment + " deployment " + d.getId(),
          Optional.ofNullable(d.getCreatedAt()).map(java.util.Date::toInstant), Optional.empty())));
      sources.addAll(pdmRuns);
      List<String> notes = new ArrayList<>();
      if (sources.isEmpty()) {
        notes.add("No deployment on " + dbEnvironment + " and no pdm run on " + environment
            + ": no post-deploy migration is known to have run there.");
      }
      Comparisons comparisons = new Comparisons(notes);
      Optional<String> current = packages.stream().findFirst().map(Deployment::getSha);
      List<PackageVerdictInput> candidates = new ArrayList<>(List.of(target.get()));
      packages.stream().limit(RECENT_PACKAGES).map(PackageVerdictInput::of).forEach(candidates::add);
      List<Future<PackageVerdict>> verdicts = candidates.stream()
          .map(c -> verdict(c, sources, comparisons, ranTimes, current, c == target.get())).toList();
      Future<List<String>> pending = migrated.result().isPresent() && current.isPresent()
          ? comparisons.added(migrated.result().get().getSha(), current.get())
              .map(files -> files.stream().map(f -> f.version() + " " + f.className()).toList())
          : Future.succeededFuture(List.of());
      return Future.all(Future.join(new ArrayList<>(verdicts)), pending).map(done -> {
        notes.add("Migrations still pending on " + environment + " (not run yet) never block a rollback"
            + (pending.result().isEmpty() ? "; none is pending." : ": " + String.join(", ", pending.result()) + "."));
        List<PackageVerdict> all = verdicts.stream().map(Future::result).toList();
        return new RollbackReport(environment, all.get(0), all.subList(1, all.size()), sources, pending.result(), notes);
      });
    });
  }

  private Future<PackageVerdict> verdict(PackageVerdictInput candidate, List<RanFrom> sources, Comparisons comparisons,
      Map<String, Instant> ranTimes, Optional<String> current, boolean withOrigins) {
    List<Future<List<BlockingMigration>>> perSource = sources.stream()
        .map(source -> comparisons.added(candidate.sha(), source.sha()).map(files -> files.stream()
            .filter(f -> source.versions().map(v -> v.contains(f.version())).orElse(true))
            .map(f -> new BlockingMigration(f.version(), f.className(), f.path(), Optional.empty(), source.source(),
                Optional.ofNullable(ranTimes.get(f.version())).or(source::at)))
            .toList()))
        .toList();
    return Future.all(new ArrayList<>(perSource)).compose(done -> {
      Map<String, BlockingMigration> byVersion = new LinkedHashMap<>();
      perSource.forEach(found -> found.result().forEach(m -> byVersion.putIfAbsent(m.version(), m)));
      List<BlockingMigration> blocking = byVersion.values().stream()
          .sorted(java.util.Comparator.comparing(BlockingMigration::version)).toList();
      Future<List<BlockingMigration>> described = withOrigins ? withMergeRequests(blocking, sources)
          : Future.succeededFuture(blocking);
      return described.map(list -> new PackageVerdict(candidate.ref(), candidate.sha(), candidate.deployedAt(),
          current.map(candidate.sha()::equals).orElse(false), list.isEmpty(), list));
    });
  }

  private Future<List<BlockingMigration>> withMergeRequests(List<BlockingMigration> blocking, List<RanFrom> sources) {
    String ref = sources.get(0).sha();
    List<Future<BlockingMigration>> lookups = blocking.stream()
        .map(m -> MigrationOrigin.find(gitLab, project, m.path(), ref).map(origin -> new BlockingMigration(m.version(),
            m.className(), m.path(), origin.mergeRequest(), m.source(), m.ranAt())))
        .toList();
    return Future.all(new ArrayList<>(lookups)).map(done -> lookups.stream().map(Future::result).toList());
  }

  private Future<List<Deployment>> firstDeployments(String environment) {
    List<Deployment> collected = new ArrayList<>();
    return gitLab.deployments(project, Optional.of(environment), Optional.of(DeploymentStatus.SUCCESS), "id", "desc")
        .forEachPage(page -> {
          collected.addAll(page);
          return collected.size() < RECENT_DEPLOYMENTS;
        })
        .map(done -> collected);
  }

  private static List<Deployment> distinctBySha(List<Deployment> newestFirst) {
    Map<String, Deployment> bySha = new LinkedHashMap<>();
    newestFirst.stream().filter(d -> d.getSha() != null).forEach(d -> bySha.putIfAbsent(d.getSha(), d));
    return List.copyOf(bySha.values());
  }

  private static Optional<PackageVerdictInput> resolve(String to, List<Deployment> packages) {
    String wanted = to.trim();
    Optional<Deployment> byRef = packages.stream().filter(d -> wanted.equals(d.getRef())).findFirst()
        .or(() -> packages.stream().filter(d -> SHA.matcher(wanted).matches() && d.getSha().startsWith(wanted)).findFirst());
    if (byRef.isPresent()) {
      return byRef.map(PackageVerdictInput::of);
    }
    return SHA.matcher(wanted).matches() ? Optional.of(new PackageVerdictInput(wanted, wanted, Optional.empty()))
        : Optional.empty();
  }

  /** A package to judge. */
  private record PackageVerdictInput(String ref, String sha, Optional<Instant> deployedAt) {
    static PackageVerdictInput of(Deployment d) {
      return new PackageVerdictInput(d.getRef() == null ? d.getSha() : d.getRef(), d.getSha(),
          Optional.ofNullable(d.getCreatedAt()).map(java.util.Date::toInstant));
    }
  }

  /** GitLab compares of one answer, each asked once. */
  private final class Comparisons {
    private final Map<String, Future<List<PostMigrateFile>>> asked = new HashMap<>();
    private final List<String> notes;

    Comparisons(List<String> notes) {
      this.notes = notes;
    }

    /** The post-deploy migration files in {@code to} that {@code from} does not have. */
    Future<List<PostMigrateFile>> added(String from, String to) {
      if (from.equals(to)) {
        return Future.succeededFuture(List.of());
      }
      return asked.computeIfAbsent(from + ".." + to, key -> gitLab.compare(project, from, to)
          .map(comparison -> {
            List<String> seen = new ArrayList<>();
            List<PostMigrateFile> files = PendingMigrations.added(comparison, seen);
            seen.stream().filter(n -> n.contains("timed out")).findFirst().ifPresent(notes::add);
            return files;
          }));
    }
  }
}
