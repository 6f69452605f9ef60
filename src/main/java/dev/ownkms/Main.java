package dev.ownkms;

import dev.ownkms.cli.OwnKmsCommand;
import picocli.CommandLine;

/** {@code ownkms}: the command line entry point. */
public final class Main {

  private Main() { }

  public static void main(String[] args) {
    int exit = new CommandLine(new OwnKmsCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, command, parsed) -> {
          // Configuration and start-up problems: one line that names the cause, no stack trace.
          command.getErr().println("ownkms: " + e.getMessage());
          return 1;
        })
        .execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }
}
