package dev.corral.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {
  @TempDir Path dir;

  private List<Directive> parse(String text) {
    return new ConfigParser(dir).parseText(text, dir.resolve("gate.conf"));
  }

  @Test
  void readsDirectivesArgumentsAndBlocks() {
    List<Directive> tree = parse("worker_processes 2;\nhttp {\n  upstream b { server 127.0.0.1:8080 weight=3; }\n}\n");
    assertThat(tree).extracting(Directive::name).containsExactly("worker_processes", "http");
    Directive upstream = tree.get(1).children().get(0);
    assertThat(upstream.args()).containsExactly("b");
    assertThat(upstream.children().get(0).args()).containsExactly("127.0.0.1:8080", "weight=3");
    assertThat(upstream.position().line()).isEqualTo(3);
  }

  @Test
  void quotesKeepSpacesAndResolveEscapes() {
    Directive d = parse("return 200 \"a \\\"b\\\" c\\n\";").get(0);
    assertThat(d.args()).containsExactly("200", "a \"b\" c\n");
    assertThat(parse("x 'single quoted';").get(0).args()).containsExactly("single quoted");
  }

  @Test
  void commentsRunToEndOfLineButOnlyAtWordStart() {
    List<Directive> tree = parse("# a comment\nx a#b; # trailing\ny;");
    assertThat(tree).extracting(Directive::name).containsExactly("x", "y");
    assertThat(tree.get(0).args()).containsExactly("a#b");
    assertThat(tree.get(1).position().line()).isEqualTo(3);
  }

  @Test
  void variableBracesInsideAWordAreNotABlock() {
    assertThat(parse("log_format x ${remote_addr}-$host;").get(0).args()).containsExactly("x",
        "${remote_addr}-$host");
  }

  @Test
  void regexBackslashesAreKept() {
    assertThat(parse("location ~ \\.php$ { }").get(0).args()).containsExactly("~", "\\.php$");
  }

  @Test
  void missingSemicolonAtEndOfFileIsReportedWithLine() {
    assertThatThrownBy(() -> parse("http {\n}\nworker_processes 2"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unexpected end of file, expecting \";\" or \"}\" in " + dir.resolve("gate.conf") + ":3");
  }

  @Test
  void missingSemicolonBeforeClosingBraceIsReported() {
    assertThatThrownBy(() -> parse("http {\n  keepalive_timeout 5\n}\n"))
        .hasMessage("unexpected \"}\" in " + dir.resolve("gate.conf") + ":3");
  }

  @Test
  void unclosedBlockIsReported() {
    assertThatThrownBy(() -> parse("http {\n server {\n}\n"))
        .hasMessageStartingWith("unexpected end of file, expecting \"}\"");
  }

  @Test
  void strayClosingBraceIsReported() {
    assertThatThrownBy(() -> parse("x;\n}\n")).hasMessage("unexpected \"}\" in " + dir.resolve("gate.conf") + ":2");
  }

  @Test
  void unterminatedQuoteIsReported() {
    assertThatThrownBy(() -> parse("return 200 \"abc;\n")).hasMessageStartingWith("unexpected end of file, expecting \"");
  }

  @Test
  void includeGlobExpandsMatchingFilesInNameOrder() throws IOException {
    Files.createDirectories(dir.resolve("conf.d"));
    Files.writeString(dir.resolve("conf.d/b.conf"), "b;\n");
    Files.writeString(dir.resolve("conf.d/a.conf"), "a;\n");
    Files.writeString(dir.resolve("conf.d/c.txt"), "c;\n");
    assertThat(parse("first; include conf.d/*.conf; last;")).extracting(Directive::name)
        .containsExactly("first", "a", "b", "last");
  }

  @Test
  void includeGlobMatchingNothingIncludesNothing() {
    assertThat(parse("include none/*.conf; x;")).extracting(Directive::name).containsExactly("x");
  }

  @Test
  void includeOfMissingFileIsAnErrorNamingTheFile() {
    assertThatThrownBy(() -> parse("include missing.conf;"))
        .hasMessageContaining("open() \"" + dir.resolve("missing.conf") + "\" failed");
  }

  @Test
  void errorsInsideAnIncludedFileNameThatFile() throws IOException {
    Files.writeString(dir.resolve("inner.conf"), "ok;\nbroken\n");
    assertThatThrownBy(() -> parse("include inner.conf;"))
        .hasMessageEndingWith(dir.resolve("inner.conf") + ":3");
  }

  @Test
  void includeCycleIsStopped() throws IOException {
    Files.writeString(dir.resolve("self.conf"), "include self.conf;\n");
    assertThatThrownBy(() -> parse("include self.conf;")).hasMessageContaining("include cycle");
  }
}
