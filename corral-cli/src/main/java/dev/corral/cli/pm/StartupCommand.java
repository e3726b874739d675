package dev.corral.cli.pm;

import dev.corral.pm.PmException;
import dev.corral.pm.daemon.CorralHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code corral startup}: writes a systemd user unit that runs {@code corral resurrect} at boot (the list saved by
 * {@code corral save}) and {@code corral kill} at shutdown, then prints the commands that enable it. Like pm2's
 * unit: {@code Type=forking} with the daemon's pid file. Nothing is run as root and systemctl is not called.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
    description = "Writes a systemd user unit that resurrects the saved apps at boot; prints how to enable it.")
public final class StartupCommand implements Callable<Integer> {
  static final String UNIT = "corral.service";

  @Spec CommandSpec spec;

  @Option(names = "--unit-dir", description = "Where to write the unit (default: ~/.config/systemd/user).")
  Path unitDir;

  @Override
  public Integer call() {
    String jar = System.getProperty("java.class.path");
    if (!jar.endsWith(".jar") || jar.contains(java.io.File.pathSeparator)) {
      throw new PmException("startup needs corral.jar: run it through bin/corral");
    }
    String javaBin = System.getenv().getOrDefault("CORRAL_JAVA",
        ProcessHandle.current().info().command().orElse("java"));
    CorralHome home = CorralHome.fromEnvironment(System.getenv());
    Path dir = unitDir != null ? unitDir : defaultUnitDir();
    String run = javaBin + " -XX:TieredStopAtLevel=1 -jar " + Path.of(jar).toAbsolutePath();
    String unit = String.join("\n",
        "[Unit]",
        "Description=Corral process manager: resurrects the apps saved by 'corral save'",
        "After=network.target",
        "",
        "[Service]",
        "Type=forking",
        "Environment=CORRAL_HOME=" + home.dir(),
        "Environment=CORRAL_JAVA=" + javaBin,
        "PIDFile=" + home.pidFile(),
        "LimitNOFILE=infinity",
        "ExecStart=" + run + " resurrect",
        "ExecStop=" + run + " kill",
        "Restart=on-failure",
        "",
        "[Install]",
        "WantedBy=default.target",
        "");
    Path file = dir.resolve(UNIT);
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(UNIT + ".tmp");
      Files.writeString(tmp, unit);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new PmException("cannot write " + file + ": " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("wrote " + file);
    if (!Files.exists(home.dump())) {
      out.println("nothing is saved yet: start your apps, then run 'corral save'");
    }
    out.println("enable it with:");
    out.println("  systemctl --user daemon-reload && systemctl --user enable " + UNIT);
    out.println("  loginctl enable-linger " + System.getProperty("user.name") + "   # start at boot, not at login");
    out.flush();
    return PmExit.OK;
  }

  static Path defaultUnitDir() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return config.resolve("systemd").resolve("user");
  }
}
