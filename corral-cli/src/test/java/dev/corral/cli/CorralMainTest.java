package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.cli.pm.BareListing;
import dev.corral.cli.pm.JlistCommand;
import dev.corral.cli.pm.ListCommand;
import dev.corral.cli.pm.StartCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** How {@link CorralMain} picks the subcommand to build without building the others. */
class CorralMainTest {
  @Test
  void aSubcommandIsFoundByNameOrAlias() {
    assertThat(CorralMain.subcommand("start")).contains(StartCommand.class);
    assertThat(CorralMain.subcommand("jlist")).contains(JlistCommand.class);
    assertThat(CorralMain.subcommand("ls")).contains(ListCommand.class);
    assertThat(CorralMain.subcommand("status")).contains(ListCommand.class);
  }

  @Test
  void helpGateOptionsAndUnknownWordsGoThroughTheFullCommandLine() {
    assertThat(CorralMain.subcommand("help")).isEmpty();
    assertThat(CorralMain.subcommand("gate")).isEmpty();
    assertThat(CorralMain.subcommand("--version")).isEmpty();
    assertThat(CorralMain.subcommand("frobnicate")).isEmpty();
  }

  @Test
  void bareListingTakesOnlyAListingCommandWithoutOptions() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    assertThat(BareListing.run(new String[] {"list", "--help"}, o, e)).isEmpty();
    assertThat(BareListing.run(new String[] {"jlist", "x"}, o, e)).isEmpty();
    assertThat(BareListing.run(new String[] {"start"}, o, e)).isEmpty();
    assertThat(BareListing.run(new String[0], o, e)).isEmpty();
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEmpty();
  }
}
