package dev.ownkms.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code --version}: the jar's, or "development" from classes. */
public final class Version implements IVersionProvider {

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"OwnKMS " + current()};
  }
}
