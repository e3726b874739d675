package dev.corral.pm.daemon.protocol;

import dev.corral.pm.process.AppSpec;
import java.util.Map;

/**
 * A command to the daemon, one record per command; {@code R} is the type of its reply. Shared by every client (the
 * CLI, {@code --no-daemon}, tests) and the daemon, and put on the wire by {@link ProtocolCodec}. Records are
 * immutable; their constructors refuse what the daemon would refuse anyway (a blank target, a negative count), with
 * the field named.
 *
 * @param <R> the reply the daemon answers this command with
 */
public sealed interface Request<R extends Reply> {
  /** The command's name on the wire ({@code "cmd"}). */
  String command();

  /** The type of the reply to this command. */
  Class<R> replyType();

  /** Is a daemon there, which one and which protocol does it speak. */
  record Ping() implements Request<Reply.Pong> {
    @Override
    public String command() {
      return "ping";
    }

    @Override
    public Class<Reply.Pong> replyType() {
      return Reply.Pong.class;
    }
  }

  /** Every instance, in id order. */
  record ListInstances() implements Request<Reply.Instances> {
    @Override
    public String command() {
      return "list";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Starts a new app; refused when an app of that name exists. */
  record Start(AppSpec spec) implements Request<Reply.Instances> {
    public Start {
      ProtocolCodec.require(spec != null, "spec", spec, "an app spec");
    }

    @Override
    public String command() {
      return "start";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** New settings for an existing app, which then restarts with them. */
  record Update(AppSpec spec) implements Request<Reply.Instances> {
    public Update {
      ProtocolCodec.require(spec != null, "spec", spec, "an app spec");
    }

    @Override
    public String command() {
      return "update";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Stops a target: an id, an app name, a namespace or {@code all}. */
  record Stop(String target) implements Request<Reply.Instances> {
    public Stop {
      ProtocolCodec.requireTarget(target);
    }

    @Override
    public String command() {
      return "stop";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Restarts a target with the environment it has. */
  record Restart(String target) implements Request<Reply.Instances> {
    public Restart {
      ProtocolCodec.requireTarget(target);
    }

    @Override
    public String command() {
      return "restart";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Restarts a target with a new environment ({@code --update-env}). */
  record RestartWithEnv(String target, Map<String, String> env) implements Request<Reply.Instances> {
    public RestartWithEnv {
      ProtocolCodec.requireTarget(target);
      ProtocolCodec.require(env != null, "env", env, "a map of variables");
      env = Map.copyOf(env);
    }

    @Override
    public String command() {
      return "restart";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Rolling reload of a target, {@code parallel} instances at a time (a restart in fork mode). */
  record Reload(String target, int parallel) implements Request<Reply.Instances> {
    public Reload {
      ProtocolCodec.requireTarget(target);
      ProtocolCodec.require(parallel >= 1, "parallel", parallel, ">= 1");
    }

    @Override
    public String command() {
      return "reload";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Stops a target and forgets it. */
  record Delete(String target) implements Request<Reply.Instances> {
    public Delete {
      ProtocolCodec.requireTarget(target);
    }

    @Override
    public String command() {
      return "delete";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Clears a target's restart counters. */
  record Reset(String target) implements Request<Reply.Instances> {
    public Reset {
      ProtocolCodec.requireTarget(target);
    }

    @Override
    public String command() {
      return "reset";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Empties a target's log files (rotated copies included); replies with the instances flushed. */
  record Flush(String target) implements Request<Reply.Instances> {
    public Flush {
      ProtocolCodec.requireTarget(target);
    }

    @Override
    public String command() {
      return "flush";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Sets an app's instance count to {@code count}, or changes it by {@code count} when {@code relative}. */
  record Scale(String name, int count, boolean relative) implements Request<Reply.Instances> {
    public Scale {
      ProtocolCodec.require(name != null && !name.isBlank(), "name", name, "an app name");
    }

    /** Scale to exactly {@code count} instances. */
    public static Scale to(String name, int count) {
      return new Scale(name, count, false);
    }

    /** Scale by {@code delta} instances (negative: fewer). */
    public static Scale by(String name, int delta) {
      return new Scale(name, delta, true);
    }

    @Override
    public String command() {
      return "scale";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Sends a signal (a name without {@code SIG}) to each instance's own process; replies with those reached. */
  record SendSignal(String target, String signal) implements Request<Reply.Instances> {
    public SendSignal {
      ProtocolCodec.requireTarget(target);
      ProtocolCodec.require(signal != null && !signal.isBlank(), "signal", signal, "a signal name such as USR2");
    }

    @Override
    public String command() {
      return "signal";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /** Saves the app list to the dump file; an empty list replaces a saved one only when {@code force}. */
  record Save(boolean force) implements Request<Reply.Saved> {
    @Override
    public String command() {
      return "save";
    }

    @Override
    public Class<Reply.Saved> replyType() {
      return Reply.Saved.class;
    }
  }

  /** Starts the saved apps that are not running; replies with the instances started. */
  record Resurrect() implements Request<Reply.Instances> {
    @Override
    public String command() {
      return "resurrect";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }

  /**
   * Starts the daemon's web dashboard on {@code host:port} if it is not running, or moves it there if it runs
   * elsewhere or with another token; replies with its address. {@code port} 0 picks a free port; {@code token} is
   * empty for none (refused off loopback).
   */
  record Dashboard(String host, int port, String token) implements Request<Reply.DashboardAddress> {
    public Dashboard {
      ProtocolCodec.require(host != null && !host.isBlank(), "host", host, "an address such as 127.0.0.1");
      ProtocolCodec.require(port >= 0 && port <= 65535, "port", port, "0 to 65535");
      token = token == null ? "" : token;
    }

    @Override
    public String command() {
      return "dashboard";
    }

    @Override
    public Class<Reply.DashboardAddress> replyType() {
      return Reply.DashboardAddress.class;
    }
  }

  /**
   * Stops every app, then the daemon; replies with the stopped instances. The same in every protocol version (no
   * arguments, a list back), so any client can stop any daemon.
   */
  record Kill() implements Request<Reply.Instances> {
    @Override
    public String command() {
      return "kill";
    }

    @Override
    public Class<Reply.Instances> replyType() {
      return Reply.Instances.class;
    }
  }
}
