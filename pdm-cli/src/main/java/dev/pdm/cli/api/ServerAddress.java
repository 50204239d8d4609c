package dev.pdm.cli.api;

import java.net.URI;
import java.util.Optional;

/** Where the pdm server is and the token to show it; the token is never part of {@link #toString()}. */
public record ServerAddress(URI url, Optional<String> token) {
  /** Parses the URL the user gave, or explains what a URL must look like. */
  public static ServerAddress of(String url, Optional<String> token) {
    String trimmed = url.strip().replaceAll("/+$", "");
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw invalid(url);
    }
    if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw invalid(url);
    }
    return new ServerAddress(uri, token);
  }

  private static CliFailure invalid(String url) {
    return new CliFailure(CliFailure.USAGE, "--server: expected an http(s) URL such as https://pdm.example.com (got "
        + url + ")");
  }

  /** Whether a token sent to this server is safe from the network: over https, or to this machine itself. */
  public boolean tokenTravelsPrivately() {
    if ("https".equals(url.getScheme())) {
      return true;
    }
    String host = url.getHost().replaceAll("^\\[|\\]$", "").toLowerCase(java.util.Locale.ROOT);
    return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1")
        || host.matches("127(\\.\\d{1,3}){3}");
  }

  /** The absolute URI of an API path such as {@code /api/v1/runs}. */
  public URI resolve(String pathAndQuery) {
    return URI.create(url + pathAndQuery);
  }

  /** The live WebSocket's URI with the given query. */
  public URI live(String query) {
    String scheme = "https".equals(url.getScheme()) ? "wss" : "ws";
    return URI.create(scheme + url.toString().substring(url.getScheme().length()) + "/api/v1/live?" + query);
  }

  @Override
  public String toString() {
    return url.toString();
  }
}
