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

/**
 * The sign-in throttle (OWASP ASVS 4 2.2.1): failures lock an (account, address) pair, an address
 * guessing across accounts, and an account only when many addresses fail against it, never from an
 * address the owner signed in from before. Client addresses come from {@code X-Forwarded-For}, as a
 * trusted load balancer would set it.
 */
class LoginThrottleTest {
  private static final String ATTACKER = "203.0.113.66";
  private static final String OWNER_HOME = "198.51.100.10";
  private static final String OWNER_CAFE = "198.51.100.20";

  @Nested
  class PerAccountAndAddress {
    @RegisterExtension
    static final RunningControlPlane controlPlane =
        new RunningControlPlane(
            Map.of(
                "materia.client-address-header", "X-Forwarded-For",
                "materia.login.max-failures-per-account-and-address", 3,
                "materia.login.max-failures-per-address", 1000,
                "materia.login.max-failures-per-account", 1000));

    private final Tenants tenants = new Tenants(controlPlane);

    @Test
    void anAttackersAddressIsThrottledWhileTheOwnerSignsInFromAnotherAddress() {
      SignedInUser alice = tenants.signUp("Targeted");
      for (int i = 0; i < 3; i++) {
        assertThat(login(controlPlane, ATTACKER, alice.email(), "wrong " + i).statusCode())
            .isEqualTo(401);
      }

      HttpResponse<String> attacker = login(controlPlane, ATTACKER, alice.email(), "guess 4");
      HttpResponse<String> owner = login(controlPlane, OWNER_CAFE, alice.email(), alice.password());

      assertThat(attacker.statusCode()).isEqualTo(429);
      assertThat(Json.string(attacker, "error", "code")).isEqualTo("too_many_requests");
      assertThat(attacker.headers().firstValue("Retry-After"))
          .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds)).isPositive());
      assertThat(owner.statusCode()).as(owner.body()).isEqualTo(200);
      // The owner's success clears only the owner's own address: the attacker stays locked.
      assertThat(login(controlPlane, ATTACKER, alice.email(), "guess 5").statusCode())
          .isEqualTo(429);
    }

    @Test
    void aLockedPairRefusesEvenTheRightPasswordAndSetsNoCookie() {
      SignedInUser alice = tenants.signUp("Locked");
      for (int i = 0; i < 3; i++) {
        login(controlPlane, OWNER_HOME, alice.email(), "typo " + i);
      }

      HttpResponse<String> right = login(controlPlane, OWNER_HOME, alice.email(), alice.password());

      assertThat(right.statusCode()).isEqualTo(429);
      assertThat(right.headers().allValues("set-cookie")).isEmpty();
    }

    @Test
    void otherAccountsFromTheSameAddressAreNotLocked() {
      SignedInUser alice = tenants.signUp("Neighbour");
      SignedInUser bob = tenants.signUp("Neighbour");
      for (int i = 0; i < 3; i++) {
        login(controlPlane, OWNER_HOME, alice.email(), "wrong " + i);
      }

      assertThat(login(controlPlane, OWNER_HOME, bob.email(), bob.password()).statusCode())
          .isEqualTo(200);
    }

    @Test
    void aSuccessfulSignInResetsThatAddressesCount() {
      SignedInUser alice = tenants.signUp("Reset");
      login(controlPlane, OWNER_HOME, alice.email(), "wrong 1");
      login(controlPlane, OWNER_HOME, alice.email(), "wrong 2");
      assertThat(login(controlPlane, OWNER_HOME, alice.email(), alice.password()).statusCode())
          .isEqualTo(200);
      login(controlPlane, OWNER_HOME, alice.email(), "wrong 3");
      login(controlPlane, OWNER_HOME, alice.email(), "wrong 4");

      assertThat(login(controlPlane, OWNER_HOME, alice.email(), alice.password()).statusCode())
          .isEqualTo(200);
    }
  }

  @Nested
  class PerAccount {
    @RegisterExtension
    static final RunningControlPlane controlPlane =
        new RunningControlPlane(
            Map.of(
                "materia.client-address-header", "X-Forwarded-For",
                "materia.login.max-failures-per-account-and-address", 2,
                "materia.login.max-failures-per-address", 1000,
                "materia.login.max-failures-per-account", 6));

    @Test
    void manyAddressesLockTheAccountForNewAddressesButNotForOneTheOwnerUsedBefore() {
      SignedInUser alice = new Tenants(controlPlane).signUp("Botnet");
      assertThat(login(controlPlane, OWNER_HOME, alice.email(), alice.password()).statusCode())
          .isEqualTo(200);
      for (int bot = 1; bot <= 3; bot++) {
        for (int i = 0; i < 2; i++) {
          assertThat(login(controlPlane, "203.0.113." + bot, alice.email(), "pw" + i).statusCode())
              .isEqualTo(401);
        }
      }

      HttpResponse<String> newBot =
          login(controlPlane, "203.0.113.99", alice.email(), alice.password());
      HttpResponse<String> home = login(controlPlane, OWNER_HOME, alice.email(), alice.password());

      assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
      assertThat(newBot.statusCode()).isEqualTo(429);
      assertThat(Json.string(newBot, "error", "message")).contains("many addresses");
      assertThat(newBot.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Nested
  class PerAddress {
    @RegisterExtension
    static final RunningControlPlane controlPlane =
        new RunningControlPlane(
            Map.of(
                "materia.client-address-header", "X-Forwarded-For",
                "materia.login.max-failures-per-account-and-address", 1000,
                "materia.login.max-failures-per-address", 4,
                "materia.login.max-failures-per-account", 1000));

    @Test
    void locksAnAddressThatGuessesAcrossManyAccounts() {
      SignedInUser victim = new Tenants(controlPlane).signUp("Spray");
      for (int i = 0; i < 4; i++) {
        assertThat(
                login(controlPlane, ATTACKER, "guess" + i + "@spray.test", "password " + i)
                    .statusCode())
            .isEqualTo(401);
      }

      HttpResponse<String> sprayer =
          login(controlPlane, ATTACKER, victim.email(), victim.password());
      HttpResponse<String> owner =
          login(controlPlane, OWNER_HOME, victim.email(), victim.password());

      assertThat(sprayer.statusCode()).isEqualTo(429);
      assertThat(Json.string(sprayer, "error", "message")).contains("this address");
      assertThat(owner.statusCode()).isEqualTo(200);
    }
  }

  static HttpResponse<String> login(
      RunningControlPlane controlPlane, String address, String email, String password) {
    return controlPlane
        .client()
        .csrf()
        .header("X-Forwarded-For", address)
        .post(
            "/api/v1/auth/login",
            "{\"email\":%s,\"password\":%s}".formatted(Json.quote(email), Json.quote(password)));
  }
}
