package dev.corral.cli.pm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.pm.daemon.Protocol;
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
    JsonNode saved = DaemonConnection.client().call("save", Protocol.args().put("force", force));
    spec.commandLine().getOut().println("saved " + saved.path("apps").asInt() + " app(s) to "
        + saved.path("file").asText());
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
