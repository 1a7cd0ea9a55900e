package dev.materia.runtime.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.runtime.graph.AssetGraph;
import dev.materia.runtime.graph.AssetNode;
import dev.materia.runtime.graph.DefinitionsException;
import dev.materia.runtime.graph.Dependency;
import dev.materia.sdk.Asset;
import dev.materia.sdk.AssetCheck;
import dev.materia.sdk.AssetContext;
import dev.materia.sdk.CheckResult;
import dev.materia.sdk.DailyPartitions;
import dev.materia.sdk.Definitions;
import dev.materia.sdk.In;
import dev.materia.sdk.InputContext;
import dev.materia.sdk.IoManager;
import dev.materia.sdk.MapPartitions;
import dev.materia.sdk.OutputContext;
import dev.materia.sdk.PartitionMapping;
import dev.materia.sdk.Resource;
import dev.materia.sdk.Retry;
import dev.materia.sdk.StaticPartitions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionsLoaderTest {

  private static DefinitionsException loadFails(Class<?>... classes) {
    return loadFails(Definitions.builder().assets(classes).build());
  }

  private static DefinitionsException loadFails(Definitions definitions) {
    try {
      DefinitionsLoader.load(definitions);
    } catch (DefinitionsException e) {
      return e;
    }
    throw new AssertionError("expected loading to fail");
  }

  // ---- a cycle ----

  public static final class Cycle {
    @Asset
    public static int a(int c) {
      return c;
    }

    @Asset
    public static int b(int a) {
      return a;
    }

    @Asset
    public static int c(int b) {
      return b;
    }
  }

  @Test
  void rejectsCycleAndPrintsIt() {
    DefinitionsException e = loadFails(Cycle.class);

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("Cycle between assets: b -> c -> a -> b")
        .contains("a: " + Cycle.class.getName() + ".a")
        .contains("b: " + Cycle.class.getName() + ".b")
        .contains("c: " + Cycle.class.getName() + ".c")
        .contains("Fix: remove one of these dependencies, e.g. parameter 'a' of ")
        .contains(Cycle.class.getName() + ".b that reads \"a\"");
  }

  // ---- an unknown upstream ----

  public static final class UnknownUpstream {
    @Asset
    public static int rawOrders() {
      return 1;
    }

    @Asset
    public static int cleaned(@In("raw_ordrs") int orders) {
      return orders;
    }

    @Asset(deps = "missing_table")
    public static int report() {
      return 0;
    }
  }

  @Test
  void takesAnUnknownExplicitKeyAsAnUpstreamOfAnotherCodeLocation() {
    // Issue 13 changes this on purpose: a key named with @In or deps that these definitions do not
    // declare is looked up in the deployment's other code locations when the snapshot is uploaded,
    // where an unknown one is refused naming both locations (and a close key).
    AssetGraph graph =
        DefinitionsLoader.load(Definitions.builder().assets(UnknownUpstream.class).build());

    assertThat(graph.keys()).containsExactlyInAnyOrder("raw_orders", "cleaned", "report");
    assertThat(graph.externalKeys()).containsExactly("missing_table", "raw_ordrs");
    assertThat(graph.externalUpstream("cleaned")).containsExactly("raw_ordrs");
    assertThat(graph.upstream("cleaned")).isEmpty();
  }

  // ---- an upstream of another code location ----

  public static final class ReadsAnotherLocation {
    @Asset(key = "b/x", deps = "a/z")
    public static int x(@In("a/y") int y) {
      return y + 1;
    }

    @Asset(key = "b/w")
    public static int w(@In("b/x") int x) {
      return x;
    }
  }

  @Test
  void acceptsAnExplicitKeyOfAnotherCodeLocationAndMarksItExternalInTheSnapshot() {
    AssetGraph graph =
        DefinitionsLoader.load(Definitions.builder().assets(ReadsAnotherLocation.class).build());

    assertThat(graph.keys()).containsExactly("b/w", "b/x");
    assertThat(graph.externalKeys()).containsExactly("a/y", "a/z");
    assertThat(graph.externalUpstream("b/x")).containsExactly("a/y", "a/z");
    assertThat(graph.externalUpstream("b/w")).isEmpty();
    assertThat(graph.upstream("b/w")).containsExactly("b/x");
    var snapshot =
        dev.materia.runtime.snapshot.CodeLocationSnapshots.of("beta", null, graph, List.of());
    var x = snapshot.assets().get(1);
    assertThat(x.key()).isEqualTo("b/x");
    assertThat(x.deps()).containsExactly("a/y", "a/z");
    assertThat(x.externalDeps()).containsExactly("a/y", "a/z");
    assertThat(snapshot.assets().get(0).externalDeps()).isEmpty();
  }

  // ---- a duplicate key ----

  public static final class FirstOrders {
    @Asset(key = "sales/orders")
    public static int orders() {
      return 1;
    }
  }

  public static final class SecondOrders {
    @Asset(key = "sales/orders")
    public static int moreOrders() {
      return 2;
    }
  }

  @Test
  void rejectsDuplicateKeyNamingBothMethods() {
    DefinitionsException e = loadFails(FirstOrders.class, SecondOrders.class);

    assertThat(e.problems())
        .containsExactly(
            "Asset key \"sales/orders\" is declared twice: by "
                + FirstOrders.class.getName()
                + ".orders and by "
                + SecondOrders.class.getName()
                + ".moreOrders. Fix: give one of them another key, e.g. @Asset(key ="
                + " \"sales/orders_2\"), or remove the duplicate.");
  }

  // ---- a parameter that matches nothing ----

  public static final class Unmatched {
    @Asset
    public static int rawOrders() {
      return 1;
    }

    @Asset
    public static int total(int rawOrder) {
      return rawOrder;
    }
  }

  @Test
  void rejectsParameterThatMatchesNothing() {
    DefinitionsException e = loadFails(Unmatched.class);

    assertThat(e.problems())
        .containsExactly(
            Unmatched.class.getName()
                + ".total: parameter 'rawOrder' (int) matches no upstream asset, resource or"
                + " context. Fix: name it after an upstream asset (parameter 'rawOrders' reads"
                + " asset \"raw_orders\"), annotate it with @In(\"asset/key\") or"
                + " @Resource(\"name\"), or register a resource of type int; an asset of"
                + " another code location of the deployment is read only by its key, with"
                + " @In(\"raw_order\"). Did you mean \"raw_orders\"?");
  }

  // ---- code compiled without -parameters ----

  @Test
  void rejectsCodeCompiledWithoutParametersAndWithoutIn(@TempDir Path dir) throws Exception {
    Class<?> compiled =
        compileWithoutParameters(
            dir,
            "NoNames",
            """
            import dev.materia.sdk.*;
            public class NoNames {
              @Asset public static int rawOrders() { return 1; }
              @Asset public static int total(int rawOrders) { return rawOrders; }
            }
            """);

    DefinitionsException e = loadFails(compiled);

    assertThat(e.problems())
        .containsExactly(
            "NoNames.total: parameter #0 (int) has no name because NoNames was compiled without"
                + " -parameters, and it has no @In. Fix: compile with javac -parameters (Maven:"
                + " <parameters>true</parameters> in maven-compiler-plugin; Gradle:"
                + " options.compilerArgs << \"-parameters\"), or annotate it with"
                + " @In(\"asset_key\").");
  }

  @Test
  void loadsCodeCompiledWithoutParametersWhenInputsUseIn(@TempDir Path dir) throws Exception {
    Class<?> compiled =
        compileWithoutParameters(
            dir,
            "Named",
            """
            import dev.materia.sdk.*;
            public class Named {
              @Asset public static int rawOrders() { return 1; }
              @Asset public static int total(@In("raw_orders") int orders, AssetContext context) {
                return orders;
              }
            }
            """);

    AssetGraph graph = DefinitionsLoader.load(Definitions.builder().assets(compiled).build());

    assertThat(graph.upstream("total")).containsExactly("raw_orders");
  }

  // ---- a partitions mismatch with no mapping ----

  public static final class Mismatch {
    @Asset
    @StaticPartitions({"us", "eu"})
    public static int regions() {
      return 1;
    }

    @Asset
    @DailyPartitions(start = "2024-01-01")
    public static int daily(int regions) {
      return regions;
    }
  }

  @Test
  void rejectsPartitionsMismatchWithoutMapping() {
    DefinitionsException e = loadFails(Mismatch.class);

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith(
            "Partitions mismatch without a mapping in "
                + Mismatch.class.getName()
                + ".daily, parameter 'regions': asset \"daily\" (daily partitions from 2024-01-01"
                + " in UTC) reads \"regions\" (static partitions [us, eu]), and no partition"
                + " mapping fits them by default. Fix: @MapPartitions(ALL_PARTITIONS)");
  }

  public static final class Mapped {
    @Asset
    @StaticPartitions({"us", "eu"})
    public static int regions() {
      return 1;
    }

    @Asset
    @DailyPartitions(start = "2024-01-01")
    public static int daily(
        @MapPartitions(PartitionMapping.Kind.ALL_PARTITIONS) Map<String, Integer> regions) {
      return regions.size();
    }
  }

  @Test
  void acceptsDifferentPartitionsWithAMapping() {
    AssetGraph graph = DefinitionsLoader.load(Definitions.builder().assets(Mapped.class).build());

    Dependency dependency = graph.asset("daily").dependencies().getFirst();
    assertThat(dependency.mapping()).isEqualTo(PartitionMapping.allPartitions());
  }

  public static final class SeveralIntoOne {
    @Asset
    @StaticPartitions({"us", "eu"})
    public static int regions() {
      return 1;
    }

    @Asset
    public static int total(int regions) {
      return regions;
    }
  }

  @Test
  void rejectsAnInputReadingSeveralPartitionsUnlessItIsAMap() {
    DefinitionsException e = loadFails(SeveralIntoOne.class);

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith(
            "Input reads several partitions in " + SeveralIntoOne.class.getName() + ".total")
        .endsWith(
            "Fix: declare the parameter as Map<String, T>; it receives the values by partition"
                + " key.");
  }

  // ---- a check on an unknown asset ----

  public static final class CheckOnUnknown {
    @Asset
    public static int customerFeatures() {
      return 1;
    }

    @AssetCheck(asset = "customer_feature", blocking = true)
    public static CheckResult noNulls() {
      return CheckResult.pass();
    }
  }

  @Test
  void rejectsCheckOnUnknownAsset() {
    DefinitionsException e = loadFails(CheckOnUnknown.class);

    assertThat(e.problems())
        .containsExactly(
            "Check "
                + CheckOnUnknown.class.getName()
                + ".noNulls targets unknown asset \"customer_feature\". Fix: set @AssetCheck(asset"
                + " = \"...\") to the key of an asset in these definitions, or add the asset's"
                + " class to Definitions.builder().assets(...). Did you mean"
                + " \"customer_features\"?");
  }

  // ---- other mistakes ----

  public static final class TwoChecks {
    @Asset
    public static int orders() {
      return 1;
    }

    @AssetCheck(asset = "orders", name = "sane")
    public static CheckResult first(int orders) {
      return CheckResult.pass();
    }

    @AssetCheck(asset = "orders", name = "sane")
    public static CheckResult second(int orders) {
      return CheckResult.pass();
    }
  }

  @Test
  void rejectsTwoChecksWithOneName() {
    assertThat(loadFails(TwoChecks.class).problems())
        .containsExactly(
            "Asset \"orders\" has two checks named \"sane\": "
                + TwoChecks.class.getName()
                + ".first and "
                + TwoChecks.class.getName()
                + ".second. Fix: give one another name with @AssetCheck(name = \"...\").");
  }

  public static final class CheckReturnsBoolean {
    @Asset
    public static int orders() {
      return 1;
    }

    @AssetCheck(asset = "orders")
    public static boolean positive(int orders) {
      return orders > 0;
    }
  }

  @Test
  void rejectsCheckThatDoesNotReturnCheckResult() {
    assertThat(loadFails(CheckReturnsBoolean.class).problems())
        .containsExactly(
            CheckReturnsBoolean.class.getName()
                + ".positive is an @AssetCheck returning boolean. Fix: return CheckResult"
                + " (CheckResult.pass(), fail(reason) or of(passed)).");
  }

  public static final class NoDefaultConstructor {
    public NoDefaultConstructor(String unused) {}

    @Asset
    public int orders() {
      return 1;
    }
  }

  @Test
  void rejectsInstanceMethodOfClassWithoutNoArgConstructor() {
    assertThat(loadFails(NoDefaultConstructor.class).problems())
        .containsExactly(
            NoDefaultConstructor.class.getName()
                + ".orders is an instance method, but "
                + NoDefaultConstructor.class.getName()
                + " has no public no-arg constructor (or is abstract). Fix: add a public no-arg"
                + " constructor, or make the method static.");
  }

  public record Warehouse(String url) {}

  public static final class AssetOrResource {
    @Asset
    public static int warehouse() {
      return 1;
    }

    @Asset
    public static int report(Warehouse warehouse) {
      return 2;
    }
  }

  @Test
  void rejectsParameterMatchingBothAnAssetAndAResource() {
    Definitions definitions =
        Definitions.builder()
            .assets(AssetOrResource.class)
            .resource("warehouse", new Warehouse("jdbc:x"))
            .build();

    assertThat(loadFails(definitions).problems())
        .containsExactly(
            AssetOrResource.class.getName()
                + ".report: parameter 'warehouse' matches both asset \"warehouse\" and resource"
                + " \"warehouse\". Fix: annotate it with @In(\"warehouse\") or"
                + " @Resource(\"warehouse\").");
  }

  public static final class UnknownResourceAndIo {
    @Asset(ioManager = "parquet")
    public static int report(@Resource("warehose") Warehouse db) {
      return 2;
    }
  }

  @Test
  void rejectsUnknownResourceAndUnknownIoManager() {
    Definitions definitions =
        Definitions.builder()
            .assets(UnknownResourceAndIo.class)
            .resource("warehouse", new Warehouse("jdbc:x"))
            .build();

    assertThat(loadFails(definitions).problems())
        .containsExactly(
            UnknownResourceAndIo.class.getName()
                + ".report names ioManager \"parquet\", but no resource has that name. Fix:"
                + " register an IoManager with Definitions.builder().resource(\"parquet\", ...),"
                + " or correct the name.",
            UnknownResourceAndIo.class.getName()
                + ".report: parameter 'db' (dev.materia.runtime.load.DefinitionsLoaderTest$Warehouse)"
                + " names unknown resource \"warehose\" in @Resource(\"warehose\"). Fix: register"
                + " it with Definitions.builder().resource(\"warehose\", ...), or correct the name."
                + " Did you mean \"warehouse\"?");
  }

  public static final class BadAttributes {
    @Asset(key = "sales//orders")
    public static int orders() {
      return 1;
    }

    @Asset(tags = "gold")
    public static int tagged() {
      return 1;
    }
  }

  @Test
  void reportsEveryProblemAtOnce() {
    DefinitionsException e = loadFails(BadAttributes.class);

    assertThat(e.problems())
        .containsExactly(
            BadAttributes.class.getName()
                + ".orders declares asset key \"sales//orders\", which is invalid. Fix: use"
                + " letters, digits, '_' and '-', with '/' between segments, e.g. @Asset(key ="
                + " \"sales/raw_orders\").",
            BadAttributes.class.getName()
                + ".tagged has tag \"gold\". Fix: write tags as key=value, e.g. tags ="
                + " {\"tier=gold\"}.");
    assertThat(e.getMessage()).startsWith("2 problems in definitions:\n  - ");
  }

  // ---- what loads ----

  public static final class Io implements IoManager {
    @Override
    public Map<String, Object> store(OutputContext output, Object value) {
      return Map.of();
    }

    @Override
    public Object load(InputContext input) {
      return null;
    }
  }

  public static final class Sales {
    private final int base;

    public Sales() {
      base = 40;
    }

    @Asset(
        key = "sales/raw_orders",
        group = "sales",
        description = "Orders as exported",
        owners = {"team-data@acme.com"},
        tags = {"tier=gold", "pii=false"},
        kinds = {"java", "csv"},
        codeVersion = "3",
        ioManager = "files")
    @Retry(maxRetries = 2, delayMillis = 50, backoffFactor = 3.0, maxDelayMillis = 120)
    public int rawOrders() {
      return base;
    }

    @Asset(key = "sales/cleaned_orders", deps = "sales/raw_orders")
    public int cleanedOrders(int rawOrders, AssetContext context, Warehouse warehouse) {
      return rawOrders + 2;
    }
  }

  @Test
  void loadsAttributesDependenciesAndRetryPolicy() {
    AssetGraph graph =
        DefinitionsLoader.load(
            Definitions.builder()
                .assets(Sales.class)
                .resource("files", new Io())
                .resource("db", new Warehouse("jdbc:x"))
                .build());

    AssetNode raw = graph.asset("sales/raw_orders");
    assertThat(raw.group()).isEqualTo("sales");
    assertThat(raw.description()).isEqualTo("Orders as exported");
    assertThat(raw.owners()).containsExactly("team-data@acme.com");
    assertThat(raw.tags()).containsExactly(Map.entry("tier", "gold"), Map.entry("pii", "false"));
    assertThat(raw.kinds()).containsExactly("java", "csv");
    assertThat(raw.codeVersion()).isEqualTo("3");
    assertThat(raw.ioManager()).isEqualTo("files");
    assertThat(raw.retryPolicy().maxRetries()).isEqualTo(2);
    assertThat(raw.retryPolicy().delayAfter(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(raw.retryPolicy().delayAfter(2)).isEqualTo(Duration.ofMillis(120));
    assertThat(raw.origin()).isEqualTo(Sales.class.getName() + ".rawOrders");
    AssetNode cleaned = graph.asset("sales/cleaned_orders");
    assertThat(cleaned.group()).isEqualTo("default");
    assertThat(cleaned.upstreamKeys()).containsExactly("sales/raw_orders");
    assertThat(cleaned.dependencies()).extracting(Dependency::loaded).containsExactly(true, false);
  }

  public static final class Prefixed {
    @Asset(key = "sales/raw_orders")
    public static int salesOrders() {
      return 1;
    }

    @Asset(key = "web/raw_orders")
    public static int webOrders() {
      return 2;
    }

    @Asset(key = "sales/summary")
    public static int summary(int rawOrders) {
      return rawOrders;
    }

    @Asset(key = "total")
    public static int total(int rawOrders) {
      return rawOrders;
    }
  }

  @Test
  void matchesParameterNamesUnderTheAssetsPrefixAndRejectsAmbiguousOnes() {
    DefinitionsException e = loadFails(Prefixed.class);

    assertThat(e.problems())
        .containsExactly(
            Prefixed.class.getName()
                + ".total: parameter 'rawOrders' could read any of the assets [sales/raw_orders,"
                + " web/raw_orders]. Fix: name one with @In(\"sales/raw_orders\").");
  }

  public static final class Lists {
    @Asset
    public static List<String> names() {
      return List.of("a");
    }

    @AssetCheck(asset = "names")
    public static CheckResult notEmpty(List<String> names) {
      return CheckResult.of(!names.isEmpty());
    }
  }

  @Test
  void keepsGenericInputTypesAndDefaultsCheckNameToSnakeCase() {
    AssetGraph graph = DefinitionsLoader.load(Definitions.builder().assets(Lists.class).build());

    assertThat(graph.checksOf("names"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("not_empty");
              assertThat(c.dependencies().getFirst().type().getTypeName())
                  .isEqualTo("java.util.List<java.lang.String>");
            });
  }

  /** Compiles one class without {@code -parameters} and loads it. */
  private static Class<?> compileWithoutParameters(Path dir, String name, String source)
      throws IOException, URISyntaxException, ClassNotFoundException {
    Path file = dir.resolve(name + ".java");
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path sdk = Path.of(Asset.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    int exit =
        javac.run(
            null,
            null,
            null,
            "--release",
            "21",
            "-classpath",
            sdk.toString(),
            "-d",
            dir.toString(),
            file.toString());
    assertThat(exit).as("javac exit code").isZero();
    URLClassLoader loader =
        new URLClassLoader(
            new URL[] {dir.toUri().toURL()}, DefinitionsLoaderTest.class.getClassLoader());
    Class<?> type = loader.loadClass(name);
    assertThat(type.getMethods())
        .filteredOn(m -> m.getName().equals("total"))
        .singleElement()
        .satisfies(m -> assertThat(m.getParameters()[0].isNamePresent()).isFalse());
    return type;
  }

  @Test
  void rejectsNullDefinitions() {
    assertThatThrownBy(() -> DefinitionsLoader.load(null)).hasMessage("definitions == null");
  }
}
