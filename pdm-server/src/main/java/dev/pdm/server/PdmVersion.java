package dev.pdm.server;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}, from the jar's manifest. */
public final class PdmVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = PdmVersion.class.getPackage().getImplementationVersion();
    return new String[] {"pdm-server " + (version == null ? "development build" : version)};
  }
}
