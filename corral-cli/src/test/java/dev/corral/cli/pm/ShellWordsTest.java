package dev.corral.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {
  @Test
  void blanksSeparateWords() {
    assertThat(ShellWords.split("  python3 -m\thttp.server   8000 ")).containsExactly("python3", "-m", "http.server",
        "8000");
  }

  @Test
  void quotesAndBackslashesKeepBlanksAndNothingIsExpanded() {
    assertThat(ShellWords.split("echo 'a  b' \"c \\\" $HOME\" d\\ e '$(x)'"))
        .containsExactly("echo", "a  b", "c \" $HOME", "d e", "$(x)");
    assertThat(ShellWords.split("x ''")).containsExactly("x", "");
  }

  @Test
  void anOpenQuoteOrNoWordIsOneClearError() {
    assertThatThrownBy(() -> ShellWords.split("echo 'oops")).hasMessage("command: echo 'oops (expected: a closing ' )");
    assertThatThrownBy(() -> ShellWords.split("   ")).hasMessage("command: '   ' (expected: a program to run)");
  }
}
