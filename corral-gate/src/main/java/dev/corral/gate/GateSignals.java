package dev.corral.gate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Maps process signals to the gate's lifecycle, as nginx's master does: TERM and INT stop at once, QUIT and WINCH
 * quit gracefully (in-flight requests finish, then exit 0), HUP reloads, USR1 reopens logs. Each signal taken is
 * acknowledged through {@link SignalAck} for {@code -s}.
 *
 * <p>Two ways to receive them, chosen at {@link #install}:
 * <ul>
 *   <li><b>native</b> — the JVM runs with {@code -Xrs} and the six signals were blocked before it started
 *       ({@code bin/corral} runs {@code env --block-signal=HUP,INT,QUIT,TERM,USR1,WINCH java -Xrs …}): one thread
 *       takes them with {@code sigwaitinfo} ({@link NativeSignals}). This is the only way to have QUIT, which the
 *       JVM otherwise keeps for its thread dump ({@code jcmd PID Thread.print} gives one instead; the gate runs with
 *       {@code -XX:+StartAttachListener} so that jcmd never needs to send QUIT, and a QUIT that still comes with an
 *       attach request pending is left to that request). A signal inherited as ignored ({@code nohup}) is still
 *       received: blocked signals are never discarded.</li>
 *   <li><b>jvm</b> — otherwise, {@code sun.misc.Signal} handlers for HUP, INT, TERM, USR1 and WINCH; QUIT stays the
 *       JVM's (a thread dump, nothing else). A signal inherited as ignored, which HotSpot would keep ignored for
 *       HUP, INT and TERM, is first reset to its default ({@link NativeSignals#resetToDefault}), so that
 *       {@code -s reload} works under {@code nohup} too; where that is impossible the gate logs a warning.</li>
 * </ul>
 * With {@code -Xrs} but the signals not blocked (a JVM started by hand), neither works: the gate logs that the
 * signals are not handled, and {@code -s} reports the missing acknowledgement.
 *
 * <p>Actions run on a new thread per signal (as {@code sun.misc.Signal} does) and call the synchronized server.
 */
public final class GateSignals {
  /** The signals {@code -Xrs} leaves to the gate, in the order {@code env --block-signal} lists them. */
  public static final List<String> NATIVE = List.of("HUP", "INT", "QUIT", "TERM", "USR1", "WINCH");

  private GateSignals() {}

  /** The signal {@code -s NAME} sends (WINCH for quit: a graceful quit however the gate receives signals). */
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

  /**
   * Installs the handlers for {@code server} and returns how signals are received: {@code "native"}, {@code "jvm"}
   * or {@code "none"}.
   */
  public static String install(GateServer server, Duration shutdownTimeout) {
    SignalAck ack = SignalAck.startFor(server.pidFile());
    Map<String, Consumer<String>> actions = actions(server, shutdownTimeout, ack);
    Optional<NativeSignals> natives = NativeSignals.load();
    if (NativeSignals.jvmReducesSignalUsage()) {
      int[] numbers = NATIVE.stream().mapToInt(GateSignals::number).toArray();
      if (natives.isPresent() && natives.get().blocked(numbers)) {
        startNativeLoop(natives.get(), numbers, actions, server);
        return "native";
      }
      server.warn("the JVM runs with -Xrs but the signals " + NATIVE + " are not blocked: the gate cannot "
          + "receive them (start it with bin/corral, which blocks them, or without -Xrs)");
      return "none";
    }
    actions.forEach((name, action) -> {
      if (!name.equals("QUIT")) {
        handleEvenIfIgnored(name, action, natives, server);
      }
    });
    return "jvm";
  }

  /**
   * What a command line that starts another gate like this one (the daemon's re-execution) must begin with so
   * that it receives signals as this one does: {@code env --block-signal=…} when this JVM takes them natively
   * (JVM options such as {@code -Xrs} are copied by the caller), else nothing.
   */
  public static List<String> launcherPrefix() {
    int[] numbers = NATIVE.stream().mapToInt(GateSignals::number).toArray();
    boolean nativeMode = NativeSignals.jvmReducesSignalUsage()
        && NativeSignals.load().map(n -> n.blocked(numbers)).orElse(false);
    return nativeMode ? List.of("env", "--block-signal=" + String.join(",", NATIVE)) : List.of();
  }

  private static Map<String, Consumer<String>> actions(GateServer server, Duration timeout, SignalAck ack) {
    Map<String, Consumer<String>> actions = new LinkedHashMap<>();
    Consumer<String> stop = name -> {
      ack.begin(name, "done");
      server.stop();
    };
    Consumer<String> quit = name -> {
      ack.begin(name, "done");
      server.quit(timeout);
    };
    actions.put("HUP", name -> {
      long seq = ack.begin(name, "received");
      ack.write(seq, name, server.reload() ? "done" : "failed");
    });
    actions.put("INT", stop);
    actions.put("QUIT", quit);
    actions.put("TERM", stop);
    actions.put("USR1", name -> {
      server.reopenLogs();
      ack.begin(name, "done");
    });
    actions.put("WINCH", quit);
    return actions;
  }

  private static void handleEvenIfIgnored(String name, Consumer<String> action, Optional<NativeSignals> natives,
      GateServer server) {
    Signal signal = new Signal(name);
    SignalHandler handler = s -> {
      server.notice("signal " + signal.getNumber() + " (SIG" + name + ") received");
      action.accept(name);
    };
    SignalHandler old = Signal.handle(signal, handler);
    if (old != SignalHandler.SIG_IGN) {
      return;
    }
    // HotSpot does not install a handler for HUP, INT or TERM that the process inherited as ignored; it says so by
    // returning SIG_IGN (for USR1 and WINCH the handler is installed anyway: resetting and installing again is
    // harmless).
    if (natives.isPresent() && natives.get().resetToDefault(signal.getNumber())
        && Signal.handle(signal, handler) != SignalHandler.SIG_IGN) {
      server.notice("SIG" + name + " was inherited as ignored (nohup?); handled anyway, as nginx does");
      return;
    }
    server.warn("SIG" + name + " was inherited as ignored (nohup?) and cannot be handled on this JVM; "
        + "-s " + name.toLowerCase(Locale.ROOT) + " will report that the gate did not act");
  }

  private static void startNativeLoop(NativeSignals natives, int[] numbers, Map<String, Consumer<String>> actions,
      GateServer server) {
    Object set = natives.setOf(numbers);
    Thread.ofPlatform().daemon().name("gate-signals").start(() -> {
      while (true) {
        int number = natives.await(set);
        if (number < 0) {
          continue; // EINTR
        }
        String name = nameOf(number);
        if (name.equals("QUIT") && attachRequestPending()) {
          server.notice("SIGQUIT with a pending attach request (jcmd, jstack): not a quit");
          continue;
        }
        Consumer<String> action = actions.get(name);
        if (action != null) {
          server.notice("signal " + number + " (SIG" + name + ") received");
          Thread.ofPlatform().name("gate-SIG" + name).start(() -> action.accept(name));
        }
      }
    });
  }

  /**
   * Whether a tool asked for the JVM's attach mechanism, which it does by creating {@code .attach_pid<PID>} in the
   * process's working directory or temporary folder and then sending QUIT (only when the attach listener is not
   * started already; the gate starts it at start-up).
   */
  private static boolean attachRequestPending() {
    String name = ".attach_pid" + ProcessHandle.current().pid();
    return java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("user.dir"), name))
        || java.nio.file.Files.exists(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), name))
        || java.nio.file.Files.exists(java.nio.file.Path.of("/tmp", name));
  }

  private static int number(String name) {
    return new Signal(name).getNumber();
  }

  private static String nameOf(int number) {
    for (String name : NATIVE) {
      if (number(name) == number) {
        return name;
      }
    }
    return Integer.toString(number);
  }
}
