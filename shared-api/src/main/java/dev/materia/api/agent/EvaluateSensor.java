package dev.materia.api.agent;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Evaluate a sensor's user code once, from its last cursor.
 *
 * <p>Example: {@code new EvaluateSensor("w-4", "prod", "sales", "new_files", "2024-06-01T00:00Z")}.
 *
 * @param deployment the deployment the sensor belongs to
 * @param codeLocation the code location declaring the sensor
 * @param sensor the sensor's name
 * @param cursor the cursor the previous evaluation returned, or null on the first
 */
@Serdeable
public record EvaluateSensor(
    String id, String deployment, String codeLocation, String sensor, @Nullable String cursor)
    implements WorkItem {
  public static final String TYPE = "evaluate_sensor";

  public EvaluateSensor {
    Fields.required(id, "id");
    Fields.required(deployment, "deployment");
    Fields.required(codeLocation, "codeLocation");
    Fields.required(sensor, "sensor");
  }
}
