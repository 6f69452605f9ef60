package dev.ownkms.cli;

import dev.ownkms.xksproxy.cli.XksProxyCommand;
import picocli.CommandLine.Command;

/** The top command: only subcommands do work. */
@Command(
    name = "ownkms",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "A key management server that speaks the AWS KMS API.",
    subcommands = {ServeCommand.class, ClusterCommand.class, VpceCommand.class,
        XksProxyCommand.class, AotTrainingCommand.class})
public final class OwnKmsCommand { }
