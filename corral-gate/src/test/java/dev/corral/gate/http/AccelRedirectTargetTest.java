package dev.corral.gate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The URI of an X-Accel-Redirect: split at {@code ?}, decoded, and refused as nginx refuses unsafe ones. */
class AccelRedirectTargetTest {
  @Test
  void unsafeTargetsAreRecognisedAsNginxDoes() {
    for (String bad : new String[] {"..", "../x", "/a/..", "/a/../b", "/a/.%2e", "/a/%2E%2E/b", "?x", "", "/a%00"}) {
      assertThat(AccelRedirect.parse(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void safeTargetsAreSplitAndDecoded() {
    assertThat(AccelRedirect.parse("/a..b/..c")).contains(new AccelRedirect.Target("/a..b/..c", ""));
    assertThat(AccelRedirect.parse("/foo?bar")).contains(new AccelRedirect.Target("/foo", "bar"));
    assertThat(AccelRedirect.parse("/foo%20bar")).contains(new AccelRedirect.Target("/foo bar", ""));
  }
}
