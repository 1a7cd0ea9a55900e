package dev.materia.controlplane.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

/** Failed sign-ins in the throttle window, and the addresses each account signed in from. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface LoginFailureRepository extends GenericRepository<LoginFailureRow, Long> {

  @Query("insert into login_failures (email, ip) values (:email, :ip)")
  void record(String email, String ip);

  @Query(
      "select count(*) from login_failures"
          + " where email = :email and ip = :ip"
          + " and at > now() - make_interval(secs => :windowSeconds)")
  long countForPair(String email, String ip, double windowSeconds);

  @Query(
      "select count(*) from login_failures"
          + " where email = :email and at > now() - make_interval(secs => :windowSeconds)")
  long countForEmail(String email, double windowSeconds);

  @Query(
      "select count(*) from login_failures"
          + " where ip = :ip and at > now() - make_interval(secs => :windowSeconds)")
  long countForIp(String ip, double windowSeconds);

  @Query("delete from login_failures where email = :email and ip = :ip")
  void clearPair(String email, String ip);

  @Query("delete from login_failures where at < now() - make_interval(secs => :windowSeconds)")
  void prune(double windowSeconds);

  @Query(
      "insert into login_known_addresses (email, ip) values (:email, :ip)"
          + " on conflict (email, ip) do update set last_success_at = now()")
  void remember(String email, String ip);

  @Query(
      "select exists (select 1 from login_known_addresses where email = :email and ip = :ip"
          + " and last_success_at > now() - make_interval(secs => :forSeconds))")
  boolean isKnownAddress(String email, String ip, double forSeconds);

  @Query(
      "delete from login_known_addresses where email = :email"
          + " and last_success_at < now() - make_interval(secs => :forSeconds)")
  void forgetAddresses(String email, double forSeconds);
}
