package dev.corral.cli.pm;

import dev.corral.pm.daemon.CorralHome;
import dev.corral.pm.daemon.Daemon;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code corral daemon} (hidden): runs the process-manager daemon in the foreground. The CLI starts it in the
 * background on first use; users never type it.
 */
@Command(name = "daemon", hidden = true, description = "Runs the process-manager daemon (started automatically).")
public final class DaemonCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return new Daemon(CorralHome.fromEnvironment(System.getenv())).run();
  }
}
