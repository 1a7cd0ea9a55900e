package dev.materia.runtime.resources;

import dev.materia.runtime.graph.AssetKey;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The resources of a run, after configuration from environment variables, looked up by name or
 * type.
 *
 * <p>Environment variables configure resources without code changes. For the resource registered as
 * {@code warehouse}, {@code MATERIA_RESOURCE_WAREHOUSE_JDBC_URL=jdbc:...} sets its {@code jdbcUrl}:
 *
 * <ul>
 *   <li>a <b>record</b> is rebuilt through its canonical constructor with that component replaced;
 *   <li>any other object (a <b>bean</b>) gets {@code setJdbcUrl(...)} called, or its public
 *       non-final field {@code jdbcUrl} set;
 *   <li>a resource that is itself a {@code String}, number or boolean is replaced by {@code
 *       MATERIA_RESOURCE_WAREHOUSE}.
 * </ul>
 *
 * <p>Names and fields are matched in upper snake case ({@code jdbcUrl} → {@code JDBC_URL}); when
 * two resource names could match, the longer wins. Values convert to {@code String}, primitives and
 * their boxes, enums (by name, any case), {@link Duration} (ISO-8601 like {@code PT30S}, or
 * milliseconds), {@link Path}, {@link URI} and {@code List<String>} (comma-separated). A variable
 * naming a field the resource lacks, or a value that does not convert, fails the run at start with
 * the variable's name.
 *
 * <pre>{@code
 * record Warehouse(String jdbcUrl, int poolSize) {}
 * Resources resources = Resources.configure(
 *     Map.of("warehouse", new Warehouse("jdbc:h2:mem:", 2)),
 *     Map.of("MATERIA_RESOURCE_WAREHOUSE_POOL_SIZE", "8"));
 * resources.get("warehouse", Warehouse.class).poolSize();   // 8
 * }</pre>
 */
public final class Resources {
  /** Prefix of every variable that configures a resource. */
  public static final String PREFIX = "MATERIA_RESOURCE_";

  private final Map<String, Object> byName;

