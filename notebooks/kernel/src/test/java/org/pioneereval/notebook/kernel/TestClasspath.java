package org.pioneereval.notebook.kernel;

import java.io.File;

/** The test JVM's classpath: the kernel's classes, JJava and the test libraries. */
final class TestClasspath {

  private TestClasspath() {}

  static String get() {
    String surefire = System.getProperty("surefire.test.class.path");
    String classpath = surefire != null ? surefire : System.getProperty("java.class.path");
    if (!classpath.contains("jjava-jupyter")) {
      throw new IllegalStateException(
          "The test classpath does not list jjava-jupyter (" + classpath + ")");
    }
    return String.join(File.pathSeparator, classpath.split(File.pathSeparator));
  }
}
