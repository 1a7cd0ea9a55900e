package dev.materia.examples.features;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Where daily activity comes from; a resource so tests can feed bad data.
 *
 * <p>Example: {@code FeatureSource.generated(42).forDay(LocalDate.of(2024, 1, 1))}.
 */
@FunctionalInterface
public interface FeatureSource {
  /** The activity of every customer on {@code day}. */
  List<DailyFeature> forDay(LocalDate day);

  /** Five customers with 1 to 5 events a day, pseudo-random but the same for a seed and day. */
  static FeatureSource generated(long seed) {
    return day -> {
      Random random = new Random(seed * 31 + day.toEpochDay());
      List<DailyFeature> features = new ArrayList<>();
      for (int customer = 101; customer <= 105; customer++) {
        int events = 1 + random.nextInt(5);
        features.add(
            new DailyFeature(
                customer,
                day,
                events,
                Math.round(events * random.nextDouble(5, 40) * 100) / 100.0));
      }
      return features;
    };
  }
}
