package dev.materia.controlplane.auth;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("login_failures")
record LoginFailureRow(@Id @GeneratedValue Long id, String email, String ip, Instant at) {}
