package org.eventprop4j.core.ode;

/**
 * The coefficients of the Dormand-Prince 5(4) pair (Dormand and Prince 1980; dense output of Hairer, Norsett and
 * Wanner, Solving ODEs I, DOPRI5's {@code contd5}): stages {@code C}, stage matrix {@code A}, error weights {@code E}
 * (5th minus 4th order) and dense-output weights {@code D}. Shared by {@link Dopri5} and the lockstep layer integrator.
 */
public final class Dp5Tableau {
    private Dp5Tableau() {
    }

    public static final double C2 = 0.2;
    public static final double C3 = 0.3;
    public static final double C4 = 0.8;
    public static final double C5 = 8.0 / 9.0;
    public static final double A21 = 0.2;
    public static final double A31 = 3.0 / 40.0;
    public static final double A32 = 9.0 / 40.0;
    public static final double A41 = 44.0 / 45.0;
    public static final double A42 = -56.0 / 15.0;
    public static final double A43 = 32.0 / 9.0;
    public static final double A51 = 19372.0 / 6561.0;
    public static final double A52 = -25360.0 / 2187.0;
    public static final double A53 = 64448.0 / 6561.0;
    public static final double A54 = -212.0 / 729.0;
    public static final double A61 = 9017.0 / 3168.0;
    public static final double A62 = -355.0 / 33.0;
    public static final double A63 = 46732.0 / 5247.0;
    public static final double A64 = 49.0 / 176.0;
    public static final double A65 = -5103.0 / 18656.0;
    public static final double A71 = 35.0 / 384.0;
    public static final double A73 = 500.0 / 1113.0;
    public static final double A74 = 125.0 / 192.0;
    public static final double A75 = -2187.0 / 6784.0;
    public static final double A76 = 11.0 / 84.0;
    public static final double E1 = 71.0 / 57600.0;
    public static final double E3 = -71.0 / 16695.0;
    public static final double E4 = 71.0 / 1920.0;
    public static final double E5 = -17253.0 / 339200.0;
    public static final double E6 = 22.0 / 525.0;
    public static final double E7 = -1.0 / 40.0;
    public static final double D1 = -12715105075.0 / 11282082432.0;
    public static final double D3 = 87487479700.0 / 32700410799.0;
    public static final double D4 = -10690763975.0 / 1880347072.0;
    public static final double D5 = 701980252875.0 / 199316789632.0;
    public static final double D6 = -1453857185.0 / 822651844.0;
    public static final double D7 = 69997945.0 / 29380423.0;
}