  private Resources(Map<String, Object> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** Resources as registered, without environment configuration. */
  public static Resources of(Map<String, Object> resources) {
    return new Resources(new LinkedHashMap<>(resources));
  }

  /**
   * Applies {@code MATERIA_RESOURCE_*} variables to the registered resources.
   *
   * @throws IllegalArgumentException naming the variable that names an unknown field or does not
   *     convert
   */
  public static Resources configure(
      Map<String, Object> resources, Map<String, String> environment) {
    Objects.requireNonNull(resources, "resources == null");
    Objects.requireNonNull(environment, "environment == null");
    Map<String, Object> configured = new LinkedHashMap<>(resources);
    List<String> names = new ArrayList<>(resources.keySet());
    names.sort(Comparator.comparingInt(String::length).reversed());
    Map<String, Map<String, String>> fieldsByResource = new LinkedHashMap<>();
    List<String> variables = new ArrayList<>(environment.keySet());
    Collections.sort(variables);
    for (String variable : variables) {
      if (!variable.startsWith(PREFIX)) {
        continue;
      }
      String rest = variable.substring(PREFIX.length());
      for (String name : names) {
        String upper = upperSnake(name);
        if (rest.equals(upper)) {
          fieldsByResource.computeIfAbsent(name, k -> new LinkedHashMap<>()).put("", variable);
          break;
        }
        if (rest.startsWith(upper + "_")) {
          fieldsByResource
              .computeIfAbsent(name, k -> new LinkedHashMap<>())
              .put(rest.substring(upper.length() + 1), variable);
          break;
        }
      }
      // Variables for resources this code location does not register belong to someone else.
    }
    fieldsByResource.forEach(
        (name, fields) ->
            configured.put(name, apply(name, configured.get(name), fields, environment)));
    return new Resources(configured);
  }

  /** Resources by name, in registration order. */
  public Map<String, Object> asMap() {
    return byName;
  }

  /** Whether a resource has this name. */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /**
   * The resource registered under {@code name}.
   *
   * @throws IllegalArgumentException listing the registered names when there is none
   */
  public Object get(String name) {
    Object resource = byName.get(name);
    if (resource == null) {
      throw new IllegalArgumentException(
          "No resource named \""
              + name
              + "\"; registered: "
              + byName.keySet()
              + ". Fix: register it with Definitions.builder().resource(\""
              + name
              + "\", ...).");
    }
    return resource;
  }

  /** The resource named {@code name}, checked to be a {@code type}. */
  public <T> T get(String name, Class<T> type) {
    Object resource = get(name);
    if (!type.isInstance(resource)) {
      throw new IllegalArgumentException(
          "Resource \""
              + name
              + "\" is a "
              + resource.getClass().getName()
              + ", not a "
              + type.getName()
              + ".");
    }
    return type.cast(resource);
  }

  /**
   * The one resource that is a {@code type}.
   *
   * @throws IllegalArgumentException when none or several are
   */
  public <T> T get(Class<T> type) {
    List<String> matching = namesOfType(type);
    if (matching.size() != 1) {
      throw new IllegalArgumentException(
          (matching.isEmpty() ? "No resource is a " : "Several resources are a ")
              + type.getName()
              + (matching.isEmpty() ? "" : ": " + matching)
              + ". Fix: "
              + (matching.isEmpty()
                  ? "register one with Definitions.builder().resource(name, ...)."
                  : "ask by name with resource(name, type)."));
    }
    return type.cast(byName.get(matching.getFirst()));
  }

  /** Names of the resources that are instances of {@code type}. */
  public List<String> namesOfType(Class<?> type) {
    Class<?> boxed = box(type);
    return byName.entrySet().stream()
        .filter(e -> boxed.isInstance(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** {@code jdbcUrl} → {@code JDBC_URL}. */
  static String upperSnake(String name) {
    return AssetKey.fromMethodName(name).toUpperCase(Locale.ROOT);
  }

  private static Object apply(
      String name, Object resource, Map<String, String> fields, Map<String, String> environment) {
    if (fields.containsKey("")) {
      String variable = fields.get("");
      if (!isScalar(resource.getClass())) {
        throw new IllegalArgumentException(
            variable
                + " would replace resource \""
                + name
                + "\", a "
                + resource.getClass().getName()
                + ", but only text, number and boolean resources are replaced whole. Fix: set"
                + " one of its fields instead, e.g. "
                + variable
                + "_<FIELD>.");
      }
      resource = convert(environment.get(variable), resource.getClass(), variable);
      fields = new LinkedHashMap<>(fields);
      fields.remove("");
    }
    if (fields.isEmpty()) {
      return resource;
    }
    return resource.getClass().isRecord()
        ? rebuildRecord(name, resource, fields, environment)
        : configureBean(name, resource, fields, environment);
  }

  private static Object rebuildRecord(
      String name, Object resource, Map<String, String> fields, Map<String, String> environment) {
    RecordComponent[] components = resource.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Map<String, String> unused = new LinkedHashMap<>(fields);
    try {
      for (int i = 0; i < components.length; i++) {
        RecordComponent component = components[i];
        String variable = unused.remove(upperSnake(component.getName()));
        Method accessor = component.getAccessor();
        accessor.setAccessible(true);
        values[i] =
            variable == null
                ? accessor.invoke(resource)
                : convert(environment.get(variable), component.getGenericType(), variable);
      }
      rejectUnknown(
          name, resource, unused, Arrays.stream(components).map(RecordComponent::getName).toList());
      Class<?>[] types =
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
      var constructor = resource.getClass().getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "Could not rebuild resource \""
              + name
              + "\" ("
              + resource.getClass().getName()
              + ") from "
              + fields.values()
              + ": "
              + cause.getMessage(),
          cause);
    }
  }

  private static Object configureBean(
      String name, Object resource, Map<String, String> fields, Map<String, String> environment) {
    Map<String, Method> setters = new LinkedHashMap<>();
    for (Method method : resource.getClass().getMethods()) {
      if (method.getName().startsWith("set")
          && method.getName().length() > 3
          && method.getParameterCount() == 1
          && !Modifier.isStatic(method.getModifiers())) {
        setters.putIfAbsent(upperSnake(decapitalize(method.getName().substring(3))), method);
      }
    }
    Map<String, Field> publicFields = new LinkedHashMap<>();
    for (Field field : resource.getClass().getFields()) {
      if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isFinal(field.getModifiers())) {
        publicFields.putIfAbsent(upperSnake(field.getName()), field);
      }
    }
    Map<String, String> unused = new LinkedHashMap<>(fields);
    try {
      for (var entry : fields.entrySet()) {
        String variable = entry.getValue();
        Method setter = setters.get(entry.getKey());
        if (setter != null) {
          setter.invoke(
              resource,
              convert(environment.get(variable), setter.getGenericParameterTypes()[0], variable));
          unused.remove(entry.getKey());
          continue;
        }
        Field field = publicFields.get(entry.getKey());
        if (field != null) {
          field.set(resource, convert(environment.get(variable), field.getGenericType(), variable));
          unused.remove(entry.getKey());
        }
      }
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "Could not configure resource \"" + name + "\": " + cause.getMessage(), cause);
    }
    List<String> known = new ArrayList<>();
    setters.keySet().forEach(k -> known.add(k.toLowerCase(Locale.ROOT)));
    publicFields.keySet().forEach(k -> known.add(k.toLowerCase(Locale.ROOT)));
    rejectUnknown(name, resource, unused, known);
    return resource;
  }

  private static void rejectUnknown(
      String name, Object resource, Map<String, String> unused, List<String> known) {
    if (!unused.isEmpty()) {
      throw new IllegalArgumentException(
          unused.values()
              + " name no field of resource \""
              + name
              + "\" ("
              + resource.getClass().getName()
              + "). Fix: use one of "
              + known.stream().map(f -> PREFIX + upperSnake(name) + "_" + upperSnake(f)).toList()
              + ", or unset the variable.");
    }
  }

  private static Object convert(String value, Type type, String variable) {
    Class<?> raw =
        type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    try {
      if (raw == String.class) {
        return value;
      }
      if (raw == int.class || raw == Integer.class) {
        return Integer.parseInt(value.strip());
      }
      if (raw == long.class || raw == Long.class) {
        return Long.parseLong(value.strip());
      }
      if (raw == double.class || raw == Double.class) {
        return Double.parseDouble(value.strip());
      }
      if (raw == float.class || raw == Float.class) {
        return Float.parseFloat(value.strip());
      }
      if (raw == short.class || raw == Short.class) {
        return Short.parseShort(value.strip());
      }
      if (raw == boolean.class || raw == Boolean.class) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
          throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(text);
      }
      if (raw.isEnum()) {
        for (Object constant : raw.getEnumConstants()) {
          if (((Enum<?>) constant).name().equalsIgnoreCase(value.strip())) {
            return constant;
          }
        }
        throw new IllegalArgumentException(
            "expected one of " + Arrays.toString(raw.getEnumConstants()));
      }
      if (raw == Duration.class) {
        String text = value.strip();
        return text.chars().allMatch(Character::isDigit)
            ? Duration.ofMillis(Long.parseLong(text))
            : Duration.parse(text);
      }
      if (raw == Path.class) {
        return Path.of(value);
      }
      if (raw == URI.class) {
        return URI.create(value.strip());
      }
      if (raw == List.class) {
        return Arrays.stream(value.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .toList();
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          variable + " does not convert to " + raw.getSimpleName() + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        variable
            + " sets a "
            + raw.getName()
            + ", which environment variables cannot express. Fix: use a String, number, boolean,"
            + " enum, Duration, Path, URI or List<String> field.");
  }

  private static boolean isScalar(Class<?> type) {
    return type == String.class
        || Number.class.isAssignableFrom(type)
        || type == Boolean.class
        || type.isEnum();
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return switch (type.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "double" -> Double.class;
      case "float" -> Float.class;
      case "boolean" -> Boolean.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      case "char" -> Character.class;
      default -> type;
    };
  }

  private static String decapitalize(String name) {
    return Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
