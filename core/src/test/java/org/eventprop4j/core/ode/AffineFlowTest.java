package org.eventprop4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact affine flows and the exact first-crossing search ({@link AffineFlow}). */
class AffineFlowTest {

    /** A damped rotation: exp(A h) = e^{-a h} [[cos wh, sin wh], [-sin wh, cos wh]]; A Psi = Phi - I. */
    @Test
    void propagatorIsTheMatrixExponential() {
        double a = 0.3;
        double w = 0.9;
        double[] m = {-a, w, -w, -a};
        double h = AffineFlow.MAX_NORM_STEP / AffineFlow.normInf(m, 2);
        double[] phi = new double[4];
        double[] psi = new double[4];
        AffineFlow.propagator(m, 2, h, phi, psi, new double[4], new double[4]);
        double e = Math.exp(-a * h);
        double[] want = {e * Math.cos(w * h), e * Math.sin(w * h), -e * Math.sin(w * h), e * Math.cos(w * h)};
        for (int q = 0; q < 4; q++) {
            assertEquals(want[q], phi[q], 1e-15, "Phi[" + q + "]");
        }
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                double ap = m[r * 2] * psi[c] + m[r * 2 + 1] * psi[2 + c];
                assertEquals(phi[r * 2 + c] - (r == c ? 1.0 : 0.0), ap, 1e-15, "(A Psi)[" + r + "][" + c + "]");
            }
        }
    }

    /** The fixed point solves A y* + b = 0 (pivoting needed here); a singular A has none. */
    @Test
    void fixedPointAndLogNorm() {
        double[] m = {0.0, 2.0, 1.0, -3.0, 0.5, 0.0, 1.0, 0.0, -1.0};
        double[] b = {0.3, -1.2, 0.7};
        double[] y = new double[3];
        assertTrue(AffineFlow.fixedPoint(m, b, 3, y, new double[9]));
        for (int r = 0; r < 3; r++) {
            double v = b[r];
            for (int c = 0; c < 3; c++) {
                v += m[r * 3 + c] * y[c];
            }
            assertEquals(0.0, v, 1e-14, "row " + r);
        }
        assertTrue(!AffineFlow.fixedPoint(new double[] {1.0, 2.0, 2.0, 4.0}, new double[] {1.0, 1.0}, 2, y,
                new double[4]), "singular");
        // LIF (tau_mem 20, tau_syn 5): rows -1/20 + 1/20 = 0 and -1/5
        assertEquals(0.0, AffineFlow.logNormInf(new double[] {-0.05, 0.05, 0.0, -0.2}, 2), 0.0);
        assertEquals(0.5, AffineFlow.logNormInf(new double[] {-0.5, 1.0, 0.0, -0.2}, 2), 0.0);
    }

    /** The Taylor polynomial of a step is the propagator's flow at every fraction of it. */
    @Test
    void taylorPolynomialIsTheFlow() {
        double[] m = {-0.05, 0.05, 0.0, -0.2};          // LIF: tau_mem 20, tau_syn 5
        double[] b = {0.3 / 20.0, 0.0};
        double[] y0 = {0.2, 1.4};
        double h = 2.5;
        double[] z = new double[(AffineFlow.MAX_TERMS + 1) * 2];
        int deg = AffineFlow.taylor(m, b, 2, y0, h, z);
        assertTrue(deg < 25, "degree " + deg);
        double[] phi = new double[4];
        double[] psi = new double[4];
        double[] y = new double[2];
        for (int q = 1; q <= 8; q++) {
            double th = q / 8.0;
            AffineFlow.propagator(m, 2, th * h, phi, psi, new double[4], new double[4]);
            AffineFlow.evaluate(z, deg, 2, th, y);
            for (int c = 0; c < 2; c++) {
                double want = phi[c * 2] * y0[0] + phi[c * 2 + 1] * y0[1] + psi[c * 2] * b[0] + psi[c * 2 + 1] * b[1];
                assertEquals(want, y[c], 1e-15, "channel " + c + " at fraction " + th);
            }
        }
        // the LIF closed form at the step's end: I = I0 e^{-h/5}, V from the two exponentials and the bias
        double i1 = 1.4 * Math.exp(-h / 5.0);
        assertEquals(i1, y[1], 1e-15);
        double k = 1.4 / (1.0 - 5.0 / 20.0) * 5.0 / 20.0 / (5.0 / 20.0);
        double v1 = 0.3 + (0.2 - 0.3) * Math.exp(-h / 20.0)
                + 1.4 * 5.0 / (5.0 - 20.0) * (Math.exp(-h / 5.0) - Math.exp(-h / 20.0));
        assertEquals(v1, y[0], 1e-15, "V (k " + k + ")");
    }

    /** A graze just above zero is found, at its exact first root; one just below is not. */
    @Test
    void grazesAreResolved() {
        for (double eps : new double[] {1e-4, 1e-8, 1e-12}) {
            // P(x) = eps - (x - 0.3)^2 = (eps - 0.09) + 0.6 x - x^2
            double[] c = {eps - 0.09, 0.6, -1.0};
            double x = AffineFlow.firstCrossing(c, 2);
            assertEquals(0.3 - Math.sqrt(eps), x, 1e-12 + 1e-15 / Math.sqrt(eps), "eps " + eps);
            double[] below = {-eps - 0.09, 0.6, -1.0};
            assertTrue(Double.isNaN(AffineFlow.firstCrossing(below, 2)), "below by " + eps);
        }
        // two bumps, the first a graze: P(x) = eps - 40 (x - 0.2)^2 (x - 0.7)^2 crosses first near 0.2
        double eps = 1e-10;
        double[] c = new double[5];
        double[] r = {0.2, 0.7};
        // (x - 0.2)(x - 0.7) = x^2 - 0.9 x + 0.14; squared: x^4 - 1.8 x^3 + 1.09 x^2 - 0.252 x + 0.0196
        double[] sq = {0.0196, -0.252, 1.09, -1.8, 1.0};
        for (int k = 0; k < 5; k++) {
            c[k] = -40.0 * sq[k];
        }
        c[0] += eps;
        double x = AffineFlow.firstCrossing(c, 4);
        assertEquals(r[0] - Math.sqrt(eps / 40.0 / 0.25), x, 1e-9);
    }

    static LongStream seeds() {
        return LongStream.range(7000, 7040);
    }

    /**
     * Random quartics: the crossing found is a root ({@code P >= 0} there, {@code P < 0} just before) and no grid point
     * before it is at or above zero; where none is found, no grid point is at or above zero.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void firstCrossingOfRandomQuartics(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] c = new double[5];
        for (int k = 1; k < 5; k++) {
            c[k] = rng.nextDouble(-3, 3);
        }
        c[0] = -rng.nextDouble(0.01, 1.0);
        double x = AffineFlow.firstCrossing(c, 4);
        int grid = 200_000;
        double firstGrid = Double.NaN;
        for (int q = 1; q <= grid; q++) {
            double t = (double) q / grid;
            if (AffineFlow.poly(c, 4, t) >= 0.0) {
                firstGrid = t;
                break;
            }
        }
        String what = "seed " + seed + ": found " + x + ", grid " + firstGrid;
        System.out.println("AffineFlowTest " + what);
        if (Double.isNaN(x)) {
            assertTrue(Double.isNaN(firstGrid), what);
            return;
        }
        assertTrue(AffineFlow.poly(c, 4, x) >= 0.0, what);
        assertTrue(AffineFlow.poly(c, 4, x - 1e-12) < 0.0, what);
        assertTrue(Double.isNaN(firstGrid) || firstGrid >= x - 1.0 / grid, what);
    }
}
