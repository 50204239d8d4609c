package dev.pdm.core.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JobTraceTest {

  @Test
  void leavesACharacterCutAtTheEndOfASliceForTheNextRead() {
    byte[] log = "ok ✓".getBytes(StandardCharsets.UTF_8);
    byte[] cut = Arrays.copyOf(log, log.length - 1);

    JobTrace first = JobTrace.of(cut, 10);

    assertThat(first).isEqualTo(new JobTrace("ok ", 13));
  }

  @Test
  void decodesAWholeSliceAndMovesTheOffsetPastIt() {
    byte[] log = "ok ✓\n".getBytes(StandardCharsets.UTF_8);

    assertThat(JobTrace.of(log, 0)).isEqualTo(new JobTrace("ok ✓\n", log.length));
  }
}
