package org.pioneereval.contracts;

import java.util.List;
import java.util.Objects;

/**
 * The ODCS operator of a quality rule ({@code mustBe: 0}, {@code mustBeBetween: [1, 124]}, ...)
 * with its operand(s): the range a rule's metric must fall in for the rule to pass.
 *
 * <p>Both bounds of {@code mustBeBetween} and {@code mustNotBeBetween} are inclusive.
 */
public final class Threshold {

  /** The eight ODCS v3.1 operators. */
  public enum Operator {
    MUST_BE("mustBe", 1),
    MUST_NOT_BE("mustNotBe", 1),
    MUST_BE_GREATER_THAN("mustBeGreaterThan", 1),
    MUST_BE_GREATER_OR_EQUAL_TO("mustBeGreaterOrEqualTo", 1),
    MUST_BE_LESS_THAN("mustBeLessThan", 1),
    MUST_BE_LESS_OR_EQUAL_TO("mustBeLessOrEqualTo", 1),
    MUST_BE_BETWEEN("mustBeBetween", 2),
    MUST_NOT_BE_BETWEEN("mustNotBeBetween", 2);

    private final String odcsName;
    private final int arity;

    Operator(String odcsName, int arity) {
      this.odcsName = odcsName;
      this.arity = arity;
    }

    /** The key of the operator in a contract, e.g. {@code mustBeLessThan}. */
    public String odcsName() {
      return odcsName;
    }

    /** 1 for comparisons, 2 for the two bounds of the between operators. */
    public int arity() {
      return arity;
    }
  }

  private final Operator operator;
  private final List<Double> operands;

  private Threshold(Operator operator, List<Double> operands) {
    this.operator = operator;
    this.operands = List.copyOf(operands);
  }

  /** A threshold with one operand (every operator except the between operators). */
  public static Threshold of(Operator operator, double operand) {
    if (operator.arity() != 1) {
      throw new IllegalArgumentException(operator.odcsName() + " takes two operands");
    }
    return new Threshold(operator, List.of(operand));
  }

  /** A {@code mustBeBetween} or {@code mustNotBeBetween} threshold; {@code low <= high}. */
  public static Threshold between(Operator operator, double low, double high) {
    if (operator.arity() != 2 || low > high) {
      throw new IllegalArgumentException(operator.odcsName() + " needs low <= high");
    }
    return new Threshold(operator, List.of(low, high));
  }

  /** {@code mustBe: 0}, the threshold of every row-level rule. */
  public static Threshold zero() {
    return of(Operator.MUST_BE, 0);
  }

  public Operator operator() {
    return operator;
  }

  /** One operand, or the low and high bound of a between operator. */
  public List<Double> operands() {
    return operands;
  }

  /** True for {@code mustBe: 0}. */
  public boolean isZero() {
    return operator == Operator.MUST_BE && operands.get(0) == 0.0;
  }

  /** True when a metric of {@code value} passes this threshold. */
  public boolean isSatisfiedBy(double value) {
    double a = operands.get(0);
    switch (operator) {
      case MUST_BE:
        return value == a;
      case MUST_NOT_BE:
        return value != a;
      case MUST_BE_GREATER_THAN:
        return value > a;
      case MUST_BE_GREATER_OR_EQUAL_TO:
        return value >= a;
      case MUST_BE_LESS_THAN:
        return value < a;
      case MUST_BE_LESS_OR_EQUAL_TO:
        return value <= a;
      case MUST_BE_BETWEEN:
        return value >= a && value <= operands.get(1);
      case MUST_NOT_BE_BETWEEN:
        return value < a || value > operands.get(1);
      default:
        throw new IllegalStateException("Unhandled operator " + operator);
    }
  }

  /** As written in a contract, e.g. {@code mustBe: 0} or {@code mustBeBetween: [1, 124]}. */
  @Override
  public String toString() {
    if (operator.arity() == 2) {
      return operator.odcsName()
          + ": ["
          + format(operands.get(0))
          + ", "
          + format(operands.get(1))
          + "]";
    }
    return operator.odcsName() + ": " + format(operands.get(0));
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Threshold
        && ((Threshold) other).operator == operator
        && ((Threshold) other).operands.equals(operands);
  }

  @Override
  public int hashCode() {
    return Objects.hash(operator, operands);
  }
}
