package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.daemon.protocol.WireJson;
import dev.corral.pm.process.InstanceView;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code corral list} and {@code corral jlist} typed alone, answered without picocli. They are the commands that
 * scripts and monitors run in loops, and picocli's model of even one command (≈150 classes that the JVM cannot keep
 * in its class-data archive, as picocli is compiled for Java 5) costs more than the request to the daemon. Output
 * and errors are those of {@link ListCommand} and {@link JlistCommand}; any option, including {@code --help},
 * goes through picocli.
 */
public final class BareListing {
  private static final Set<String> LIST = Set.of("list", "ls", "l", "ps", "status");

  private BareListing() {}

  /**
   * Runs {@code args} if it is exactly one of the listing commands; empty otherwise (nothing was run).
   *
   * @return the exit code: 0, or 1 after one {@code corral: …} line on {@code err}
   */
  public static Optional<Integer> run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length != 1 || !(LIST.contains(args[0]) || args[0].equals("jlist"))) {
      return Optional.empty();
    }
    try {
      List<InstanceView> result = DaemonConnection.client().send(new Request.ListInstances()).instances();
      if (args[0].equals("jlist")) {
        out.println(WireJson.write(result));
      } else {
        InstanceTable.print(result, out);
      }
      return Optional.of(PmExit.OK);
    } catch (RuntimeException e) {
      err.println("corral: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return Optional.of(PmExit.FAILURE);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
