package dev.streamgate.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmark runs from: the project directory (so {@code conf/jvm.options} resolves as it does
 * for a user), the classpath every child JVM gets (the driver's own: test classes, main classes and all
 * dependencies) and target/bench for generated files and logs.
 */
record BenchEnvironment(Path projectDir, String classpath, Path benchDir) {

  /** From the working directory, as Maven runs both {@code exec:exec} and Surefire from the project root. */
  static BenchEnvironment current() {
    Path project = Path.of(System.getProperty("bench.projectDir", "")).toAbsolutePath();
    if (!Files.isRegularFile(project.resolve("conf/jvm.options"))) {
      throw new IllegalStateException(
          "run the benchmark from the project directory: no conf/jvm.options in " + project);
    }
    // Surefire runs tests from a manifest-only jar; it names the real test classpath in this property.
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new BenchEnvironment(project, classpath, project.resolve("target/bench"));
  }

  /** The java launcher of the running JVM, so every process runs on the same JDK. */
  String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
