package dev.corral.cli.pm;

import dev.corral.pm.daemon.protocol.Reply;
import dev.corral.pm.daemon.protocol.Request;
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
    Reply.Saved saved = DaemonConnection.client().send(new Request.Save(force));
    spec.commandLine().getOut().println("saved " + saved.apps() + " app(s) to " + saved.file());
    spec.commandLine().getOut().flush();
    return PmExit.OK;
  }
}
