package dev.streamgate.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmark runs from: the project directory (so {@code conf/jvm.options} resolves as it does
 * for a user), the classpath the provider and the floor get (the driver's own: test classes, main classes
 * and all dependencies), Streamgate's (its runtime classpath, as its jar has it) and target/bench for
 * generated files and logs.
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

  /**
   * Streamgate's own classpath, as its jar runs: its classes and its runtime dependencies (listed by the
   * build in target/runtime.classpath), without the test-only libraries of the driver's classpath.
   */
  String streamgateClasspath() {
    Path listed = projectDir.resolve("target/runtime.classpath");
    if (!Files.isRegularFile(listed)) {
      throw new IllegalStateException("no " + listed + ": build with mvn test-compile first");
    }
    try {
      return projectDir.resolve("target/classes") + File.pathSeparator + Files.readString(listed).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The java launcher of the running JVM, so every process runs on the same JDK. */
  String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
