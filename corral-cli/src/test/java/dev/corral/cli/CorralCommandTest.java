package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The top-level command, run in-process with captured output. */
class CorralCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = CorralMain.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void versionNamesCorralAndTheJavaItRunsOn() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("corral ").contains("java " + Runtime.version().feature());
  }

  @Test
  void unknownCommandIsOneClearErrorWithUsageExitCode() {
    assertThat(run("frobnicate")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Unmatched argument").contains("frobnicate").doesNotContain("Exception")
        .contains("Try 'corral --help'").doesNotContain("Usage:");
  }

  @Test
  void mistypedOptionIsOneLineWithASuggestionNotTheWholeUsage() {
    assertThat(run("list", "--jsno")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).startsWith("corral list: Unknown option: '--jsno'")
        .contains("Try 'corral list --help'").doesNotContain("Usage:");
  }

  @Test
  void demoShowsEachLayerAndKeepsItsPromises() {
    assertThat(run("demo")).isZero();
    assertThat(out.toString())
        .contains("1. corral-async: Bagpipe")
        .contains("refused at once")
        .contains("after: active 0, queued 0")
        .contains("2. corral-limit: limit_req")
        .containsPattern("burst 1: passed [67], rejected 2[34]") // 7 only if the burst spans 100 ms
        .contains("3. corral gate")
        .contains("answers in order: a a b a a a b a");
  }
}
