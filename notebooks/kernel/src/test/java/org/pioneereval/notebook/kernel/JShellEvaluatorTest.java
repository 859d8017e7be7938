package org.pioneereval.notebook.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pioneereval.notebook.kernel.CellFailedException.CompilationFailedException;
import org.pioneereval.notebook.kernel.CellFailedException.IncompleteCellException;

/** Cells evaluated in-process, as the kernel evaluates them, without Jupyter. */
class JShellEvaluatorTest {

  private static JShellEvaluator cells;

  @BeforeAll
  static void startJShell() {
    cells = JShellEvaluator.start(TestClasspath.get());
  }

  @AfterAll
  static void closeJShell() {
    cells.close();
  }

  @Test
  void theValueOfACellIsItsLastExpressionAsAnObjectAndAsJShellText() {
    JShellEvaluator.CellValue value = cells.eval("int a = 6;\nint b = 7;\na * b").orElseThrow();
    assertThat(value.value()).isEqualTo(42);
    assertThat(value.text()).isEqualTo("42");
    assertThat(cells.eval("\"pioneer\"").orElseThrow().text()).isEqualTo("\"pioneer\"");
  }

  @Test
  void aTrailingSemicolonHidesTheValueAsInIPython() {
    assertThat(cells.eval("6 * 7;")).isEmpty();
    assertThat(cells.eval("System.out.printf(\"%d%n\", 42);")).isEmpty();
    assertThat(cells.eval("6 * 7 // the answer"))
        .map(JShellEvaluator.CellValue::value)
        .contains(42);
  }

  @Test
  void declarationsStatementsAndVoidCallsHaveNoValue() {
    assertThat(cells.eval("var sites = new ArrayList<String>();")).isEmpty();
    assertThat(cells.eval("sites.add(\"E08000001\");\nSystem.out.print(\"\");")).isEmpty();
    assertThat(cells.eval("sites").orElseThrow().value()).isEqualTo(java.util.List.of("E08000001"));
  }

  @Test
  void definitionsOfOneCellAreUsableInTheNext() {
    cells.eval("double relative(double effect, double baseline) { return effect / baseline; }");
    assertThat(cells.eval("relative(0.5, 8.0)").orElseThrow().value()).isEqualTo(0.0625);
  }

  @Test
  void theDefaultImportsAndTheDisplayHelpersAreThere() {
    assertThat(cells.eval("Stream.of(3, 1, 2).sorted().collect(Collectors.toList())"))
        .map(JShellEvaluator.CellValue::value)
        .contains(java.util.List.of(1, 2, 3));
    assertThat(cells.eval("html(\"<b>x</b>\")").orElseThrow().value())
        .isInstanceOf(org.dflib.jjava.jupyter.kernel.display.DisplayData.class);
  }

  @Test
  void anExceptionOfTheCellReachesTheKernelUnchangedWithOnlyTheCellsFrames() {
    assertThatThrownBy(
            () -> cells.eval("int x = 1;\nif (x > 0) throw new IllegalStateException(\"boom\");"))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("boom")
        .satisfies(
            e ->
                assertThat(Arrays.stream(e.getStackTrace()).map(StackTraceElement::getClassName))
                    .allMatch(name -> name.startsWith("REPL.")));
  }

  @Test
  void checkedExceptionsOfTheCellAreRethrownAsTheyAre() {
    assertThatThrownBy(() -> cells.eval("throw new IOException(\"lake not found\");"))
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("lake not found");
  }

  @Test
  void aCompilationErrorNamesTheProblemAndPointsAtIt() {
    assertThatThrownBy(() -> cells.eval("int y = undefinedVariable + 1;"))
        .isInstanceOf(CompilationFailedException.class)
        .hasMessageContaining("cannot find symbol")
        .hasMessageContaining("int y = undefinedVariable + 1;\n            ^");
  }

  @Test
  void theFirstFailingSnippetEndsTheCell() {
    assertThatThrownBy(() -> cells.eval("int z = 1;\nz = 1 / 0;\nz = 5;"))
        .isInstanceOf(ArithmeticException.class);
    assertThat(cells.eval("z").orElseThrow().value()).isEqualTo(1);
  }

  @Test
  void anIncompleteCellIsReportedWithItsUnfinishedPart() {
    assertThatThrownBy(() -> cells.eval("for (int i = 0; i < 3; i++) {"))
        .isInstanceOf(IncompleteCellException.class)
        .hasMessageContaining("for (int i = 0; i < 3; i++) {");
  }

  @Test
  void aMethodMayUseOneDefinedFurtherDownTheSameCell() {
    assertThat(
            cells.eval(
                "double percent(double share) { return round1(100 * share); }\n"
                    + "double round1(double v) { return Math.round(v * 10) / 10.0; }\n"
                    + "percent(0.0466)"))
        .map(JShellEvaluator.CellValue::value)
        .contains(4.7);
  }

  @Test
  void aMethodUsingSomethingUndefinedAtTheEndOfItsCellFails() {
    assertThatThrownBy(() -> cells.eval("double twice() { return notDefinedYet * 2; }"))
        .isInstanceOf(CompilationFailedException.class)
        .hasMessageContaining("'twice' uses what is not defined yet: variable notDefinedYet");
  }
}
