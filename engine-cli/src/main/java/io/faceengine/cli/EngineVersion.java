package io.faceengine.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (or "development" when run from classes). */
final class EngineVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = EngineCli.class.getPackage().getImplementationVersion();
    return new String[] {"face engine " + (version == null ? "development build" : version)
        + ", Java " + Runtime.version()};
  }
}
