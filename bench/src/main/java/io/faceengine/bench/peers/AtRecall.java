package io.faceengine.bench.peers;

import io.faceengine.bench.peers.SystemResult.Setting;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A system's speed at a target recall, read off its sweep (settings narrowest first): at the first
 * setting whose recall reaches the target, linearly interpolated in recall with the setting before
 * it (the last one below the target); the first setting's own figures when even it reaches the
 * target; none when no setting does. Recall need not grow strictly with breadth: the first crossing
 * counts.
 *
 * @param queriesPerSecond interpolated queries per second
 * @param p50Ms interpolated median latency
 * @param how which settings it came from, e.g. {@code ef=150 (0.975) .. ef=200 (0.984)}
 */
public record AtRecall(double target, double queriesPerSecond, double p50Ms, String how) {
  public static Optional<AtRecall> of(List<Setting> settings, double target) {
    for (int i = 0; i < settings.size(); i++) {
      Setting at = settings.get(i);
      if (at.recall() >= target) {
        if (i == 0) {
          return Optional.of(new AtRecall(target, at.queriesPerSecond(), at.p50Ms(),
              String.format(Locale.ROOT, "%s (%.4f), the narrowest setting", at.setting(), at.recall())));
        }
        Setting below = settings.get(i - 1);
        double t = (target - below.recall()) / (at.recall() - below.recall());
        return Optional.of(new AtRecall(target, lerp(below.queriesPerSecond(), at.queriesPerSecond(), t),
            lerp(below.p50Ms(), at.p50Ms(), t), String.format(Locale.ROOT, "%s (%.4f) .. %s (%.4f)", below.setting(),
                below.recall(), at.setting(), at.recall())));
      }
    }
    return Optional.empty();
  }

  private static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }
}
