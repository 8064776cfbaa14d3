package io.faceengine.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's own time for its {@code POST /v1/search} answers of one status, from the histogram
 * of {@code /metrics} ({@code faceengine_http_requests_seconds}, from when a request thread takes
 * the request to its answer): on a shared machine the client's latency also holds the time both
 * processes waited for a core, which this does not.
 */
public final class ServerTimes {
  private static final Pattern BUCKET = Pattern.compile(
      "faceengine_http_requests_seconds_bucket\\{(?=[^}]*route=\"/v1/search\")(?=[^}]*status=\"(\\d+)\")[^}]*"
          + "le=\"([^\"]+)\"\\} (\\S+)");
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** Cumulative answer counts by bucket bound (seconds), for one status. */
  public record Histogram(TreeMap<Double, Double> cumulative) {
    /** The bound (in milliseconds) at or below which {@code percent} of the answers since {@code before} fell; NaN for none. */
    public double percentileMsSince(Histogram before, double percent) {
      double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue() - before.count(cumulative.lastKey());
      if (total <= 0) {
        return Double.NaN;
      }
      for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
        if (bucket.getValue() - before.count(bucket.getKey()) >= percent / 100 * total) {
          return bucket.getKey() * 1000;
        }
      }
      return Double.POSITIVE_INFINITY;
    }

    private double count(double bound) {
      return cumulative.getOrDefault(bound, 0.0);
    }
  }

  private ServerTimes() {}

  /** The histogram of the search answers with {@code status}, now. */
  public static Histogram scrape(int port, int status) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(30)).build();
    String metrics = CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
    TreeMap<Double, Double> cumulative = new TreeMap<>();
    Matcher m = BUCKET.matcher(metrics);
    while (m.find()) {
      if (Integer.parseInt(m.group(1)) == status) {
        double bound = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
        cumulative.merge(bound, Double.parseDouble(m.group(3)), Double::sum);
      }
    }
    return new Histogram(cumulative);
  }
}
