package dev.corral.gate;

import java.time.Duration;
import java.util.Locale;
import sun.misc.Signal;

/**
 * Maps process signals to the gate's lifecycle, as nginx's master does: TERM and INT stop at once, HUP reloads,
 * USR1 reopens logs, and WINCH quits gracefully. QUIT cannot be used: the JVM reserves it ({@code Signal.handle}
 * refuses it; {@code -Xrs} would free it but also take TERM, INT and HUP away), and a QUIT sent to the gate prints a
 * thread dump to stdout and does nothing else. So {@code -s quit} sends WINCH. Each handler runs on a JVM signal
 * thread and calls the (synchronized) server.
 */
public final class GateSignals {
  private GateSignals() {}

  /** The signal {@code -s NAME} sends. */
  public static String signalFor(String command) {
    return switch (command.toLowerCase(Locale.ROOT)) {
      case "stop" -> "TERM";
      case "quit" -> "WINCH";
      case "reload" -> "HUP";
      case "reopen" -> "USR1";
      default -> throw new IllegalArgumentException("invalid option: \"-s " + command
          + "\" (expected: stop, quit, reload or reopen)");
    };
  }

  /** Installs the handlers for {@code server}. */
  public static void install(GateServer server, Duration shutdownTimeout) {
    Signal.handle(new Signal("TERM"), s -> server.stop());
    Signal.handle(new Signal("INT"), s -> server.stop());
    Signal.handle(new Signal("HUP"), s -> server.reload());
    Signal.handle(new Signal("USR1"), s -> server.reopenLogs());
    Signal.handle(new Signal("WINCH"), s -> server.quit(shutdownTimeout));
  }
}
