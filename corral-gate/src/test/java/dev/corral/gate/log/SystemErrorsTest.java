package dev.corral.gate.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class SystemErrorsTest {
  // Netty's NativeIoException itself is not built here: its class initializer needs the native transport loaded,
  // and a failed one would break every later test in this JVM. NginxErrorWordingTest gets real ones from io_uring.

  @Test
  void nettysMessageFormIsReadWhenOnlyTheMessageCarriesTheErrno() {
    ConnectException annotated = new ConnectException(
        "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:1");

    assertThat(SystemErrors.describe(annotated)).isEqualTo("111: Connection refused");
  }

  @Test
  void aCauseDeeperInTheChainIsFound() {
    java.io.IOException wrapped = new java.io.IOException("bind failed",
        new java.io.IOException("bind(..) failed with error(-13): Permission denied"));

    assertThat(SystemErrors.describe(wrapped)).isEqualTo("13: Permission denied");
  }

  @Test
  void jdkErrorsWithoutANumberAreLookedUpByTheirText() {
    assertThat(SystemErrors.describe(new BindException("Address already in use")))
        .isEqualTo("98: Address already in use");
    assertThat(SystemErrors.describe(new ConnectException("Connection refused")))
        .isEqualTo("111: Connection refused");
  }

  @Test
  void fileErrorsUseTheirReasonNotThePath() {
    assertThat(SystemErrors.describe(new NoSuchFileException("/x/y"))).isEqualTo("2: No such file or directory");
    assertThat(SystemErrors.describe(new AccessDeniedException("/x/y"))).isEqualTo("13: Permission denied");
    assertThat(SystemErrors.describe(new FileSystemException("/x/y", null, "Not a directory")))
        .isEqualTo("20: Not a directory");
  }

  @Test
  void anUnknownErrorKeepsItsOwnMessage() {
    assertThat(SystemErrors.describe(new IOException("something odd"))).isEqualTo("something odd");
    assertThat(SystemErrors.describe(new IOException())).isEqualTo("IOException");
  }
}
