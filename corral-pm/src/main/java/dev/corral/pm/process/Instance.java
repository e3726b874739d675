package dev.corral.pm.process;

import dev.corral.pm.logs.Fifo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One supervised instance of an app and its lifecycle ({@link ProcessState}): launch, exit, reaping of the whole
 * tree, the restart decision, graceful stop with SIGKILL escalation.
 *
 * <p>Thread-safety: confined to the supervisor loop ({@link SupervisorContext#loop()}); every method must be
 * called on it. Process-exit callbacks hop onto the loop and are ignored when they belong to an older launch.
 *
 * <p>Size: every lifecycle transition lives here so the state machine can be read and checked in one place; the
 * output side ({@link InstanceLogs}), readiness ({@link Readiness}) and the restart rules ({@link RestartPolicy})
 * are separate classes.
 */
final class Instance {
  private static final long REAP_POLL_MS = 50;
  private static final long KILL_GRACE_MS = 5_000;
  private static final long ADOPTED_POLL_MS = 250;

  /** Told of every lifecycle move, on the loop, after the move (the supervisor drives cluster fronts with it). */
  interface Moves {
    void moved(Instance instance, ProcessState from, ProcessState to);
  }

  private final SupervisorContext ctx;
  private final int id;
  private final int index;
  /** 0 for an instance's first object; a reload's replacement, which runs beside it for a while, gets the next. */
  private final int generation;
  private final Moves moves;
  private AppSpec spec;
  private final InstanceLogs logs;
  /** A cluster-mode launch's own loopback port, 0 otherwise. */
  private int port;
  /** Completes when the current launch is ready (true), or will not be (false: timed out, exited, stopped). */
  private CompletableFuture<Boolean> launchReady = CompletableFuture.completedFuture(false);

  private ProcessState state = ProcessState.STOPPED;
  private int launchSeq;
  private ProcessTree tree;
  private String outPipe = "";
  private String errPipe = "";
  private long processStartMs;
  /** The launch whose probes may still act; 0 when none. Written on the loop, read by probe threads. */
  private volatile int liveSeq;
  private long startedAtMs;
  private int restarts;
  private int lastExitCode = -1;
  private RestartPolicy.History history = RestartPolicy.History.FRESH;
  private ScheduledFuture<?> pendingRestart;
  private long killDeadlineMs;
  private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();
  private double cpuPercent;
  private long memoryBytes;
  private long lastCpuTicks = -1;
  private long lastSampleMs;

  Instance(SupervisorContext ctx, LogFiles files, int id, int index, AppSpec spec, int generation, Moves moves) {
    this.ctx = ctx;
    this.id = id;
    this.index = index;
    this.spec = spec;
    this.generation = generation;
    this.moves = moves;
    this.logs = new InstanceLogs(ctx, files, tag(id, generation), spec);
  }

  /** Names this object's pipes and ready files: the id, and the generation once there is more than one. */
  private static String tag(int id, int generation) {
    return generation == 0 ? Integer.toString(id) : id + "." + generation;
  }

  int id() { return id; }
  int index() { return index; }
  int generation() { return generation; }
  AppSpec spec() { return spec; }
  ProcessState state() { return state; }

  /** {@code 127.0.0.1:port} of a cluster-mode launch, empty otherwise. */
  java.util.Optional<String> address() {
    return port > 0 && spec.cluster() ? java.util.Optional.of("127.0.0.1:" + port) : java.util.Optional.empty();
  }

  /** The current launch's readiness: true once ready, false if it timed out, exited or was stopped first. */
  CompletableFuture<Boolean> launchReady() {
    return launchReady;
  }

  /** A reload's replacement takes over the counters of the instance it replaces, plus one restart. */
  void continueFrom(Instance old) {
    restarts = old.restarts + 1;
  }

  /** The last lines of this instance's logs (err, then out), for an error message. */
  String lastLogLines(int n) {
    StringBuilder b = new StringBuilder();
    for (Path file : List.of(logs.errPath(), logs.outPath())) {
      for (String line : dev.corral.pm.logs.LogTail.last(file, n)) {
        b.append("\n  ").append(file.getFileName()).append(": ").append(line);
      }
    }
    return b.toString();
  }

  void spec(AppSpec newSpec) {
    this.spec = newSpec;
  }

  /** Starts the process now (from stopped or errored, or when a restart timer fires). */
  void launch() {
    move(ProcessState.LAUNCHING);
    int seq = ++launchSeq;
    ReadySignal ready = ReadySignal.of(ctx.pipesDir(), tag(id, generation), seq);
    launchReady.complete(false);
    launchReady = new CompletableFuture<>();
    java.util.Map<String, String> env = new java.util.HashMap<>(ready.env(spec));
    if (spec.cluster()) {
      port = PortPlan.freeLoopbackPort();
      String p = Integer.toString(port);
      env.putAll(java.util.Map.of("PORT", p, "SERVER_PORT", p, "CORRAL_PORT", p,
          "NODE_APP_INSTANCE", Integer.toString(index)));
    }
    List<Fifo> pipes = List.of();
    Process process;
    try {
      pipes = logs.open(seq, spec.logDateFormatIn(ctx.clock().getZone()),
          ready.lineWatch(spec, msg -> ctx.events().accept(new SupervisorEvent.InstanceNote(spec.name(), id, msg))));
      process = ctx.launcher().launch(spec, index, pipes.get(0).path(), pipes.get(1).path(), env);
    } catch (RuntimeException e) {
      pipes.forEach(Fifo::releaseKeeper); // lets the pumps see end of stream and finish
      logs.note("cannot start: " + e.getMessage());
      ctx.events().accept(new SupervisorEvent.CannotStart(spec.name(), id, e.getMessage()));
      move(ProcessState.ERRORED);
      launchReady.complete(false);
      return;
    }
    pipes.forEach(Fifo::releaseKeeper);
    logs.prepare();
    tree = new ProcessTree(process.pid(), ctx.launcher().ownGroup());
    outPipe = pipes.get(0).path().toString();
    errPipe = pipes.get(1).path().toString();
    processStartMs = startMillis(process.toHandle());
    startedAtMs = ctx.clock().millis();
    lastCpuTicks = -1;
    liveSeq = seq;
    if (spec.hasReadiness()) {
      ctx.events().accept(new SupervisorEvent.Launched(spec.name(), id, process.pid()));
      probe(seq, ready.file());
    } else {
      move(ProcessState.ONLINE);
      launchReady.complete(true);
      ctx.events().accept(new SupervisorEvent.Online(spec.name(), id, process.pid(), ""));
    }
    process.onExit().whenComplete((p, failure) -> {
      int code = failure == null ? p.exitValue() : RestartPolicy.UNKNOWN_EXIT_CODE;
      ctx.loop().execute(() -> onRootExit(seq, code));
    });
  }

  /** Waits for readiness off the loop; then ONLINE and, with a health URL, watches it for hangs. */
  private void probe(int seq, Path readyFile) {
    int readyPort = spec.cluster() ? port : spec.readyPort();
    Readiness readiness = new Readiness(spec, readyFile, ctx.clock(), () -> liveSeq == seq, readyPort,
        Readiness.healthUrl(spec, port));
    ctx.probes().execute(() -> {
      try {
        Readiness.Outcome outcome = readiness.await();
        ctx.loop().execute(() -> onProbe(seq, outcome));
        if (outcome != Readiness.Outcome.CANCELLED && !spec.healthUrl().isEmpty() && readiness.watchHealth()) {
          ctx.loop().execute(() -> onHealthFailed(seq));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private void onProbe(int seq, Readiness.Outcome outcome) {
    if (seq != launchSeq || state != ProcessState.LAUNCHING || outcome == Readiness.Outcome.CANCELLED) {
      return;
    }
    if (outcome == Readiness.Outcome.TIMED_OUT) {
      logs.note("not ready within listen_timeout " + spec.listenTimeoutMs() + " ms; considered online anyway");
    }
    move(ProcessState.ONLINE);
    launchReady.complete(outcome == Readiness.Outcome.READY);
    ctx.events().accept(new SupervisorEvent.Online(spec.name(), id, tree.rootPid(), outcome.name()));
  }

  private void onHealthFailed(int seq) {
    if (seq == launchSeq && state == ProcessState.ONLINE) {
      logs.note("health check " + spec.healthUrl() + " failed " + spec.healthFailures() + " times in a row:"
          + " restarting");
      ctx.events().accept(new SupervisorEvent.Restarting(spec.name(), id, "unhealthy"));
      restart();
    }
  }

  /** The OS start time of a process (epoch ms), 0 when unknown; tells our pid from a reused one. */
  static long startMillis(ProcessHandle handle) {
    return handle.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
  }

  /**
   * Takes over this instance from a record left by a daemon that died: a live process (same pid and start time)
   * whose pipes still exist is adopted — its output read again from its pipes, its exit watched by polling;
   * a process that died meanwhile is restarted; one whose pipes are gone is stopped cleanly and restarted. A
   * stopped or errored instance stays so. Call once, right after construction, on the loop.
   */
  void adopt(InstanceRecord r) {
    restarts = r.restarts();
    port = r.port();
    launchSeq = r.launchSeq();
    history = new RestartPolicy.History(r.unstableRestarts(), 0);
    if (r.state() == ProcessState.STOPPED || r.state() == ProcessState.ERRORED) {
      state = r.state();
      return;
    }
    boolean ours = r.pid() > 0 && ProcessTree.isAlive(r.pid())
        && ProcessHandle.of(r.pid()).map(Instance::startMillis).orElse(-1L) == r.processStartMs();
    if (!ours) {
      ctx.events().accept(new SupervisorEvent.Restarting(spec.name(), id,
          "(pid " + r.pid() + ") died while no daemon watched"));
      if (r.state() != ProcessState.WAITING_RESTART) {
        restarts++;
      }
      launch();
      return;
    }
    tree = new ProcessTree(r.pid(), ctx.launcher().ownGroup());
    startedAtMs = r.startedAtMs();
    processStartMs = r.processStartMs();
    state = ProcessState.ONLINE;
    launchReady = CompletableFuture.completedFuture(true);
    Path out = Path.of(r.outPipe());
    Path errPath = Path.of(r.errPipe());
    if (r.outPipe().isEmpty() || !java.nio.file.Files.exists(out) || !java.nio.file.Files.exists(errPath)) {
      ctx.events().accept(new SupervisorEvent.InstanceNote(spec.name(), id, "pid " + r.pid()
          + " lost its log pipes: stopping it cleanly and starting it again"));
      int seq = launchSeq;
      watchExit(seq);
      stop().thenRunAsync(this::launch, ctx.loop());
      return;
    }
    outPipe = r.outPipe();
    errPipe = r.errPipe();
    logs.reopen(out, errPath, spec.logDateFormatIn(ctx.clock().getZone()));
    ctx.events().accept(new SupervisorEvent.Adopted(spec.name(), id, r.pid()));
    watchExit(launchSeq);
    liveSeq = launchSeq;
    if (!spec.healthUrl().isEmpty()) {
      probe(launchSeq, ReadySignal.of(ctx.pipesDir(), tag(id, generation), launchSeq).file()); // resumes the health watch
    }
    if (r.state() == ProcessState.STOPPING) {
      stop();
    }
  }

  /** Polls an adopted process (not our child: no exit notification, maybe no reaper) until it is gone. */
  private void watchExit(int seq) {
    if (seq != launchSeq) {
      return;
    }
    if (ProcessTree.isAlive(tree.rootPid())) {
      ctx.loop().schedule(() -> watchExit(seq), ADOPTED_POLL_MS, TimeUnit.MILLISECONDS);
    } else {
      onRootExit(seq, RestartPolicy.UNKNOWN_EXIT_CODE);
    }
  }

  /** What a later daemon needs to take this instance over. */
  InstanceRecord record() {
    boolean running = state.hasProcess() && tree != null;
    return new InstanceRecord(id, spec.name(), index, state, running ? tree.rootPid() : 0,
        running ? processStartMs : 0, startedAtMs, launchSeq, running ? outPipe : "", running ? errPipe : "",
        restarts, history.unstableRestarts(), running ? port : 0, generation, spec.execMode());
  }

  /** The pipes this instance reads now (stale pipes of others may be deleted). */
  List<String> pipesInUse() {
    return state.hasProcess() ? List.of(outPipe, errPipe) : List.of();
  }

  private void onRootExit(int seq, int code) {
    if (seq != launchSeq) {
      return;
    }
    lastExitCode = code;
    liveSeq = 0;
    launchReady.complete(false);
    List<Long> alive = tree.alive();
    if (state == ProcessState.ONLINE || state == ProcessState.LAUNCHING) {
      move(ProcessState.EXITED);
      ctx.events().accept(new SupervisorEvent.Exited(spec.name(), id, code));
      // Children left behind would hold ports and pipes: give them the stop signal and kill_timeout, like a stop.
      if (!alive.isEmpty()) {
        tree.signal(spec.stopSignal());
      }
      killDeadlineMs = ctx.clock().millis() + spec.killTimeoutMs();
    }
    reap(alive);
  }

  /** Waits (by polling on the loop) until no process of the tree is alive, escalating to SIGKILL at the deadline. */
  private void reapAgain() {
    reap(tree.alive());
  }

  private void reap(List<Long> alive) {
    long now = ctx.clock().millis();
    if (alive.isEmpty() || now > killDeadlineMs + KILL_GRACE_MS) {
      if (!alive.isEmpty()) {
        ctx.events().accept(new SupervisorEvent.InstanceNote(spec.name(), id, "pids " + alive
            + " survive SIGKILL; giving up on them"));
      }
      treeGone();
      return;
    }
    if (now >= killDeadlineMs) {
      tree.signal("KILL");
    }
    ctx.loop().schedule(this::reapAgain, REAP_POLL_MS, TimeUnit.MILLISECONDS);
  }

  private void treeGone() {
    cpuPercent = 0;
    memoryBytes = 0;
    if (state == ProcessState.STOPPING) {
      move(ProcessState.STOPPED);
      completeStop();
      return;
    }
    long uptime = ctx.clock().millis() - startedAtMs;
    RestartPolicy.Decision d = ctx.policy().decide(spec, lastExitCode, uptime, history);
    history = d.history();
    switch (d.action()) {
      case STOP -> move(ProcessState.STOPPED);
      case ERRORED -> {
        move(ProcessState.ERRORED);
        logs.note("errored: " + history.unstableRestarts() + " runs shorter than min_uptime " + spec.minUptimeMs()
            + " ms in a row (max_restarts " + spec.maxRestarts() + "); not restarting");
      }
      case RESTART -> {
        move(ProcessState.WAITING_RESTART);
        pendingRestart = ctx.loop().schedule(() -> {
          if (state == ProcessState.WAITING_RESTART) {
            restarts++;
            launch();
          }
        }, d.delayMs(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Stops the instance; the future completes on the loop once the whole tree is gone. */
  CompletableFuture<Void> stop() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    switch (state) {
      case STOPPED, ERRORED -> done.complete(null);
      case WAITING_RESTART -> {
        pendingRestart.cancel(false);
        move(ProcessState.STOPPED);
        done.complete(null);
      }
      case STOPPING -> stopWaiters.add(done);
      case EXITED -> {
        move(ProcessState.STOPPING);
        stopWaiters.add(done);
      }
      case ONLINE, LAUNCHING -> {
        liveSeq = 0;
        launchReady.complete(false);
        move(ProcessState.STOPPING);
        stopWaiters.add(done);
        killDeadlineMs = ctx.clock().millis() + spec.killTimeoutMs();
        tree.signal(spec.stopSignal());
        int seq = launchSeq;
        ctx.loop().schedule(() -> escalate(seq), spec.killTimeoutMs(), TimeUnit.MILLISECONDS);
      }
    }
    return done;
  }

  private void escalate(int seq) {
    if (seq == launchSeq && state == ProcessState.STOPPING && tree != null && ProcessTree.isAlive(tree.rootPid())) {
      ctx.events().accept(new SupervisorEvent.InstanceNote(spec.name(), id, "did not stop within kill_timeout "
          + spec.killTimeoutMs() + " ms: SIGKILL to the tree"));
      tree.signal("KILL");
    }
  }

  private void completeStop() {
    List<CompletableFuture<Void>> waiters = new ArrayList<>(stopWaiters);
    stopWaiters.clear();
    waiters.forEach(f -> f.complete(null));
  }

  /** Stops (if needed) and starts again, counting a restart; clears the unstable-run count. */
  CompletableFuture<Void> restart() {
    return stop().thenRunAsync(() -> {
      restarts++;
      history = RestartPolicy.History.FRESH;
      launch();
    }, ctx.loop());
  }

  /** Sends a signal to the running process (not its tree); false when nothing runs. */
  boolean signal(String signal) {
    if (!state.hasProcess() || tree == null) {
      return false;
    }
    tree.signalRoot(signal);
    return true;
  }

  /** Clears the restart counters ({@code corral reset}). */
  void reset() {
    restarts = 0;
    history = RestartPolicy.History.FRESH;
    ctx.changed().run();
  }

  /** Updates CPU and memory from a /proc table; restarts gracefully past max_memory_restart. */
  void sample(ProcTable table) {
    if (state != ProcessState.ONLINE || tree == null) {
      return;
    }
    long ticks = 0;
    long rss = 0;
    List<Long> pids = new ArrayList<>();
    for (ProcTable.Proc p : table.tree(tree.rootPid(), ctx.launcher().ownGroup())) {
      ticks += p.cpuTicks();
      rss += p.rssBytes();
      pids.add(p.pid());
    }
    tree.remember(pids);
    long now = ctx.clock().millis();
    if (lastCpuTicks >= 0 && now > lastSampleMs) {
      cpuPercent = 100.0 * (ticks - lastCpuTicks) / ProcTable.TICKS_PER_SECOND * 1000.0 / (now - lastSampleMs);
    }
    lastCpuTicks = ticks;
    lastSampleMs = now;
    memoryBytes = rss;
    if (spec.maxMemoryBytes() > 0 && rss > spec.maxMemoryBytes()) {
      logs.note("memory " + rss + " bytes > max_memory_restart " + spec.maxMemoryBytes() + ": restarting");
      ctx.events().accept(new SupervisorEvent.Restarting(spec.name(), id, "over max_memory_restart"));
      restart();
    }
  }

  /** Empties this instance's logs. */
  void flushLogs() {
    logs.truncate();
  }

  /** Closes the log files and drops the spare pipes (after delete). */
  void closeLogs() {
    logs.close();
  }

  InstanceView view() {
    boolean running = state == ProcessState.ONLINE || state == ProcessState.STOPPING;
    return new InstanceView(id, spec.name(), spec.namespace(), index, spec.execMode(),
        running && tree != null ? tree.rootPid() : 0, state.label(),
        running ? ctx.clock().millis() - startedAtMs : 0, restarts, history.unstableRestarts(), lastExitCode,
        Math.round(cpuPercent * 10) / 10.0, memoryBytes, logs.outPath().toString(), logs.errPath().toString(), spec,
        running && spec.cluster() ? port : spec.gate() ? spec.port() : 0);
  }

  private void move(ProcessState next) {
    if (!state.canMoveTo(next)) {
      throw new IllegalStateException("instance " + id + ": " + state + " -> " + next + " is not a lifecycle move");
    }
    ProcessState from = state;
    state = next;
    ctx.changed().run();
    moves.moved(this, from, next);
  }

}
