package dev.materia.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * A seq-numbered fact from a run, as the agent ships it and the control plane ingests it.
 *
 * <p>Events carry metadata only, never asset values. Within a run, {@link #seq()} starts at 1 and
 * grows by one per event, so ingestion can be idempotent on {@code (runId, seq)}. On the wire the
 * {@code "type"} property names the record:
 *
 * <pre>{@code
 * {"type":"step_started","runId":"r-1","seq":2,"timestamp":"2024-01-01T00:00:00Z",
 *  "stepKey":"sales/raw_orders","assetKey":"sales/raw_orders","partitionKey":null,"attempt":1}
 * }</pre>
 */
@Serdeable
@Schema(
    description = "A run's event; the \"type\" property names which.",
    oneOf = {
      RunStarted.class,
      RunFinished.class,
      StepStarted.class,
      StepSucceeded.class,
      StepFailed.class,
      StepUpForRetry.class,
      StepSkipped.class,
      AssetMaterialized.class,
      CheckEvaluated.class,
      LogLine.class
    },
    discriminatorProperty = "type",
    discriminatorMapping = {
      @DiscriminatorMapping(value = RunStarted.TYPE, schema = RunStarted.class),
      @DiscriminatorMapping(value = RunFinished.TYPE, schema = RunFinished.class),
      @DiscriminatorMapping(value = StepStarted.TYPE, schema = StepStarted.class),
      @DiscriminatorMapping(value = StepSucceeded.TYPE, schema = StepSucceeded.class),
      @DiscriminatorMapping(value = StepFailed.TYPE, schema = StepFailed.class),
      @DiscriminatorMapping(value = StepUpForRetry.TYPE, schema = StepUpForRetry.class),
      @DiscriminatorMapping(value = StepSkipped.TYPE, schema = StepSkipped.class),
      @DiscriminatorMapping(value = AssetMaterialized.TYPE, schema = AssetMaterialized.class),
      @DiscriminatorMapping(value = CheckEvaluated.TYPE, schema = CheckEvaluated.class),
      @DiscriminatorMapping(value = LogLine.TYPE, schema = LogLine.class)
    })
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RunStarted.class, name = RunStarted.TYPE),
  @JsonSubTypes.Type(value = RunFinished.class, name = RunFinished.TYPE),
  @JsonSubTypes.Type(value = StepStarted.class, name = StepStarted.TYPE),
  @JsonSubTypes.Type(value = StepSucceeded.class, name = StepSucceeded.TYPE),
  @JsonSubTypes.Type(value = StepFailed.class, name = StepFailed.TYPE),
  @JsonSubTypes.Type(value = StepUpForRetry.class, name = StepUpForRetry.TYPE),
  @JsonSubTypes.Type(value = StepSkipped.class, name = StepSkipped.TYPE),
  @JsonSubTypes.Type(value = AssetMaterialized.class, name = AssetMaterialized.TYPE),
  @JsonSubTypes.Type(value = CheckEvaluated.class, name = CheckEvaluated.TYPE),
  @JsonSubTypes.Type(value = LogLine.class, name = LogLine.TYPE)
})
public sealed interface RunEvent
    permits RunStarted,
        RunFinished,
        StepStarted,
        StepSucceeded,
        StepFailed,
        StepUpForRetry,
        StepSkipped,
        AssetMaterialized,
        CheckEvaluated,
        LogLine {

  /** The run this event belongs to. */
  String runId();

  /** Position of this event in its run, starting at 1 with no gaps. */
  long seq();

  /** When the agent recorded the event. */
  Instant timestamp();
}
