package dev.corral.gate.config;

import java.util.List;
import java.util.Optional;

/**
 * What a level does with the errors it answers. Immutable.
 *
 * @param pages {@code error_page} lines, one entry per status in order; a level with its own lines drops the
 *     inherited ones, as nginx merges them (the first entry for a status wins)
 * @param recursive {@code recursive_error_pages}, default off: whether an error of an error page's target may
 *     itself be redirected
 * @param interceptErrors {@code proxy_intercept_errors}, default off: whether an upstream answer of 300 or more
 *     with an error page here is replaced by the page
 */
public record ErrorPageSettings(List<ErrorPage> pages, boolean recursive, boolean interceptErrors) {
  public ErrorPageSettings {
    pages = List.copyOf(pages);
  }

  static ErrorPageSettings defaults() {
    return new ErrorPageSettings(List.of(), false, false);
  }

  /** The page for {@code status}, if this level has one. */
  public Optional<ErrorPage> page(int status) {
    for (int i = 0, n = pages.size(); i < n; i++) {
      if (pages.get(i).status() == status) {
        return Optional.of(pages.get(i));
      }
    }
    return Optional.empty();
  }
}
