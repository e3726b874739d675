package dev.corral.cli;

import dev.corral.gate.GateControl;
import dev.corral.gate.GateDaemon;
import dev.corral.gate.GateOptions;
import dev.corral.gate.GateServer;
import dev.corral.gate.GateSignals;
import dev.corral.gate.config.ConfigException;
import dev.corral.gate.proxy.GateStartException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code corral gate}: the reverse proxy and load balancer, with nginx's command-line flags and their meanings so
 * that scripts written for nginx work. Runs in the foreground until stopped by a signal or {@code -s}; with
 * {@code -d} or {@code daemon on;} it re-executes itself detached and returns once the daemon serves.
 */
@Command(
    name = "gate",
    description = {"Reverse proxy and load balancer with nginx's configuration syntax and semantics.",
        "Signals: TERM/INT stop, QUIT/WINCH quit gracefully, HUP reload, USR1 reopen logs (QUIT: when started "
            + "through bin/corral; thread dump: jcmd PID Thread.print)."},
    subcommands = dev.corral.cli.gate.UpstreamCommand.class,
    sortOptions = false)
final class GateCommand implements Callable<Integer> {
  @Option(names = "-c", paramLabel = "FILE", description = "configuration file (default: conf/gate.conf under "
      + "the prefix)")
  Path config = GateOptions.DEFAULT_CONFIG;

  @Option(names = "-p", paramLabel = "PREFIX", description = "prefix path for relative paths (default: current "
      + "directory)")
  Path prefix = Path.of("");

  @Option(names = "-g", paramLabel = "DIRECTIVES", description = "global directives, e.g. 'pid /tmp/g.pid;'")
  String directives = "";

  @Option(names = "-e", paramLabel = "FILE", description = "error log file ('stderr' for standard error)")
  String errorLog;

  @Option(names = "-t", description = "test the configuration and exit")
  boolean test;

  @Option(names = "-T", description = "test the configuration, print it and exit")
  boolean testAndDump;

  @Option(names = "-s", paramLabel = "SIGNAL", description = "signal the running gate: stop, quit, reload, reopen")
  String signal;

  @Option(names = "-d", description = "run as a daemon (as 'daemon on;'): returns once the gate serves")
  boolean daemon;

  @Option(names = "-q", description = "suppress non-error messages while testing")
  boolean quiet;

  @Option(names = "-v", description = "print the version and exit")
  boolean version;

  @Option(names = "-V", description = "print the version, the Java and Netty versions and the transport, and exit")
  boolean versionDetails;

  @Option(names = {"-h", "-?", "--help"}, usageHelp = true, description = "print this help and exit")
  boolean help;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (version || versionDetails) {
      err.println("corral gate version: corral/" + CorralVersion.current());
      if (versionDetails) {
        io.netty.util.Version netty = io.netty.util.Version.identify().get("netty-common");
        err.println("running on Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), Netty "
            + (netty == null ? "unknown" : netty.artifactVersion()));
        err.println("transport: " + dev.corral.gate.proxy.Transport.best().name());
        err.println("configure arguments: none (nginx's build options have no equivalent; every supported "
            + "directive is always built in)");
      }
      err.flush();
      return GateControl.OK;
    }
    GateOptions options = new GateOptions(prefix, config, directives, Optional.ofNullable(errorLog));
    if (test || testAndDump) {
      PrintWriter messages = quiet && !testAndDump ? new PrintWriter(PrintWriter.nullWriter()) : err;
      int code = GateControl.test(options, testAndDump, out, quiet ? new PrintWriter(PrintWriter.nullWriter())
          : messages);
      if (code != GateControl.OK && quiet) {
        return GateControl.test(options, false, new PrintWriter(PrintWriter.nullWriter()), err);
      }
      return code;
    }
    if (signal != null) {
      return GateControl.signal(options, signal, err);
    }
    try {
      boolean child = GateDaemon.isChild(System.getenv());
      if (!child && (daemon || GateDaemon.configured(options))) {
        return GateDaemon.spawn(daemonCommand(), err, GateDaemon.DEFAULT_READY_TIMEOUT);
      }
      return serve(options, child ? Optional.of(GateDaemon.child(System.err)) : Optional.empty());
    } catch (ConfigException | GateStartException e) {
      err.println("corral gate: [emerg] " + e.getMessage());
      err.flush();
      return GateControl.FAILED;
    }
  }

  private static int serve(GateOptions options, Optional<GateDaemon.Child> daemonChild)
      throws InterruptedException {
    GateServer server = GateServer.start(options, daemonChild.map(GateDaemon.Child::stream).orElse(System.err),
        s -> GateSignals.install(s, GateServer.DEFAULT_SHUTDOWN_TIMEOUT));
    daemonChild.ifPresent(GateDaemon.Child::ready);
    server.awaitStop();
    return GateControl.OK;
  }

  /**
   * This JVM's command line (the signal-blocking prefix of {@link GateSignals#launcherPrefix}, then the same
   * java, JVM options and class path) running {@code corral gate} with this
   * invocation's settings and without {@code -d}. The arguments are rebuilt from the parsed options, so the same
   * command results however the gate was reached ({@code corral gate …} through the full command line or directly).
   */
  private List<String> daemonCommand() {
    List<String> command = new ArrayList<>(GateSignals.launcherPrefix());
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CorralMain.class.getName());
    command.add("gate");
    if (!prefix.toString().isEmpty()) {
      command.addAll(List.of("-p", prefix.toString()));
    }
    command.addAll(List.of("-c", config.toString()));
    if (!directives.isEmpty()) {
      command.addAll(List.of("-g", directives));
    }
    if (errorLog != null) {
      command.addAll(List.of("-e", errorLog));
    }
    return command;
  }
}
