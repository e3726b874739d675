package dev.corral.pm.daemon;

import dev.corral.pm.process.SupervisorState;
import dev.corral.pm.state.AtomicJsonFile;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps {@code state.json} current for a takeover after a {@code kill -9}: each change asks for a save, and saves
 * are coalesced to at most one per {@link #DEBOUNCE_MS}, so a crash-looping app costs a few writes a second, not
 * one per event. Each save is atomic with a backup ({@link AtomicJsonFile}).
 *
 * <p>Thread-safety: confined to the supervisor loop (requests come from lifecycle changes, which run there).
 */
final class StateWriter {
  static final long DEBOUNCE_MS = 200;

  private final ScheduledExecutorService loop;
  private final AtomicJsonFile<SupervisorState> file;
  private final Consumer<String> events;
  private Supplier<SupervisorState> source;
  private boolean pending;
  private boolean closed;

  StateWriter(ScheduledExecutorService loop, AtomicJsonFile<SupervisorState> file, Consumer<String> events) {
    this.loop = loop;
    this.file = file;
    this.events = events;
  }

  /** Where snapshots come from; set once, before the first change. */
  void source(Supplier<SupervisorState> snapshot) {
    this.source = snapshot;
  }

  /** A change happened: save soon. */
  void requestSave() {
    if (!pending && !closed && source != null) {
      pending = true;
      loop.schedule(this::save, DEBOUNCE_MS, TimeUnit.MILLISECONDS);
    }
  }

  private void save() {
    pending = false;
    if (closed) {
      return;
    }
    try {
      file.write(source.get());
    } catch (RuntimeException e) {
      events.accept("cannot save state: " + e.getMessage());
    }
  }

  /** Clean shutdown: no more saves, and no state left for a takeover (there is nothing to take over). */
  void discard() {
    closed = true;
    try {
      java.nio.file.Files.deleteIfExists(file.path());
      java.nio.file.Files.deleteIfExists(file.backup());
    } catch (java.io.IOException e) {
      events.accept("cannot delete " + file.path() + ": " + e.getMessage());
    }
  }
}
