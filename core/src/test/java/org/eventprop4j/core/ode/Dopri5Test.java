package org.eventprop4j.core.ode;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The integrator against exact solutions: accuracy follows the tolerance, dense output, backward steps. */
class Dopri5Test {

    /** Harmonic oscillator plus a decay: z = (cos t, -sin t, e^{-t/5}). */
    private static final Rhs OSC = (t, z, dz) -> {
        dz[0] = z[1];
        dz[1] = -z[0];
        dz[2] = -z[2] / 5.0;
    };

    private static double[] exact(double t) {
        return new double[] {Math.cos(t), -Math.sin(t), Math.exp(-t / 5.0)};
    }

    @ParameterizedTest(name = "tolerance {0}")
    @ValueSource(doubles = {1e-6, 1e-9, 1e-12})
    void endStateAndDenseOutputFollowTheTolerance(double tol) {
        Dopri5 rk = new Dopri5(3, OSC, tol, tol);
        DenseTrajectory traj = new DenseTrajectory(3);
        rk.start(0.0, exact(0.0));
        double end = 20.0;
        double h = rk.initialStep(end);
        while (true) {
            double rem = end - rk.t();
            double next = rk.step(h, rem);
            boolean last = rk.h() == rem;
            traj.add(rk, rk.t());
            rk.accept();
            h = next;
            if (last) {
                break;
            }
        }
        double[] e = exact(end);
        double err = 0.0;
        for (int i = 0; i < 3; i++) {
            err = Math.max(err, Math.abs(rk.z()[i] - e[i]));
        }
        // global error: a modest multiple of the tolerance over 3 periods
        assertTrue(err < 200 * tol, "end error " + err + " at tolerance " + tol);
        assertTrue(err > 0.0);
        double[] y = new double[3];
        double dErr = 0.0;
        int hint = 0;
        for (int q = 0; q <= 997; q++) {
            double t = end * q / 997.0;
            hint = traj.interpolate(t, 0, traj.size(), hint, y);
            double[] ex = exact(t);
            for (int i = 0; i < 3; i++) {
                dErr = Math.max(dErr, Math.abs(y[i] - ex[i]));
            }
        }
        assertTrue(dErr < 1000 * tol, "dense output error " + dErr + " at tolerance " + tol);
    }

    @Test
    void integratesBackwardInTime() {
        Dopri5 rk = new Dopri5(3, OSC, 1e-10, 1e-10);
        rk.start(7.0, exact(7.0));
        rk.integrateTo(0.0, Double.NaN);
        assertTrue(rk.t() == 0.0);
        double[] e = exact(0.0);
        for (int i = 0; i < 3; i++) {
            assertTrue(Math.abs(rk.z()[i] - e[i]) < 1e-8, "component " + i + ": " + rk.z()[i]);
        }
    }

    @Test
    void nonFiniteRightHandSideEndsInAnUnderflowThatNamesTheState() {
        Dopri5 rk = new Dopri5(1, (t, z, dz) -> dz[0] = Math.sqrt(0.5 - z[0]) + 1.0, 1e-8, 1e-8);
        rk.start(0.0, new double[] {0.0});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            double h = rk.initialStep(10.0);
            for (int i = 0; i < 100_000; i++) {
                h = rk.step(h, 10.0 - rk.t());
                rk.accept();
            }
        });
        assertTrue(e.getMessage().contains("underflow"), e.getMessage());
        assertTrue(rk.nonFiniteState() != null && rk.nonFiniteState()[0] > 0.5);
    }
}
