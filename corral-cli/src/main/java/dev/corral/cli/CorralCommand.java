package dev.corral.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code corral} command; without a subcommand it prints usage. */
@Command(
    name = "corral",
    mixinStandardHelpOptions = true,
    versionProvider = CorralVersion.class,
    description = "High concurrency on the JVM: process manager, gate, rate limiting, concurrency control.",
    subcommands = {picocli.CommandLine.HelpCommand.class,
        dev.corral.cli.demo.DemoCommand.class, GateCommand.class,
        dev.corral.cli.pm.StartCommand.class,
        dev.corral.cli.pm.ListCommand.class,
        dev.corral.cli.pm.JlistCommand.class,
        dev.corral.cli.pm.StopCommand.class,
        dev.corral.cli.pm.RestartCommand.class,
        dev.corral.cli.pm.ReloadCommand.class,
        dev.corral.cli.pm.DeleteCommand.class,
        dev.corral.cli.pm.DescribeCommand.class,
        dev.corral.cli.pm.LogsCommand.class,
        dev.corral.cli.pm.MonitCommand.class,
        dev.corral.cli.pm.FlushCommand.class,
        dev.corral.cli.pm.PingCommand.class,
        dev.corral.cli.pm.KillCommand.class,
        dev.corral.cli.pm.SaveCommand.class,
        dev.corral.cli.pm.ResurrectCommand.class,
        dev.corral.cli.pm.ScaleCommand.class,
        dev.corral.cli.pm.ResetCommand.class,
        dev.corral.cli.pm.EnvCommand.class,
        dev.corral.cli.pm.SendSignalCommand.class,
        dev.corral.cli.pm.StartupCommand.class,
        dev.corral.cli.pm.UnstartupCommand.class,
        dev.corral.cli.pm.DashboardCommand.class,
        dev.corral.cli.pm.DaemonCommand.class})
final class CorralCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
