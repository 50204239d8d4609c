package dev.pdm.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The monthly release issue's checklist: an item added once, ticked on its own line, whatever people wrote around. */
class ReleaseChecklistTest {
  private static final String MARKER = ReleaseChecklist.marker("run-1", "migrate-gstg", "mr-171688");
  private static final String LINE = "- [ ] Ensure [!171688](https://gitlab.example/mr/171688) is in the monthly release";
  private static final String RELEASE = "Monthly release checklist for 17.6.\n\n"
      + "- [ ] Post-deploy migrations run on staging and production\n";

  @Test
  void anItemIsAddedOnceAfterWhatIsThere() {
    String added = ReleaseChecklist.withItem(RELEASE, LINE, MARKER).orElseThrow();

    assertThat(added).startsWith(RELEASE.stripTrailing() + "\n\n").endsWith(LINE + " <!-- " + MARKER + " -->\n");
    assertThat(ReleaseChecklist.withItem(added, LINE, MARKER)).isEmpty();
    assertThat(ReleaseChecklist.state(added, MARKER)).isEqualTo(ReleaseChecklist.ItemState.UNTICKED);
  }

  @Test
  void tickingTicksOnlyItsOwnLineAndOnlyOnce() {
    String other = "- [ ] Ensure !1 is in the monthly release <!-- pdm-release-item:run-0:migrate-gstg:mr-1 -->\n";
    String added = ReleaseChecklist.withItem(RELEASE + other, LINE, MARKER).orElseThrow();

    String ticked = ReleaseChecklist.ticked(added, MARKER).orElseThrow();

    assertThat(ticked).contains("- [x] Ensure [!171688]").contains(other)
        .contains("- [ ] Post-deploy migrations run on staging and production");
    assertThat(ReleaseChecklist.ticked(ticked, MARKER)).isEmpty();
    assertThat(ReleaseChecklist.state(ticked, MARKER)).isEqualTo(ReleaseChecklist.ItemState.TICKED);
  }

  @Test
  void anItemSomebodyRemovedIsMissing() {
    assertThat(ReleaseChecklist.state(RELEASE, MARKER)).isEqualTo(ReleaseChecklist.ItemState.MISSING);
    assertThat(ReleaseChecklist.ticked(RELEASE, MARKER)).isEmpty();
    assertThat(ReleaseChecklist.withItem(null, LINE, MARKER)).hasValue(LINE + " <!-- " + MARKER + " -->\n");
  }
}
