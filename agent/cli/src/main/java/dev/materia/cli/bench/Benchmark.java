package dev.materia.cli.bench;

import java.util.List;

/** One of the benchmarks {@code materia bench} runs; each gives one or more results. */
interface Benchmark {
  /** The name {@code --only} selects and every result's name starts with. */
  String name();

  List<BenchResult> run(BenchEnvironment environment) throws Exception;
}
