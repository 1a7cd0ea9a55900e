package dev.materia.runtime.load;

import dev.materia.api.selection.Spelling;
import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetKey;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.graph.CheckNode;
import dev.materia.runtime.graph.DefinitionsException;
import dev.materia.runtime.graph.Dependency;
import dev.materia.runtime.graph.RetryPolicy;
import dev.materia.runtime.partitions.Partitions;
import dev.materia.sdk.Asset;
import dev.materia.sdk.AssetCheck;
import dev.materia.sdk.AssetContext;
import dev.materia.sdk.CheckResult;
import dev.materia.sdk.Definitions;
import dev.materia.sdk.In;
import dev.materia.sdk.IoManager;
import dev.materia.sdk.MaterializeResult;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.PartitionsDefinition;
import dev.materia.sdk.Resource;
import dev.materia.sdk.Retry;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads {@link Definitions} into a validated {@link AssetGraph}: scans the registered classes for
 * {@code @Asset} and {@code @AssetCheck} methods, resolves every parameter, and reports every
 * mistake at once in a {@link DefinitionsException} whose messages name the method and the fix.
 *
 * <p>An asset key named explicitly ({@code @In("other/key")}, {@code @Asset(deps = "other/key")})
 * that these definitions do not declare is an upstream of another code location of the deployment
 * ({@link AssetGraph#externalKeys()}): the control plane looks it up in the deployment's other code
 * locations when the snapshot is uploaded, and refuses the snapshot when none defines it. A
 * parameter matched only by its name must match an asset here.
 *
 * <pre>{@code
 * AssetGraph graph = DefinitionsLoader.load(new SalesLocation().definitions());
 * }</pre>
 */
public final class DefinitionsLoader {
  private final Definitions definitions;
  private final List<String> problems = new ArrayList<>();
  private final Map<Class<?>, Object> instances = new HashMap<>();
  private final Map<String, List<String>> keysByLastSegment = new HashMap<>();
  private final Set<String> assetKeys = new LinkedHashSet<>();

  private DefinitionsLoader(Definitions definitions) {
    this.definitions = definitions;
  }

  /**
   * Loads and validates.
   *
   * @throws DefinitionsException listing every problem, each naming the method and the fix
   */
  public static AssetGraph load(Definitions definitions) {
    if (definitions == null) {
      throw new IllegalArgumentException("definitions == null");
    }
    return new DefinitionsLoader(definitions).load();
  }

  private AssetGraph load() {
    List<Method> assetMethods = new ArrayList<>();
    List<Method> checkMethods = new ArrayList<>();
    for (Class<?> type : definitions.assetClasses()) {
      Method[] methods = type.getDeclaredMethods();
      // Reflection order is unspecified; sort so graphs and messages are stable.
      Arrays.sort(
          methods, Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount));
      for (Method method : methods) {
        boolean asset = method.isAnnotationPresent(Asset.class);
        boolean check = method.isAnnotationPresent(AssetCheck.class);
        if (asset && check) {
          problems.add(
              origin(method)
                  + " has both @Asset and @AssetCheck. Fix: keep one; a check is a separate"
                  + " method that reads the asset.");
        } else if (asset) {
          assetMethods.add(method);
        } else if (check) {
          checkMethods.add(method);
        }
      }
    }
    for (Method method : assetMethods) {
      String key = keyOf(method);
      assetKeys.add(key);
      keysByLastSegment.computeIfAbsent(AssetKey.lastSegment(key), k -> new ArrayList<>()).add(key);
    }
    List<AssetNode> assets = new ArrayList<>();
    for (Method method : assetMethods) {
      asset(method).ifPresent(assets::add);
    }
    List<CheckNode> checks = new ArrayList<>();
    for (Method method : checkMethods) {
      check(method).ifPresent(checks::add);
    }
    AssetGraph graph = null;
    try {
      graph = AssetGraph.withExternalUpstreams(assets, checks);
    } catch (DefinitionsException e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new DefinitionsException(problems);
    }
    return graph;
  }

  private Optional<AssetNode> asset(Method method) {
    Asset annotation = method.getAnnotation(Asset.class);
    String key = keyOf(method);
    int before = problems.size();
    if (!AssetKey.isValid(key)) {
      problems.add(
          origin(method)
              + " declares asset key \""
              + key
              + "\", which is invalid. Fix: use letters, digits, '_' and '-', with '/' between"
              + " segments, e.g. @Asset(key = \"sales/raw_orders\").");
    }
    PartitionsDefinition partitions = null;
    try {
      partitions = Partitions.fromAnnotations(method, definitions.partitions()).orElse(null);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    Map<String, String> tags = tags(method, annotation.tags());
    RetryPolicy retry = retryPolicy(method);
    String ioManager = annotation.ioManager().isBlank() ? null : annotation.ioManager();
    if (ioManager != null) {
      Object resource = definitions.resources().get(ioManager);
      if (!(resource instanceof IoManager)) {
        problems.add(
            origin(method)
                + " names ioManager \""
                + ioManager
                + "\", "
                + (resource == null
                    ? "but no resource has that name"
                    : "but that resource is a " + resource.getClass().getName())
                + ". Fix: register an IoManager with Definitions.builder().resource(\""
                + ioManager
                + "\", ...), or correct the name."
                + (resource == null
                    ? Spelling.didYouMean(ioManager, definitions.resources().keySet())
                    : ""));
      }
    }
    Object target = target(method);
    List<Dependency> dependencies = new ArrayList<>();
    List<Argument> arguments = arguments(method, key, dependencies);
    Map<String, PartitionMapping> methodMappings = Map.of();
    try {
      methodMappings = Partitions.mappingsOnMethod(method);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    List<String> deps = List.of(annotation.deps());
    for (String dep : deps) {
      Dependency dependency = Dependency.order(dep);
      PartitionMapping mapping = methodMappings.get(dep);
      dependencies.add(mapping == null ? dependency : dependency.withMapping(mapping));
    }
    for (String upstream : methodMappings.keySet()) {
      if (!deps.contains(upstream)) {
        problems.add(
            origin(method)
                + " has @MapPartitions(upstream = \""
                + upstream
                + "\"), but \""
                + upstream
                + "\" is not in its @Asset(deps). Fix: add it to deps, or put @MapPartitions on"
                + " the parameter that reads it.");
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        AssetNode.builder(key)
            .group(annotation.group())
            .description(annotation.description())
            .owners(List.of(annotation.owners()))
            .tags(tags)
            .kinds(List.of(annotation.kinds()))
            .codeVersion(annotation.codeVersion())
            .outputType(outputType(method))
            .partitions(partitions)
            .ioManager(ioManager)
            .retryPolicy(retry)
            .origin(origin(method))
            .function(new ReflectiveFunction(method, target, arguments))
            .dependenciesFrom(dependencies)
            .build());
  }

  private Optional<CheckNode> check(Method method) {
    AssetCheck annotation = method.getAnnotation(AssetCheck.class);
    int before = problems.size();
    Class<?> returned = method.getReturnType();
    if (!CheckResult.class.isAssignableFrom(returned)) {
      problems.add(
          origin(method)
              + " is an @AssetCheck returning "
              + returned.getSimpleName()
              + ". Fix: return CheckResult (CheckResult.pass(), fail(reason) or of(passed)).");
    }
    String name =
        annotation.name().isBlank() ? AssetKey.fromMethodName(method.getName()) : annotation.name();
    Object target = target(method);
    List<Dependency> dependencies = new ArrayList<>();
    List<Argument> arguments = arguments(method, annotation.asset(), dependencies);
    if (problems.size() > before) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new CheckNode(
              annotation.asset(),
              name,
              annotation.blocking(),
              annotation.description(),
              dependencies,
              origin(method),
              new ReflectiveFunction(method, target, arguments)));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage() + " Fix: set @AssetCheck(name = \"...\").");
      return Optional.empty();
    }
  }

  /** Resolves each parameter; adds loaded inputs to {@code dependencies}. */
  private List<Argument> arguments(Method method, String ownKey, List<Dependency> dependencies) {
    List<Argument> arguments = new ArrayList<>();
    Parameter[] parameters = method.getParameters();
    for (int i = 0; i < parameters.length; i++) {
      Parameter parameter = parameters[i];
      Argument argument = argument(method, parameter, i, ownKey);
      if (argument == null) {
        continue;
      }
      if (argument instanceof Argument.Input input) {
        argument = new Argument.Input(input.upstreamKey(), dependencies.size());
        String declaredBy =
            "parameter '"
                + (parameter.isNamePresent() ? parameter.getName() : "#" + i)
                + "'"
                + (parameter.isAnnotationPresent(In.class) ? " (@In)" : "");
        Dependency dependency =
            Dependency.input(input.upstreamKey(), parameter.getParameterizedType(), declaredBy);
        try {
          Optional<PartitionMapping> mapping = Partitions.mappingOf(method, parameter);
          if (mapping.isPresent()) {
            dependency = dependency.withMapping(mapping.get());
          }
        } catch (IllegalArgumentException e) {
          problems.add(e.getMessage());
        }
        dependencies.add(dependency);
      }
      arguments.add(argument);
    }
    return arguments;
  }

  private Argument argument(Method method, Parameter parameter, int position, String ownKey) {
    Class<?> type = parameter.getType();
    if (type == AssetContext.class) {
      return new Argument.Context();
    }
    In in = parameter.getAnnotation(In.class);
    if (in != null) {
      return new Argument.Input(in.value(), -1);
    }
    Resource named = parameter.getAnnotation(Resource.class);
    if (named != null) {
      return resourceByName(
          method, parameter, named.value(), "@Resource(\"" + named.value() + "\")");
    }
    if (parameter.isNamePresent()) {
      String name = parameter.getName();
      String snake = AssetKey.fromMethodName(name);
      Optional<String> asset = assetNamed(method, parameter, snake, ownKey);
      if (asset == null) {
        return null; // ambiguous; reported
      }
      String resourceName =
          definitions.resources().containsKey(name)
              ? name
              : definitions.resources().containsKey(snake) ? snake : null;
      if (asset.isPresent() && resourceName != null) {
        problems.add(
            origin(method)
                + ": parameter '"
                + name
                + "' matches both asset \""
                + asset.get()
                + "\" and resource \""
                + resourceName
                + "\". Fix: annotate it with @In(\""
                + asset.get()
                + "\") or @Resource(\""
                + resourceName
                + "\").");
        return null;
      }
      if (asset.isPresent()) {
        return new Argument.Input(asset.get(), -1);
      }
      if (resourceName != null) {
        return resourceByName(method, parameter, resourceName, "its name");
      }
    }
    List<String> byType = resourcesOfType(type);
    if (byType.size() == 1) {
      return new Argument.Resource(byType.getFirst());
    }
    if (byType.size() > 1) {
      problems.add(
          origin(method)
              + ": parameter "
              + describe(parameter, position)
              + " could be any of the resources "
              + byType
              + ". Fix: pick one with @Resource(\""
              + byType.getFirst()
              + "\").");
      return null;
    }
    if (!parameter.isNamePresent()) {
      problems.add(
          origin(method)
              + ": parameter "
              + describe(parameter, position)
              + " has no name because "
              + method.getDeclaringClass().getName()
              + " was compiled without -parameters, and it has no @In. Fix: compile with javac"
              + " -parameters (Maven: <parameters>true</parameters> in maven-compiler-plugin;"
              + " Gradle: options.compilerArgs << \"-parameters\"), or annotate it with"
              + " @In(\"asset_key\").");
      return null;
    }
    String snake = AssetKey.fromMethodName(parameter.getName());
    problems.add(
        origin(method)
            + ": parameter "
            + describe(parameter, position)
            + " matches no upstream asset, resource or context. Fix: name it after an upstream"
            + " asset (parameter 'rawOrders' reads asset \"raw_orders\"), annotate it with"
            + " @In(\"asset/key\") or @Resource(\"name\"), or register a resource of type "
            + type.getSimpleName()
            + "; an asset of another code location of the deployment is read only by its key,"
            + " with @In(\""
            + snake
            + "\")."
            + Spelling.didYouMean(snake, assetKeys));
    return null;
  }

  /**
   * The asset a parameter name refers to: the exact key, the key under the asset's own prefix, or
   * the only key with that last segment. Null when ambiguous (reported).
   */
  private Optional<String> assetNamed(
      Method method, Parameter parameter, String snake, String ownKey) {
    if (assetKeys.contains(snake)) {
      return Optional.of(snake);
    }
    String prefix = AssetKey.prefix(ownKey);
    if (!prefix.isEmpty() && assetKeys.contains(prefix + "/" + snake)) {
      return Optional.of(prefix + "/" + snake);
    }
    List<String> candidates = keysByLastSegment.getOrDefault(snake, List.of());
    if (candidates.size() == 1) {
      return Optional.of(candidates.getFirst());
    }
    if (candidates.size() > 1) {
      problems.add(
          origin(method)
              + ": parameter '"
              + parameter.getName()
              + "' could read any of the assets "
              + candidates
              + ". Fix: name one with @In(\""
              + candidates.getFirst()
              + "\").");
      return null;
    }
    return Optional.empty();
  }

  private Argument resourceByName(Method method, Parameter parameter, String name, String how) {
    Object resource = definitions.resources().get(name);
    if (resource == null) {
      problems.add(
          origin(method)
              + ": parameter "
              + describe(parameter, -1)
              + " names unknown resource \""
              + name
              + "\" in "
              + how
              + ". Fix: register it with Definitions.builder().resource(\""
              + name
              + "\", ...), or correct the name."
              + Spelling.didYouMean(name, definitions.resources().keySet()));
      return null;
    }
    if (!box(parameter.getType()).isInstance(resource)) {
      problems.add(
          origin(method)
              + ": parameter "
              + describe(parameter, -1)
              + " receives resource \""
              + name
              + "\", a "
              + resource.getClass().getName()
              + ", which is not a "
              + parameter.getType().getName()
              + ". Fix: change the parameter's type, or register a matching resource.");
      return null;
    }
    return new Argument.Resource(name);
  }

  private List<String> resourcesOfType(Class<?> type) {
    if (type == Object.class) {
      return List.of(); // every resource is an Object; never inject by that type
    }
    Class<?> boxed = box(type);
    return definitions.resources().entrySet().stream()
        .filter(e -> boxed.isInstance(e.getValue()))
        .map(Map.Entry::getKey)
        .toList();
  }

  private Object target(Method method) {
    if (Modifier.isStatic(method.getModifiers())) {
      trySetAccessible(method);
      return null;
    }
    Class<?> type = method.getDeclaringClass();
    if (instances.containsKey(type)) {
      trySetAccessible(method);
      return instances.get(type);
    }
    Object instance = null;
    try {
      Constructor<?> constructor = type.getConstructor();
      if (Modifier.isAbstract(type.getModifiers())) {
        throw new NoSuchMethodException("abstract");
      }
      instance = constructor.newInstance();
    } catch (NoSuchMethodException e) {
      problems.add(
          origin(method)
              + " is an instance method, but "
              + type.getName()
              + " has no public no-arg constructor (or is abstract). Fix: add a public no-arg"
              + " constructor, or make the method static.");
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      problems.add(
          origin(method)
              + " is an instance method, and creating "
              + type.getName()
              + " failed: "
              + cause
              + ". Fix: make its no-arg constructor succeed, or make the method static.");
    }
    instances.put(type, instance);
    trySetAccessible(method);
    return instance;
  }

  private static void trySetAccessible(Method method) {
    // Lets package-private classes hold assets; public members need nothing.
    method.trySetAccessible();
  }

  private String keyOf(Method method) {
    Asset annotation = method.getAnnotation(Asset.class);
    return annotation.key().isBlank()
        ? AssetKey.fromMethodName(method.getName())
        : annotation.key();
  }

  private Map<String, String> tags(Method method, String[] tags) {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String tag : tags) {
      int equals = tag.indexOf('=');
      if (equals <= 0 || equals == tag.length() - 1) {
        problems.add(
            origin(method)
                + " has tag \""
                + tag
                + "\". Fix: write tags as key=value, e.g. tags = {\"tier=gold\"}.");
        continue;
      }
      parsed.put(tag.substring(0, equals).strip(), tag.substring(equals + 1).strip());
    }
    return parsed;
  }

  private RetryPolicy retryPolicy(Method method) {
    Retry retry = method.getAnnotation(Retry.class);
    if (retry == null) {
      return RetryPolicy.NONE;
    }
    try {
      return new RetryPolicy(
          retry.maxRetries(),
          Duration.ofMillis(retry.delayMillis()),
          retry.backoffFactor(),
          Duration.ofMillis(retry.maxDelayMillis()),
          List.of(retry.retryOn()));
    } catch (IllegalArgumentException e) {
      problems.add(
          origin(method) + " has an invalid @Retry: " + e.getMessage() + ". Fix: correct it.");
      return RetryPolicy.NONE;
    }
  }

  private static Type outputType(Method method) {
    Type type = method.getGenericReturnType();
    if (type instanceof ParameterizedType parameterized
        && parameterized.getRawType() == MaterializeResult.class) {
      return parameterized.getActualTypeArguments()[0];
    }
    return type == void.class ? Object.class : type;
  }

  private static String describe(Parameter parameter, int position) {
    String name = parameter.isNamePresent() ? "'" + parameter.getName() + "'" : "#" + position;
    return name + " (" + parameter.getParameterizedType().getTypeName() + ")";
  }

  static String origin(Method method) {
    return method.getDeclaringClass().getName() + "." + method.getName();
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
}
