package dev.corral.pm.process;

import dev.corral.pm.logs.Fifo;
import dev.corral.pm.logs.LinePump;
import dev.corral.pm.logs.LineWatch;
import dev.corral.pm.logs.LogDateFormat;
import dev.corral.pm.logs.RotatingLogFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The output side of one instance: its two rotating log files, the named pipes of each launch, the pump threads
 * that copy pipe to file, and a spare pair of pipes made ahead so a restart does not wait for {@code mkfifo}.
 *
 * <p>Thread-safety: confined to the supervisor loop, like its {@link Instance}; the pump threads only touch the
 * (synchronized) log files and their own pipe.
 */
final class InstanceLogs {
  private final SupervisorContext ctx;
  private final LogFiles files;
  private final int id;
  /** Names this object's pipes: the instance id, plus its generation during a reload (see Instance). */
  private final String tag;
  private final RotatingLogFile out;
  private final RotatingLogFile err;
  /** Pipes made ahead for the next launch, or null. */
  private List<Fifo> spare;
  /** Numbers spare pairs; their names never collide with pipes made on the spot, even when both race. */
  private int spares;
  private boolean closed;

  InstanceLogs(SupervisorContext ctx, LogFiles files, String tag, AppSpec spec) {
    this.ctx = ctx;
    this.files = files;
    this.tag = tag;
    this.id = Integer.parseInt(tag.contains(".") ? tag.substring(0, tag.indexOf('.')) : tag);
    this.out = files.acquire(file(ctx, spec, id, spec.outFile(), "out"), spec.logMaxBytes(), spec.logKeep());
    this.err = files.acquire(file(ctx, spec, id, spec.errorFile(), "err"), spec.logMaxBytes(), spec.logKeep());
  }

  /**
   * Where a stream of instance {@code id} is logged: {@code out_file}/{@code error_file} (relative to cwd, with
   * {@code -ID} before the extension when the app has several instances), else {@code logs/NAME-ID-STREAM.log}.
   * With {@code merge_logs} there is no {@code -ID}: every instance of the app shares the file.
   */
  static Path file(SupervisorContext ctx, AppSpec spec, int id, String configured, String stream) {
    if (configured.isEmpty()) {
      String suffix = spec.mergeLogs() ? "" : "-" + id;
      return ctx.logsDir().resolve(spec.name() + suffix + "-" + stream + ".log");
    }
    Path path = Path.of(spec.cwd()).resolve(configured).normalize();
    if (spec.instances() == 1 || spec.mergeLogs()) {
      return path;
    }
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return path.resolveSibling(dot > 0 ? name.substring(0, dot) + "-" + id + name.substring(dot) : name + "-" + id);
  }

  Path outPath() {
    return out.path();
  }

  Path errPath() {
    return err.path();
  }

  /** The out/err pipes of launch {@code seq} (the spare pair if one is ready), each already being pumped. */
  List<Fifo> open(int seq, Optional<LogDateFormat> timestamps, Optional<LineWatch> outWatch) {
    List<Fifo> pipes = spare != null ? spare : Fifo.create(paths(tag + "-" + seq));
    spare = null;
    pump(pipes.get(0), out, "out", timestamps, outWatch);
    pump(pipes.get(1), err, "err", timestamps, Optional.empty());
    return pipes;
  }

  /** Pumps the pipes of a process adopted from a dead daemon. */
  void reopen(Path outPipe, Path errPipe, Optional<LogDateFormat> timestamps) {
    for (Fifo fifo : List.of(Fifo.existing(outPipe), Fifo.existing(errPipe))) {
      pump(fifo, fifo.path().equals(outPipe) ? out : err, fifo.path().equals(outPipe) ? "out" : "err", timestamps,
          Optional.empty());
      fifo.releaseKeeper(); // the process holds its own write ends
    }
  }

  /** Makes a spare pair of pipes off the loop, for the next launch. */
  void prepare() {
    List<Path> paths = paths(tag + "-s" + ++spares);
    ctx.probes().execute(() -> {
      try {
        List<Fifo> pair = Fifo.create(paths);
        ctx.loop().execute(() -> {
          if (spare == null && !closed) {
            spare = pair;
          } else {
            pair.forEach(Fifo::delete);
          }
        });
      } catch (RuntimeException e) {
        ctx.events().accept(new SupervisorEvent.Notice("#" + id + ": cannot prepare the next log pipes: "
            + e.getMessage()));
      }
    });
  }

  /** Writes a line from corral itself into the error log, marked so it is not mistaken for the app's output. */
  void note(String message) {
    byte[] line = ("[corral] " + message + "\n").getBytes(StandardCharsets.UTF_8);
    err.write(line, 0, line.length);
    err.flush();
  }

  /** Empties both logs and their rotations. */
  void truncate() {
    out.truncate();
    err.truncate();
  }

  /** Closes the files and drops the spare pipes (the instance is deleted). */
  void close() {
    closed = true;
    files.release(out);
    files.release(err);
    if (spare != null) {
      spare.forEach(Fifo::delete);
      spare = null;
    }
  }

  private List<Path> paths(String base) {
    return List.of(ctx.pipesDir().resolve(base + ".out"), ctx.pipesDir().resolve(base + ".err"));
  }

  private void pump(Fifo fifo, RotatingLogFile file, String stream, Optional<LogDateFormat> timestamps,
      Optional<LineWatch> watch) {
    Thread t = new Thread(new LinePump(fifo.openReader(), file, ctx.clock(), timestamps, fifo::delete, watch),
        "corral-log-" + id + "-" + stream);
    t.setDaemon(true);
    t.start();
  }
}
