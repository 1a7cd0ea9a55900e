package dev.materia.controlplane.api;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.BootstrapContextCompatible;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.ConversionService;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.SerdeIntrospections;
import io.micronaut.serde.config.DeserializationConfiguration;
import io.micronaut.serde.config.SerdeConfiguration;
import io.micronaut.serde.config.SerializationConfiguration;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.support.DefaultSerdeRegistry;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The serde registry with strict readers for strings, integers and booleans: Micronaut Serde's own
 * coerce ({@code "2"} and {@code 1.5} become 2 and 1, a number past 2^63 keeps its low bits, {@code
 * ["x"]} becomes {@code "x"}, a number becomes its text) and offer no setting to stop it. Each of
 * these is refused with a {@link StrictValueException} naming the property, which {@code
 * ApiErrorResponses} answers with a 400.
 */
@Singleton
@BootstrapContextCompatible
@Replaces(DefaultSerdeRegistry.class)
final class StrictSerdeRegistry extends DefaultSerdeRegistry {

  StrictSerdeRegistry(
      @Nullable BeanContext beanContext,
      SerdeIntrospections introspections,
      ConversionService conversionService,
      SerdeConfiguration serdeConfiguration,
      SerializationConfiguration serializationConfiguration,
      DeserializationConfiguration deserializationConfiguration) {
    super(
        beanContext,
        introspections,
        conversionService,
        serdeConfiguration,
        serializationConfiguration,
        deserializationConfiguration);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Deserializer<? extends T> findDeserializer(Argument<? extends T> type)
      throws SerdeException {
    Class<?> raw = type.getType();
    if (raw == String.class || raw == CharSequence.class) {
      return (Deserializer<? extends T>) STRING;
    }
    if (raw == long.class || raw == Long.class) {
      return (Deserializer<? extends T>)
          new Integral(Long.MIN_VALUE, Long.MAX_VALUE, false, raw.isPrimitive());
    }
    if (raw == int.class || raw == Integer.class) {
      return (Deserializer<? extends T>)
          new Integral(Integer.MIN_VALUE, Integer.MAX_VALUE, true, raw.isPrimitive());
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return (Deserializer<? extends T>) new Bool(raw.isPrimitive());
    }
    if (raw == List.class
        && type.getTypeParameters().length == 1
        && type.getTypeParameters()[0].getType() == String.class) {
      return (Deserializer<? extends T>) STRING_LIST;
    }
    return super.findDeserializer(type);
  }

  private static String name(Argument<?> type) {
    return type.getName();
  }

  private static String kind(@Nullable Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "a string";
      case Boolean b -> "a boolean";
      case Number n -> "the number " + n;
      case List<?> l -> "an array";
      default -> "an object";
    };
  }

  private static final Deserializer<String> STRING =
      new Deserializer<>() {
        @Override
        public String deserialize(
            Decoder decoder, DecoderContext context, Argument<? super String> type)
            throws IOException {
          Object value = decoder.decodeArbitrary();
          if (value instanceof String s) {
            return s;
          }
          throw new StrictValueException(name(type), "must be a string, not " + kind(value));
        }
      };

  private static final Deserializer<List<String>> STRING_LIST =
      new Deserializer<>() {
        @Override
        public List<String> deserialize(
            Decoder decoder, DecoderContext context, Argument<? super List<String>> type)
            throws IOException {
          Object value = decoder.decodeArbitrary();
          if (!(value instanceof List<?> items)) {
            throw new StrictValueException(
                name(type), "must be an array of strings, not " + kind(value));
          }
          List<String> strings = new ArrayList<>(items.size());
          for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String s)) {
              throw new StrictValueException(
                  name(type) + "[" + i + "]", "must be a string, not " + kind(items.get(i)));
            }
            strings.add(s);
          }
          return strings;
        }
      };

  /** An integer in [min, max]: never from text, a fraction or a number out of range. */
  private record Integral(long min, long max, boolean asInt, boolean primitive)
      implements Deserializer<Object> {
    @Override
    public Object deserialize(
        Decoder decoder, DecoderContext context, Argument<? super Object> type) throws IOException {
      Object value = decoder.decodeArbitrary();
      if (value == null && !primitive) {
        return null;
      }
      long n;
      if (value instanceof Integer || value instanceof Long || value instanceof Short) {
        n = ((Number) value).longValue();
      } else if (value instanceof BigInteger) {
        throw new StrictValueException(
            name(type), "must be an integer from " + min + " to " + max + ", not " + value);
      } else {
        throw new StrictValueException(name(type), "must be an integer, not " + kind(value));
      }
      if (n < min || n > max) {
        throw new StrictValueException(
            name(type), "must be an integer from " + min + " to " + max + ", not " + n);
      }
      return asInt ? (Object) (int) n : (Object) n;
    }

    @Override
    public Object getDefaultValue(DecoderContext context, Argument<? super Object> type) {
      return primitive ? (asInt ? (Object) 0 : (Object) 0L) : null;
    }
  }

  private record Bool(boolean primitive) implements Deserializer<Object> {
    @Override
    public Object deserialize(
        Decoder decoder, DecoderContext context, Argument<? super Object> type) throws IOException {
      Object value = decoder.decodeArbitrary();
      if (value instanceof Boolean b) {
        return b;
      }
      if (value == null && !primitive) {
        return null;
      }
      throw new StrictValueException(name(type), "must be true or false, not " + kind(value));
    }

    @Override
    public Object getDefaultValue(DecoderContext context, Argument<? super Object> type) {
      return primitive ? Boolean.FALSE : null;
    }
  }
}
