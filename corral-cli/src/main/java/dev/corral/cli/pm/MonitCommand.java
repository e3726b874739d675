package dev.corral.cli.pm;

import dev.corral.pm.config.Quantity;
import dev.corral.pm.daemon.DaemonClient;
import dev.corral.pm.daemon.protocol.Request;
import dev.corral.pm.process.InstanceView;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code corral monit}: a live view of every instance (status, CPU and memory of its whole tree, restarts,
 * uptime) and the tail of the selected instance's logs. Arrow keys (or j/k) select, q quits. The list is read from
 * the daemon every {@code --interval}; the logs are read from their files four times a second.
 *
 * <p>Without a terminal (input or output a pipe or a file, or {@code TERM} unset or {@code dumb}) it says so on
 * stderr and prints the process table every interval instead, until interrupted.
 */
@Command(name = "monit", mixinStandardHelpOptions = true,
    description = "Live view of CPU, memory, restarts and status per process, and the selected one's logs.")
public final class MonitCommand implements Callable<Integer> {
  private static final long KEY_WAIT_MS = 250;

  @Spec CommandSpec spec;

  @Option(names = "--interval", description = "Time between two reads of the process list (default 1s).")
  String interval = "1s";

  @Override
  public Integer call() throws IOException, InterruptedException {
    long every = Quantity.millis("--interval", interval);
    if (every < 100) {
      throw new IllegalArgumentException("--interval: " + interval + " (expected: at least 100ms)");
    }
    DaemonClient client = DaemonConnection.client();
    if (!interactive()) {
      return plain(client, every, interval);
    }
    Terminal terminal = TerminalBuilder.builder().system(true).provider("exec").dumb(true)
        .systemOutput(TerminalBuilder.SystemOutput.SysOut).build();
    if (terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
      terminal.close();
      return plain(client, every, interval);
    }
    try (terminal) {
      return live(client, terminal, every);
    }
  }

  /**
   * Whether stdin and stdout are both a terminal and TERM names a real one. Asked of {@code test -t} with this
   * process's streams, before JLine is touched: JLine's fallback path loads native code and warns on stderr.
   */
  private static boolean interactive() throws InterruptedException {
    String term = System.getenv("TERM");
    if (term == null || term.isBlank() || term.startsWith("dumb")) {
      return false;
    }
    try {
      Process probe = new ProcessBuilder("sh", "-c", "test -t 0 && test -t 1")
          .redirectInput(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      return probe.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** The degraded mode: the process table, printed every interval. */
  private int plain(DaemonClient client, long every, String shown) throws InterruptedException {
    spec.commandLine().getErr().println("corral monit: not a terminal; printing the process table every "
        + shown + " (Ctrl-C to stop)");
    spec.commandLine().getErr().flush();
    PrintWriter out = spec.commandLine().getOut();
    while (!Thread.currentThread().isInterrupted()) {
      out.println("── " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
      InstanceTable.print(client.send(new Request.ListInstances()).instances(), out);
      out.println();
      out.flush();
      Thread.sleep(every);
    }
    return PmExit.OK;
  }

  private int live(DaemonClient client, Terminal terminal, long every) throws IOException {
    boolean[] quit = {false};
    terminal.handle(Terminal.Signal.INT, s -> quit[0] = true);
    var saved = terminal.enterRawMode();
    terminal.puts(Capability.enter_ca_mode);
    terminal.puts(Capability.cursor_invisible);
    terminal.flush();
    Display display = new Display(terminal, true);
    List<InstanceView> views = List.of();
    int selected = 0;
    long nextList = 0;
    try (MonitLogs logs = new MonitLogs()) {
      while (!quit[0]) {
        long now = System.currentTimeMillis();
        if (now >= nextList) {
          views = client.send(new Request.ListInstances()).instances();
          nextList = now + every;
        }
        selected = Math.max(0, Math.min(selected, views.size() - 1));
        if (!views.isEmpty()) {
          InstanceView v = views.get(selected);
          logs.select(Integer.toString(v.id()), Path.of(v.outLog()), Path.of(v.errLog()));
          logs.poll();
        }
        Size size = terminal.getSize();
        int rows = size.getRows() > 0 ? size.getRows() : 24;
        int cols = size.getColumns() > 0 ? size.getColumns() : 80;
        display.resize(rows, cols);
        MonitScreen.Frame frame = MonitScreen.render(views, selected, logs.lines(), cols, rows);
        display.update(styled(frame), 0);
        switch (MonitKeys.next(terminal.reader()::read, KEY_WAIT_MS)) {
          case UP -> selected = Math.max(0, selected - 1);
          case DOWN -> selected = Math.min(Math.max(0, views.size() - 1), selected + 1);
          case QUIT -> quit[0] = true;
          case NONE -> { }
        }
      }
    } finally {
      terminal.puts(Capability.cursor_visible);
      terminal.puts(Capability.exit_ca_mode);
      terminal.setAttributes(saved);
      terminal.flush();
    }
    return PmExit.OK;
  }

  private static List<AttributedString> styled(MonitScreen.Frame frame) {
    List<AttributedString> out = new java.util.ArrayList<>();
    for (int i = 0; i < frame.lines().size(); i++) {
      String line = frame.lines().get(i);
      out.add(i == frame.selectedLine() ? new AttributedString(line, AttributedStyle.INVERSE)
          : i == 0 ? new AttributedString(line, AttributedStyle.BOLD) : new AttributedString(line));
    }
    return out;
  }
}
