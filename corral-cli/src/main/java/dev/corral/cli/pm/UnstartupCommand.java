package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code corral unstartup}: removes the unit written by {@code corral startup}. */
@Command(name = "unstartup", mixinStandardHelpOptions = true,
    description = "Removes the systemd user unit written by 'corral startup'.")
public final class UnstartupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--unit-dir", description = "Where the unit is (default: ~/.config/systemd/user).")
  Path unitDir;

  @Override
  public Integer call() {
    Path file = (unitDir != null ? unitDir : StartupCommand.defaultUnitDir()).resolve(StartupCommand.UNIT);
    PrintWriter out = spec.commandLine().getOut();
    try {
      if (!Files.deleteIfExists(file)) {
        out.println("no " + file + " (nothing to remove)");
        out.flush();
        return PmExit.OK;
      }
    } catch (IOException e) {
      throw new PmException("cannot delete " + file + ": " + e.getMessage(), e);
    }
    out.println("removed " + file);
    out.println("then: systemctl --user disable " + StartupCommand.UNIT + " && systemctl --user daemon-reload");
    out.flush();
    return PmExit.OK;
  }
}
