package dev.corral.async.flow;

import java.util.concurrent.Executor;

/** The default home of blocking tasks: a new virtual thread per run, as JEP 444 recommends (never pooled). */
final class VirtualThreads {
  static final Executor EXECUTOR = command -> Thread.ofVirtual().name("corral-flow").start(command);

  private VirtualThreads() {}
}
