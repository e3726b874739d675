package dev.corral.cli.pm;

import dev.corral.pm.daemon.WireJson;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code corral save} (dump): writes the app list for {@code resurrect}, atomically, keeping a backup. */
@Command(name = "save", aliases = {"dump"}, mixinStandardHelpOptions = true,
    description = "Saves the app list (for resurrect), atomically with a backup of the previous one.")
public final class SaveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--force", description = "Save even an empty list over a non-empty saved one.")
  boolean force;

  @Override
  public Integer call() {
    Map<String, Object> saved = WireJson.asObject(DaemonConnection.client().call("save", Map.of("force", force)));
    spec.commandLine().getOut().println("saved " + WireJson.num(saved, "apps") + " app(s) to "
        + WireJson.str(saved, "file"));
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
