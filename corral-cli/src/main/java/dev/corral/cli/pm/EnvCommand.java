package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.process.AppSpec;
import dev.corral.pm.process.ChildLauncher;
import dev.corral.pm.process.InstanceView;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code corral env ID}: the environment variables an instance runs with, sorted by name. */
@Command(name = "env", mixinStandardHelpOptions = true,
    description = "Prints the environment an instance runs with (captured at start, plus its own variables).")
public final class EnvCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "Instance id (see corral list).")
  String id;

  @Override
  public Integer call() throws Exception {
    for (InstanceView v : DaemonConnection.client().send(new Request.ListInstances()).instances()) {
      if (Integer.toString(v.id()).equals(id)) {
        AppSpec app = v.spec();
        Map<String, String> env = new TreeMap<>(app.env());
        env.putAll(ChildLauncher.environment(app, v.index(), app.env()));
        PrintWriter out = spec.commandLine().getOut();
        env.forEach((k, value) -> out.println(k + "=" + value));
        out.flush();
        return PmExit.OK;
      }
    }
    throw new PmException("no process with id " + id + " (see corral list)");
  }
}
