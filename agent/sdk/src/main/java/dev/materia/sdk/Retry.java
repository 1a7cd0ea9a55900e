package dev.materia.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Retries an asset's step when it throws, waiting with exponential backoff between attempts.
 *
 * <p>Attempt {@code n} (counting retries from 1) waits {@code delayMillis * backoffFactor^(n-1)},
 * capped at {@code maxDelayMillis}. Only exceptions assignable to one of {@link #retryOn()} are
 * retried; cancellation is never retried. Without this annotation a step runs once.
 *
 * <pre>{@code
 * @Asset
 * @Retry(maxRetries = 3, delayMillis = 200, backoffFactor = 2.0, retryOn = IOException.class)
 * public static List<Rate> exchangeRates(RatesApi api) throws IOException { return api.fetch(); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Retry {
  /** Retries after the first attempt; 3 means up to 4 attempts. */
  int maxRetries();

  /** Wait before the first retry, in milliseconds. */
  long delayMillis() default 1000;

  /** Multiplier applied to the wait after each retry; 1.0 waits the same each time. */
  double backoffFactor() default 2.0;

  /** Upper bound on any single wait, in milliseconds. */
  long maxDelayMillis() default 60_000;

  /** Exception types worth retrying; others fail the step at once. */
  Class<? extends Throwable>[] retryOn() default {Exception.class};
}
