package dev.materia.controlplane.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface LoginFailureRepository extends GenericRepository<LoginFailureRow, Long> {

  @Query("insert into login_failures (email, ip) values (:email, :ip)")
  void record(String email, String ip);

  @Query(
      "select count(*) from login_failures"
          + " where email = :email and at > now() - make_interval(secs => :windowSeconds)")
  long countForEmail(String email, double windowSeconds);

  @Query(
      "select count(*) from login_failures"
          + " where ip = :ip and at > now() - make_interval(secs => :windowSeconds)")
  long countForIp(String ip, double windowSeconds);

  @Query("delete from login_failures where email = :email")
  void clear(String email);

  @Query("delete from login_failures where at < now() - make_interval(secs => :windowSeconds)")
  void prune(double windowSeconds);
}
