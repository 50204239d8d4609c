package dev.pdm.server.testing;

import org.junit.jupiter.api.AfterEach;

/** A test class that starts pdm against the simulated GitLab in its tests: closed after each test. */
public abstract class WithSandboxedPdm {
  /** The pdm the current test started, if any. */
  protected SandboxedPdm pdm;

  @AfterEach
  void closePdm() throws Exception {
    if (pdm != null) {
      SandboxedPdm.join(pdm.close());
      pdm = null;
    }
  }
}
