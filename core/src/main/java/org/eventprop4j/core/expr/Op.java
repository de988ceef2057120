package org.eventprop4j.core.expr;

/**
 * The operations of a traced expression {@link Graph}, with their scalar semantics ({@link #apply}). Every operation
 * is evaluated with {@link Math} (or {@link org.hipparchus.util.FastMath} where {@code Math} has no such function), in
 * the interpreter, in compiled kernels and in constant folding alike.
 */
public final class Op {
    private Op() {
    }

    /** A constant. */
    public static final byte CONST = 0;
    /** Element {@code a} of the state array {@code y}. */
    public static final byte IN_Y = 1;
    /** Element {@code a} of the parameter array {@code p}. */
    public static final byte IN_P = 2;
    /** Element {@code a} of the extra array {@code x} (a weight, or the adjoint seed of a product). */
    public static final byte IN_X = 3;
    static final byte ADD = 4;
    static final byte SUB = 5;
    static final byte MUL = 6;
    static final byte DIV = 7;
    static final byte NEG = 8;
    static final byte EXP = 9;
    static final byte EXPM1 = 10;
    static final byte LOG = 11;
    static final byte LOG1P = 12;
    static final byte SIN = 13;
    static final byte COS = 14;
    static final byte TAN = 15;
    static final byte ASIN = 16;
    static final byte ACOS = 17;
    static final byte ATAN = 18;
    static final byte ATAN2 = 19;
    static final byte SINH = 20;
    static final byte COSH = 21;
    static final byte TANH = 22;
    static final byte ASINH = 23;
    static final byte ACOSH = 24;
    static final byte ATANH = 25;
    static final byte SQRT = 26;
    static final byte CBRT = 27;
    static final byte POW = 28;
    static final byte ABS = 29;
    static final byte SIGN = 30;
    static final byte FLOOR = 31;
    static final byte CEIL = 32;
    static final byte RINT = 33;
    static final byte MIN = 34;
    static final byte MAX = 35;
    /** {@code a <= b ? 1 : 0} (the derivative selector of min and max). */
    static final byte LE = 36;
    static final byte HYPOT = 37;
    /** IEEE remainder {@code a - b * rint(a / b)}. */
    static final byte REM = 38;
    static final byte LOG10 = 39;

    static final int COUNT = 40;

    /** Number of operands (0, 1 or 2). */
    static int arity(byte op) {
        return switch (op) {
            case CONST, IN_Y, IN_P, IN_X -> 0;
            case ADD, SUB, MUL, DIV, ATAN2, POW, MIN, MAX, LE, HYPOT, REM -> 2;
            default -> 1;
        };
    }

    /** Scalar semantics of the operation. */
    static double apply(byte op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case NEG -> -a;
            case EXP -> Math.exp(a);
            case EXPM1 -> Math.expm1(a);
            case LOG -> Math.log(a);
            case LOG1P -> Math.log1p(a);
            case LOG10 -> Math.log10(a);
            case SIN -> Math.sin(a);
            case COS -> Math.cos(a);
            case TAN -> Math.tan(a);
            case ASIN -> Math.asin(a);
            case ACOS -> Math.acos(a);
            case ATAN -> Math.atan(a);
            case ATAN2 -> Math.atan2(a, b);
            case SINH -> Math.sinh(a);
            case COSH -> Math.cosh(a);
            case TANH -> Math.tanh(a);
            case ASINH -> asinh(a);
            case ACOSH -> acosh(a);
            case ATANH -> atanh(a);
            case SQRT -> Math.sqrt(a);
            case CBRT -> Math.cbrt(a);
            case POW -> Math.pow(a, b);
            case ABS -> Math.abs(a);
            case SIGN -> Math.signum(a);
            case FLOOR -> Math.floor(a);
            case CEIL -> Math.ceil(a);
            case RINT -> Math.rint(a);
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
            case LE -> le(a, b);
            case HYPOT -> Math.hypot(a, b);
            case REM -> Math.IEEEremainder(a, b);
            default -> throw new IllegalArgumentException("not an arithmetic operation: " + op);
        };
    }

    /**
     * {@code a <= b ? 1 : 0}; public for compiled kernels.
     *
     * @param a the left operand
     * @param b the right operand
     * @return 1 if {@code a <= b}, else 0
     */
    public static double le(double a, double b) {
        return a <= b ? 1.0 : 0.0;
    }

    /**
     * Inverse hyperbolic sine; public for compiled kernels.
     *
     * @param a the argument
     * @return {@code asinh(a)}
     */
    public static double asinh(double a) {
        return org.hipparchus.util.FastMath.asinh(a);
    }

    /**
     * Inverse hyperbolic cosine; public for compiled kernels.
     *
     * @param a the argument
     * @return {@code acosh(a)}
     */
    public static double acosh(double a) {
        return org.hipparchus.util.FastMath.acosh(a);
    }

    /**
     * Inverse hyperbolic tangent; public for compiled kernels.
     *
     * @param a the argument
     * @return {@code atanh(a)}
     */
    public static double atanh(double a) {
        return org.hipparchus.util.FastMath.atanh(a);
    }

    /** Name of the operation, for messages and listings. */
    static String name(byte op) {
        String[] names = {"const", "y", "p", "x", "add", "sub", "mul", "div", "neg", "exp", "expm1", "log", "log1p",
            "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh",
            "sqrt", "cbrt", "pow", "abs", "sign", "floor", "ceil", "rint", "min", "max", "le", "hypot", "rem",
            "log10"};
        return names[op];
    }
}
