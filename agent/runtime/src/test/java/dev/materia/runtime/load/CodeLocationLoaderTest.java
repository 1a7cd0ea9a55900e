package dev.materia.runtime.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.sdk.Asset;
import dev.materia.sdk.CodeLocation;
import dev.materia.sdk.Definitions;
import org.junit.jupiter.api.Test;

class CodeLocationLoaderTest {
  /** Registered in src/test/resources/META-INF/services/dev.materia.sdk.CodeLocation. */
  public static final class TestLocation implements CodeLocation {
    @Override
    public Definitions definitions() {
      return Definitions.builder().assets(TestLocation.class).build();
    }

    @Asset
    public static int one() {
      return 1;
    }
  }

  @Test
  void findsCodeLocationsThroughServiceLoader() {
    CodeLocation location = CodeLocationLoader.single(getClass().getClassLoader());

    assertThat(location).isInstanceOf(TestLocation.class);
    assertThat(location.name()).isEqualTo("test");
    assertThat(DefinitionsLoader.load(location.definitions()).keys()).containsExactly("one");
  }

  @Test
  void explainsWhenNoneIsRegistered() {
    ClassLoader empty = new ClassLoader(null) {};

    assertThatThrownBy(() -> CodeLocationLoader.single(empty))
        .hasMessageStartingWith("No code location found. Fix: list exactly one class");
    assertThatThrownBy(() -> CodeLocationLoader.named(getClass().getClassLoader(), "sales"))
        .hasMessage("No code location named \"sales\"; found [test].");
  }
}
