/**
 * A code location's definitions as data: {@link dev.materia.api.snapshot.CodeLocationSnapshot} with
 * its assets, checks, schedules and partitions definitions, in a sorted normal form with a content
 * hash, so identical uploads are recognized without re-indexing.
 */
package dev.materia.api.snapshot;
