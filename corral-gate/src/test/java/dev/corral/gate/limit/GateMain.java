package dev.corral.gate.limit;

import dev.corral.gate.GateOptions;
import dev.corral.gate.GateServer;
import java.nio.file.Path;
import java.util.Optional;

/** A gate process for tests: {@code GateMain PREFIX CONFIG} serves until it is killed. */
public final class GateMain {
  private GateMain() {}

  public static void main(String[] args) throws InterruptedException {
    GateServer server = GateServer.start(new GateOptions(Path.of(args[0]), Path.of(args[1]), "", Optional.empty()),
        System.err);
    server.awaitStop();
  }
}
