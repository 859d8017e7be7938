package org.pioneereval.generator;

import java.nio.file.Path;
import java.time.YearMonth;

/**
 * The only place {@link GeneratorException}s are built: problem, cause and fix in every message.
 */
public final class GeneratorErrors {
  private GeneratorErrors() {}

  /** A count setting (sites, patients, respondents) outside its allowed range. */
  public static GeneratorException countOutOfRange(
      String setting, long value, long min, long max, String why) {
    return new GeneratorException(
        setting
            + " is "
            + value
            + " but must be between "
            + min
            + " and "
            + max
            + ": "
            + why
            + ". Choose a value in that range.");
  }

  /** The study window does not fit the price index or is empty. */
  public static GeneratorException windowOutOfRange(YearMonth start, YearMonth end) {
    return new GeneratorException(
        "The study window "
            + start
            + ".."
            + end
            + " is not usable: it must be non-empty and lie within financial years 2009/10 to"
            + " 2018/19 (2009-04..2019-03), because costs are written in cash prices deflated by"
            + " org.pioneereval.contracts.PriceIndex, which covers only those years."
            + " Choose start and end months in that range with start <= end.");
  }

  /** A go-live month that leaves no pre-period or lies outside the window. */
  public static GeneratorException goLiveOutOfWindow(
      int wave, YearMonth goLive, YearMonth start, YearMonth end) {
    return new GeneratorException(
        "Wave "
            + wave
            + " goes live in "
            + goLive
            + ", outside the study window "
            + start
            + ".."
            + end
            + " (it must be after the first month so that there is a pre-period, and not after"
            + " the last). Move the go-live month or widen the window.");
  }

  /** Wave 2 before wave 1. */
  public static GeneratorException wavesOutOfOrder(YearMonth wave1, YearMonth wave2) {
    return new GeneratorException(
        "Wave 2 goes live in "
            + wave2
            + ", before wave 1 ("
            + wave1
            + "); the waves are numbered in order of adoption. Swap the two go-live months.");
  }

  /** A configured effect that is not a finite number or would make an expectation negative. */
  public static GeneratorException effectNotUsable(String what, double value, String why) {
    return new GeneratorException(
        "The effect configured for "
            + what
            + " ("
            + value
            + ") cannot be generated: "
            + why
            + ". Choose a smaller effect in absolute value.");
  }

  /** An outcome whose effect is derived from other effects and so cannot be set directly. */
  public static GeneratorException effectIsDerived(Outcome outcome) {
    return new GeneratorException(
        "The effect on "
            + outcome.columnName()
            + " cannot be set directly: cost per capita is the sum of the six settings' costs, so"
            + " its effect follows from the admission-rate effects (inpatient cost) and the"
            + " setting effects. Use withSettingEffect(CareSetting.OUTPATIENT, ...) and the"
            + " admission-rate effects instead.");
  }

  /** Inpatient cost moves with admissions and so has no effect of its own. */
  public static GeneratorException inpatientEffectIsDerived() {
    return new GeneratorException(
        "The effect on inpatient cost cannot be set directly: inpatient cost is the sum of the"
            + " spells' costs, so it moves with the admission-rate effects. Set"
            + " withEffect(Outcome.EMERGENCY_ADMISSIONS_RATE, ...) or"
            + " withEffect(Outcome.ELECTIVE_ADMISSIONS_RATE, ...) instead.");
  }

  /** The wave-2 to wave-1 effect ratio is not finite. */
  public static GeneratorException ratioNotFinite(double ratio) {
    return new GeneratorException(
        "The wave effect ratio "
            + ratio
            + " is not a finite number; wave-2 effects are this ratio times the wave-1 effects."
            + " Pass a finite ratio, e.g. 1.0 for equal effects.");
  }

  /** The output already holds drops that the new ones would silently mix with. */
  public static GeneratorException outputNotEmpty(Path drops) {
    return new GeneratorException(
        "The output folder "
            + drops
            + " already holds drops; writing into it would mix two generations whose truth"
            + " files disagree. Delete the folder or choose an empty root.");
  }

  /** A truth file that cannot be read. */
  public static GeneratorException truthNotReadable(Path file, String why, Throwable cause) {
    return new GeneratorException(
        "Cannot read the truth file "
            + file
            + ": "
            + why
            + ". Pass the truth.json written by ExtractGenerator.writeTo, or regenerate it.",
        cause);
  }

  /** Parallelism below one. */
  public static GeneratorException parallelismNotPositive(int threads) {
    return new GeneratorException(
        "Parallelism "
            + threads
            + " is not positive; sites are written by this many threads."
            + " Pass 1 or more (the output does not depend on it).");
  }
}
