package dev.materia.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.materia.controlplane.testing.Json;
import dev.materia.controlplane.testing.RunningControlPlane;
import dev.materia.controlplane.testing.SignedInUser;
import dev.materia.controlplane.testing.Tenants;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginThrottleTest {

  @Nested
  class PerAccount {
    @RegisterExtension
    static final RunningControlPlane controlPlane =
        new RunningControlPlane(
            Map.of(
                "materia.login.max-failures-per-account", 3,
                "materia.login.max-failures-per-address", 1000));

    private final Tenants tenants = new Tenants(controlPlane);

    @Test
    void locksAnAccountAfterTooManyFailuresEvenForTheRightPassword() {
      SignedInUser alice = tenants.signUp("Locked");
      for (int i = 0; i < 3; i++) {
        assertThat(login(controlPlane, alice.email(), "wrong password " + i).statusCode())
            .isEqualTo(401);
      }

      HttpResponse<String> right = login(controlPlane, alice.email(), alice.password());

      assertThat(right.statusCode()).isEqualTo(429);
      assertThat(Json.string(right, "error", "code")).isEqualTo("too_many_requests");
      assertThat(right.headers().firstValue("Retry-After"))
          .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
      assertThat(right.headers().allValues("set-cookie")).isEmpty();
    }

    @Test
    void otherAccountsFromTheSameAddressAreNotLocked() {
      SignedInUser alice = tenants.signUp("Neighbour");
      SignedInUser bob = tenants.signUp("Neighbour");
      for (int i = 0; i < 3; i++) {
        login(controlPlane, alice.email(), "wrong password " + i);
      }

      assertThat(login(controlPlane, bob.email(), bob.password()).statusCode()).isEqualTo(200);
    }

    @Test
    void aSuccessfulSignInResetsTheAccountsCount() {
      SignedInUser alice = tenants.signUp("Reset");
      login(controlPlane, alice.email(), "wrong password 1");
      login(controlPlane, alice.email(), "wrong password 2");
      assertThat(login(controlPlane, alice.email(), alice.password()).statusCode()).isEqualTo(200);
      login(controlPlane, alice.email(), "wrong password 3");
      login(controlPlane, alice.email(), "wrong password 4");

      assertThat(login(controlPlane, alice.email(), alice.password()).statusCode()).isEqualTo(200);
    }
  }

  @Nested
  class PerAddress {
    @RegisterExtension
    static final RunningControlPlane controlPlane =
        new RunningControlPlane(
            Map.of(
                "materia.login.max-failures-per-account", 1000,
                "materia.login.max-failures-per-address", 4));

    @Test
    void locksAnAddressThatGuessesAcrossManyAccounts() {
      SignedInUser victim = new Tenants(controlPlane).signUp("Spray");
      for (int i = 0; i < 4; i++) {
        assertThat(login(controlPlane, "guess" + i + "@spray.test", "password " + i).statusCode())
            .isEqualTo(401);
      }

      HttpResponse<String> response = login(controlPlane, victim.email(), victim.password());

      assertThat(response.statusCode()).isEqualTo(429);
      assertThat(Json.string(response, "error", "message")).contains("this address");
    }
  }

  static HttpResponse<String> login(
      RunningControlPlane controlPlane, String email, String password) {
    return controlPlane
        .client()
        .csrf()
        .post(
            "/api/v1/auth/login",
            "{\"email\":%s,\"password\":%s}".formatted(Json.quote(email), Json.quote(password)));
  }
}
