package dev.corral.cli.demo;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code corral demo}: shows each layer that exists today doing its job on this machine, in a few seconds, with
 * real threads, clocks and sockets — nothing is simulated.
 */
@Command(
    name = "demo",
    description = "Show each layer of Corral at work on this machine, in a few seconds.")
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** One section of the demo; it prints its own lines and throws if what it shows did not happen. */
  interface Section {
    String title();

    void run(PrintWriter out) throws Exception;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    out.println("corral demo: each layer at work on this machine (real threads, clocks and sockets)");
    List<Section> sections = List.of(new BagpipeDemo(), new RateLimitDemo(), new GateDemo());
    int number = 1;
    for (Section section : sections) {
      out.printf("%n%d. %s%n", number++, section.title());
      out.flush();
      section.run(out);
      out.flush();
    }
    out.println();
    out.println("More: bin/corral --help, and the README's sections per layer.");
    return 0;
  }
}
