package dev.corral.limit.redis;

import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.event.command.CommandSucceededEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the type of every command a Lettuce client sends: the client's side of "one round trip". */
final class CommandCounter implements CommandListener {

  private final List<String> sent = new CopyOnWriteArrayList<>();

  @Override
  public void commandStarted(CommandStartedEvent event) {
    sent.add(event.getCommand().getType().toString());
  }

  @Override
  public void commandSucceeded(CommandSucceededEvent event) {
  }

  @Override
  public void commandFailed(CommandFailedEvent event) {
  }

  /** Forgets what was recorded so far. */
  void reset() {
    sent.clear();
  }

  /** The command types sent since the last {@link #reset()}, in order. */
  List<String> sent() {
    return List.copyOf(sent);
  }
}
