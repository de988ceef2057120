package org.eventprop4j.core.ode;

/**
 * The coefficients of the Dormand-Prince 5(4) pair (Dormand and Prince 1980; dense output of Hairer, Norsett and
 * Wanner, Solving ODEs I, DOPRI5's {@code contd5}): stages {@code C}, stage matrix {@code A}, error weights {@code E}
 * (5th minus 4th order) and dense-output weights {@code D}. Shared by {@link Dopri5} and the lockstep layer integrator.
 */
public final class Dp5Tableau {
    private Dp5Tableau() {
    }

    /** Butcher tableau node c2: stage 2 is evaluated at {@code t + c2 h}. */
    public static final double C2 = 0.2;
    /** Butcher tableau node c3: stage 3 is evaluated at {@code t + c3 h}. */
    public static final double C3 = 0.3;
    /** Butcher tableau node c4: stage 4 is evaluated at {@code t + c4 h}. */
    public static final double C4 = 0.8;
    /** Butcher tableau node c5: stage 5 is evaluated at {@code t + c5 h}. */
    public static final double C5 = 8.0 / 9.0;
    /** Butcher tableau entry a21. */
    public static final double A21 = 0.2;
    /** Butcher tableau entry a31. */
    public static final double A31 = 3.0 / 40.0;
    /** Butcher tableau entry a32. */
    public static final double A32 = 9.0 / 40.0;
    /** Butcher tableau entry a41. */
    public static final double A41 = 44.0 / 45.0;
    /** Butcher tableau entry a42. */
    public static final double A42 = -56.0 / 15.0;
    /** Butcher tableau entry a43. */
    public static final double A43 = 32.0 / 9.0;
    /** Butcher tableau entry a51. */
    public static final double A51 = 19372.0 / 6561.0;
    /** Butcher tableau entry a52. */
    public static final double A52 = -25360.0 / 2187.0;
    /** Butcher tableau entry a53. */
    public static final double A53 = 64448.0 / 6561.0;
    /** Butcher tableau entry a54. */
    public static final double A54 = -212.0 / 729.0;
    /** Butcher tableau entry a61. */
    public static final double A61 = 9017.0 / 3168.0;
    /** Butcher tableau entry a62. */
    public static final double A62 = -355.0 / 33.0;
    /** Butcher tableau entry a63. */
    public static final double A63 = 46732.0 / 5247.0;
    /** Butcher tableau entry a64. */
    public static final double A64 = 49.0 / 176.0;
    /** Butcher tableau entry a65. */
    public static final double A65 = -5103.0 / 18656.0;
    /** Butcher tableau entry a71, also the 5th-order solution weight b1. */
    public static final double A71 = 35.0 / 384.0;
    /** Butcher tableau entry a73, also the 5th-order solution weight b3. */
    public static final double A73 = 500.0 / 1113.0;
    /** Butcher tableau entry a74, also the 5th-order solution weight b4. */
    public static final double A74 = 125.0 / 192.0;
    /** Butcher tableau entry a75, also the 5th-order solution weight b5. */
    public static final double A75 = -2187.0 / 6784.0;
    /** Butcher tableau entry a76, also the 5th-order solution weight b6. */
    public static final double A76 = 11.0 / 84.0;
    /** Error weight e1 of stage 1 (5th- minus 4th-order weight). */
    public static final double E1 = 71.0 / 57600.0;
    /** Error weight e3 of stage 3 (5th- minus 4th-order weight). */
    public static final double E3 = -71.0 / 16695.0;
    /** Error weight e4 of stage 4 (5th- minus 4th-order weight). */
    public static final double E4 = 71.0 / 1920.0;
    /** Error weight e5 of stage 5 (5th- minus 4th-order weight). */
    public static final double E5 = -17253.0 / 339200.0;
    /** Error weight e6 of stage 6 (5th- minus 4th-order weight). */
    public static final double E6 = 22.0 / 525.0;
    /** Error weight e7 of stage 7 (5th- minus 4th-order weight). */
    public static final double E7 = -1.0 / 40.0;
    /** Dense-output weight d1 of stage 1 (the 4th-order continuous extension). */
    public static final double D1 = -12715105075.0 / 11282082432.0;
    /** Dense-output weight d3 of stage 3 (the 4th-order continuous extension). */
    public static final double D3 = 87487479700.0 / 32700410799.0;
    /** Dense-output weight d4 of stage 4 (the 4th-order continuous extension). */
    public static final double D4 = -10690763975.0 / 1880347072.0;
    /** Dense-output weight d5 of stage 5 (the 4th-order continuous extension). */
    public static final double D5 = 701980252875.0 / 199316789632.0;
    /** Dense-output weight d6 of stage 6 (the 4th-order continuous extension). */
    public static final double D6 = -1453857185.0 / 822651844.0;
    /** Dense-output weight d7 of stage 7 (the 4th-order continuous extension). */
    public static final double D7 = 69997945.0 / 29380423.0;
}
