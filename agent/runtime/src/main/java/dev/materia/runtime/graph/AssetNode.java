package dev.materia.runtime.graph;

import dev.materia.sdk.PartitionsDefinition;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One asset in an {@link AssetGraph}: its key, descriptive attributes, dependencies, partitions,
 * retry policy and the function that computes it.
 *
 * <pre>{@code
 * AssetNode node = AssetNode.builder("cleaned_orders")
 *     .group("sales")
 *     .dependency(Dependency.input("raw_orders", List.class, "parameter 'rawOrders'"))
 *     .function(inputs -> clean((List<Order>) inputs.input("raw_orders")))
 *     .build();
 * }</pre>
 *
 * @param codeVersion the declared code version, or null
 * @param outputType the value's declared Java type (unwrapped from {@code MaterializeResult}), for
 *     I/O managers
 * @param partitions the partitions definition, or null when unpartitioned
 * @param ioManager the resource name of the asset's I/O manager, or null for the default
 * @param origin where it was declared, for messages: {@code com.acme.Sales.rawOrders}
 */
public record AssetNode(
    String key,
    String group,
    String description,
    List<String> owners,
    Map<String, String> tags,
    List<String> kinds,
    String codeVersion,
    List<Dependency> dependencies,
    Type outputType,
    PartitionsDefinition partitions,
    String ioManager,
    RetryPolicy retryPolicy,
    String origin,
    StepFunction function) {

  public AssetNode {
    if (!AssetKey.isValid(key)) {
      throw new IllegalArgumentException(
          "asset key \""
              + key
              + "\" declared by "
              + origin
              + " is invalid: use letters, digits, '_' and '-', with '/' between segments, e.g."
              + " \"sales/raw_orders\"");
    }
    group = group == null || group.isBlank() ? "default" : group;
    description = description == null ? "" : description;
    owners = List.copyOf(owners);
    tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    kinds = List.copyOf(kinds);
    codeVersion = codeVersion == null || codeVersion.isBlank() ? null : codeVersion;
    dependencies = List.copyOf(dependencies);
    outputType = outputType == null ? Object.class : outputType;
    ioManager = ioManager == null || ioManager.isBlank() ? null : ioManager;
    Objects.requireNonNull(retryPolicy, "retryPolicy == null");
    Objects.requireNonNull(origin, "origin == null");
    Objects.requireNonNull(function, () -> "function == null for asset " + key);
  }

  /** Starts a builder with defaults: group {@code default}, no dependencies, no retries. */
  public static Builder builder(String key) {
    return new Builder(key);
  }

  /** Keys of all upstream assets, loaded or not, in declaration order. */
  public List<String> upstreamKeys() {
    return dependencies.stream().map(Dependency::upstreamKey).distinct().toList();
  }

  /** Builds nodes for tests, benchmarks and the loader. */
  public static final class Builder {
    private final String key;
    private String group = "default";
    private String description = "";
    private List<String> owners = List.of();
    private Map<String, String> tags = Map.of();
    private List<String> kinds = List.of();
    private String codeVersion;
    private final List<Dependency> dependencies = new ArrayList<>();
    private Type outputType = Object.class;
    private PartitionsDefinition partitions;
    private String ioManager;
    private RetryPolicy retryPolicy = RetryPolicy.NONE;
    private String origin;
    private StepFunction function = inputs -> null;

    private Builder(String key) {
      this.key = key;
      this.origin = key;
    }

    public Builder group(String group) {
      this.group = group;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder owners(List<String> owners) {
      this.owners = owners;
      return this;
    }

    public Builder tags(Map<String, String> tags) {
      this.tags = tags;
      return this;
    }

    public Builder kinds(List<String> kinds) {
      this.kinds = kinds;
      return this;
    }

    public Builder codeVersion(String codeVersion) {
      this.codeVersion = codeVersion;
      return this;
    }

    public Builder dependency(Dependency dependency) {
      dependencies.add(Objects.requireNonNull(dependency, "dependency == null"));
      return this;
    }

    public Builder dependenciesFrom(List<Dependency> dependencies) {
      dependencies.forEach(this::dependency);
      return this;
    }

    /** Adds loaded inputs of type {@code Object} from each of these upstream keys. */
    public Builder inputs(String... upstreamKeys) {
      for (String upstream : upstreamKeys) {
        dependency(Dependency.input(upstream, Object.class, "input '" + upstream + "'"));
      }
      return this;
    }

    public Builder outputType(Type outputType) {
      this.outputType = outputType;
      return this;
    }

    public Builder partitions(PartitionsDefinition partitions) {
      this.partitions = partitions;
      return this;
    }

    public Builder ioManager(String ioManager) {
      this.ioManager = ioManager;
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    public Builder origin(String origin) {
      this.origin = origin;
      return this;
    }

    public Builder function(StepFunction function) {
      this.function = function;
      return this;
    }

    public AssetNode build() {
      return new AssetNode(
          key,
          group,
          description,
          owners,
          tags,
          kinds,
          codeVersion,
          dependencies,
          outputType,
          partitions,
          ioManager,
          retryPolicy,
          origin,
          function);
    }
  }
}
