package dev.corral.gate.config;

/**
 * One status of an {@code error_page CODE… [=[CODE]] URI|@name|URL} line.
 *
 * @param status the status it replaces (300–599, not 499)
 * @param overwrite the status the answer gets: {@link #KEEP} (the original status, nginx's default), {@link #TARGET}
 *     ({@code =}: whatever the page's target answers) or a status ({@code =CODE})
 * @param target where the page is: a URI ({@code /…}, possibly with {@code ?args}), a named location
 *     ({@code @…}) or, for anything else, a URL sent as a redirect (302 unless {@code =301|302|303|307|308})
 */
public record ErrorPage(int status, int overwrite, Template target) {
  /** {@link #overwrite}: answer with the original status. */
  public static final int KEEP = -1;
  /** {@link #overwrite}: answer with the status of the page's target ({@code error_page 404 = /x}). */
  public static final int TARGET = 0;
}
