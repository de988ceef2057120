package org.eventprop4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.Binary64;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.Test;

/**
 * A model's plain-double fast path computes exactly what its generic equations compute, and a subclass that
 * re-declares the generic equations never keeps the parent's fast path.
 */
class FastPathTest {

    /** QIF with different dynamics: must not be evaluated with QIF's fast path. */
    static final class SlowerQif extends QIF {
        @Override
        public <T extends CalculusFieldElement<T>> void dynamics(T[] y, T[] p, T[] out) {
            out[THETA] = y[I].multiply(2.0);
            out[I] = y[THETA].negate();
        }
    }

    static double[] generic(NeuronModel m, double[] y, double[] p) {
        Binary64[] yy = MathArrays.buildArray(Binary64.ZERO.getField(), y.length);
        Binary64[] pp = MathArrays.buildArray(Binary64.ZERO.getField(), p.length);
        for (int i = 0; i < y.length; i++) {
            yy[i] = new Binary64(y[i]);
        }
        for (int i = 0; i < p.length; i++) {
            pp[i] = new Binary64(p[i]);
        }
        Binary64[] out = MathArrays.buildArray(Binary64.ZERO.getField(), y.length);
        m.dynamics(yy, pp, out);
        double[] r = new double[y.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = out[i].getReal();
        }
        return r;
    }

    @Test
    void qifFastPathIsBitIdenticalToTheGenericEquations() {
        QIF m = new QIF();
        SplittableRandom rng = new SplittableRandom(5);
        for (int k = 0; k < 2000; k++) {
            double[] y = {rng.nextDouble() * 2 - 1, rng.nextDouble() * 10 - 5};
            double[] p = {0.5 + rng.nextDouble() * 20, 0.5 + rng.nextDouble() * 30, rng.nextDouble() - 0.5};
            double[] fast = new double[2];
            m.dynamics(y, p, fast);
            assertArrayEquals(generic(m, y, p), fast, 0.0, "sample " + k);
            assertEquals(y[0] - 1.0, m.spikeCondition(y, p), 0.0);
        }
    }

    @Test
    void subclassWithOtherDynamicsDoesNotUseTheParentsFastPath() {
        SlowerQif m = new SlowerQif();
        double[] y = {0.3, 1.5};
        double[] p = {5, 20, 0.1};
        double[] out = new double[2];
        m.dynamics(y, p, out);
        assertArrayEquals(new double[] {3.0, -0.3}, out, 0.0);
        // its spike condition is still QIF's: the fast spike condition stays valid
        assertEquals(0.3 - 1.0, m.spikeCondition(y, p), 0.0);
    }
}
