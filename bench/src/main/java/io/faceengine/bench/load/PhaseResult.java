package io.faceengine.bench.load;

import io.faceengine.bench.Stats;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One phase of a load run: the requests' answers by kind and their latencies in milliseconds.
 *
 * @param clients concurrent clients of a closed-loop phase; 0 for an open-loop one
 * @param offeredPerSecond requests started per second of an open-loop phase; 0 for a closed-loop one
 * @param okPerSecond 2xx answers per second over the phase
 */
public record PhaseResult(String phase, int clients, double offeredPerSecond, double seconds, Map<Answer, Integer> answers,
    double okPerSecond, double okP50Ms, double okP99Ms, double overloadedP50Ms, double overloadedP99Ms,
    double overloadedMaxMs, double sendLagP99Ms) {

  /**
   * One request's answer and latency.
   *
   * @param lagNanos how late the client sent it (open loop: after it was due; its latency includes this)
   */
  record Sample(Answer answer, long nanos, long lagNanos) {}

  static PhaseResult of(String phase, int clients, double offeredPerSecond, double seconds, List<Sample> samples) {
    Map<Answer, Integer> answers = new EnumMap<>(Answer.class);
    for (Answer a : Answer.values()) {
      answers.put(a, 0);
    }
    samples.forEach(s -> answers.merge(s.answer(), 1, Integer::sum));
    double[] ok = millis(samples, Answer.OK);
    double[] overloaded = millis(samples, Answer.OVERLOADED);
    return new PhaseResult(phase, clients, offeredPerSecond, seconds, answers, ok.length / seconds,
        percentile(ok, 50), percentile(ok, 99), percentile(overloaded, 50), percentile(overloaded, 99),
        percentile(overloaded, 100), percentile(samples.stream().mapToDouble(x -> x.lagNanos() / 1e6).toArray(), 99));
  }

  public int count(Answer answer) {
    return answers.getOrDefault(answer, 0);
  }

  /** 5xx answers other than the admission control's 503 overloaded. */
  public int serverErrors() {
    return count(Answer.SERVER_ERROR) + count(Answer.UNAVAILABLE);
  }

  private static double[] millis(List<Sample> samples, Answer answer) {
    return samples.stream().filter(s -> s.answer() == answer).mapToDouble(s -> s.nanos() / 1e6).toArray();
  }

  private static double percentile(double[] values, double percent) {
    return values.length == 0 ? Double.NaN : Stats.percentile(values, percent);
  }
}
