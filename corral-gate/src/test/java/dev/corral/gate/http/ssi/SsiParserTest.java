package dev.corral.gate.http.ssi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming SSI tag parser: tags, ordinary comments, errors, limits, and a body split at every byte. */
class SsiParserTest {
  /** Collects the parser's output as text runs, {@code [cmd ...]} and {@code [error: ...]} in order. */
  private static final class Recorder implements SsiSink {
    final List<String> events = new ArrayList<>();
    private final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();

    @Override
    public void text(byte[] bytes, int offset, int length) {
      text.write(bytes, offset, length);
    }

    @Override
    public void command(SsiCommand command) {
      endText();
      events.add("[" + command.name() + " " + command.params() + "]");
    }

    @Override
    public void error(String message) {
      endText();
      events.add("[error: " + message + "]");
    }

    List<String> done() {
      endText();
      return events;
    }

    private void endText() {
      if (text.size() > 0) {
        events.add(text.toString(StandardCharsets.UTF_8));
        text.reset();
      }
    }
  }

  private static List<String> parseWhole(String body) {
    return parse(body, body.getBytes(StandardCharsets.UTF_8).length);
  }

  /** Feeds {@code body} in chunks of {@code chunk} bytes (each chunk copied to its own array). */
  private static List<String> parse(String body, int chunk) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    SsiParser parser = new SsiParser(256);
    Recorder recorder = new Recorder();
    for (int i = 0; i < bytes.length; i += chunk) {
      int n = Math.min(chunk, bytes.length - i);
      byte[] part = new byte[n + 2];
      System.arraycopy(bytes, i, part, 1, n);
      parser.feed(part, 1, n, recorder);
    }
    parser.finish(recorder);
    return recorder.done();
  }

  @Test
  void findsTagsBetweenText() {
    assertThat(parseWhole("a<!--#include virtual=\"/x\" set=\"one\" -->b<!--#echo var='one'-->c"))
        .containsExactly("a", "[include {virtual=/x, set=one}]", "b", "[echo {var=one}]", "c");
  }

  @Test
  void ordinaryCommentsAndLoneBracketsAreText() {
    String body = "<p><!-- a comment --> <! <!- <!-x << <!--";
    assertThat(parseWhole(body)).containsExactly(body);
  }

  @Test
  void aBodySplitAtEveryByteGivesTheSameEvents() {
    String body = "head <<!--#  set var=\"x\"\n value='it\\'s'  --> mid <!-- plain --><!--#echo var=\"x\" -->"
        + "<!--#echo var\"--> tail <!--#endif-->é";
    List<String> whole = parseWhole(body);
    assertThat(whole).containsExactly("head <", "[set {var=x, value=it's}]", " mid <!-- plain -->",
        "[echo {var=x}]", "[error: unexpected \"\"\" symbol after \"var\" parameter in \"echo\" SSI command]",
        " tail ", "[endif {}]", "é");
    for (int chunk = 1; chunk < 12; chunk++) {
      assertThat(parse(body, chunk)).as("chunks of %d bytes", chunk).isEqualTo(whole);
    }
  }

  @Test
  void aBackslashKeepsItselfUnlessItEscapesTheQuote() {
    assertThat(parseWhole("<!--#set var=\"a\" value=\"x\\\"y\\z\" -->"))
        .containsExactly("[set {var=a, value=x\"y\\z}]");
  }

  @Test
  void anErrorSkipsToTheEndOfTheTag() {
    assertThat(parseWhole("1<!--#-->2<!--#echo var=x -->3<!--#echo var=\"a\" var=\"b\" --->4"))
        .containsExactly("1", "[error: unexpected \"-\" symbol in SSI command]", "2",
            "[error: unexpected \"x\" symbol before value of \"var\" parameter in \"echo\" SSI command]", "3",
            "[error: duplicate \"var\" parameter in \"echo\" SSI command]", "4");
  }

  @Test
  void limitsOfNamesValuesAndParameterCountAreNginxs() {
    String longName = "c".repeat(SsiParser.NAME_LIMIT + 1);
    assertThat(parseWhole("<!--#" + longName + " -->.")).containsExactly(
        "[error: the \"" + "c".repeat(SsiParser.NAME_LIMIT) + "...\" SSI command is too long]", ".");
    SsiParser parser = new SsiParser(4);
    Recorder recorder = new Recorder();
    byte[] body = "<!--#set var=\"abcd\" value=\"abcde\" -->.".getBytes(StandardCharsets.US_ASCII);
    parser.feed(body, 0, body.length, recorder);
    assertThat(recorder.done()).containsExactly(
        "[error: too long \"abcd...\" value of \"value\" parameter in \"set\" SSI command]", ".");
    StringBuilder many = new StringBuilder("<!--#include");
    for (int i = 0; i <= SsiParser.PARAM_LIMIT; i++) {
      many.append(" p").append(i).append("=\"v\"");
    }
    assertThat(parseWhole(many + " -->."))
        .containsExactly("[error: too many SSI command parameters: \"include\"]", ".");
  }

  @Test
  void aTagOpenAtTheEndOfTheBodyIsAnError() {
    assertThat(parseWhole("a<!--#include virtual=\"/x\"")).containsExactly("a",
        "[error: unterminated SSI command]");
  }

  @Test
  void commandsAreCheckedAgainstNginxsTable() {
    assertThat(SsiCommands.check(new SsiCommand("include", Map.of("virtual", "/a", "wait", "yes")))).isEmpty();
    assertThat(SsiCommands.check(new SsiCommand("exec", Map.of("cmd", "ls"))))
        .contains("unknown SSI command \"exec\"");
    assertThat(SsiCommands.check(new SsiCommand("echo", Map.of("value", "x"))))
        .contains("unknown parameter \"value\" in \"echo\" SSI command");
    assertThat(SsiCommands.check(new SsiCommand("set", Map.of("var", "x"))))
        .contains("mandatory \"value\" parameter is absent in \"set\" SSI command");
  }
}
