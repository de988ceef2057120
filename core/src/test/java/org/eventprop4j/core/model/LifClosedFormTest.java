package org.eventprop4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;
import org.eventprop4j.core.sim.Spikes;
import org.junit.jupiter.api.Test;

/** DESIGN.md test vectors 1, 3 and 4 for the closed-form LIF. */
class LifClosedFormTest {

    static FFEvNN single(double w, double ts, double tm, double bias, double th, double tEnd) {
        Layer layer = new Layer(1, 1, new double[] {w},
                new double[][] {{ts}, {tm}, {bias}, {th}});
        return new FFEvNN(new LIF(), 1, List.of(layer), SimOptions.of(tEnd), 1);
    }

    @Test
    void biasOnlyFirstSpikeMatchesClosedForm() {
        FFEvNN net = single(0.0, 5.0, 20.0, 1.5, 1.0, 100.0);
        Spikes out = net.simulate(new double[][] {{}}).output();
        double period = 20.0 * Math.log(1.5 / 0.5);
        assertEquals(21.9722457734, out.times()[0], 1e-9);
        // periodic afterwards: every spike one period after the previous
        assertEquals(4, out.size());
        for (int k = 0; k < out.size(); k++) {
            assertEquals((k + 1) * period, out.times()[k], 1e-9 * (k + 1));
        }
    }

    @Test
    void equalTausLambertW() {
        FFEvNN net = single(5.0, 10.0, 10.0, 0.0, 1.0, 50.0);
        Spikes out = net.simulate(new double[][] {{0.0}}).output();
        assertEquals(2.5917110182, out.times()[0], 1e-9);
    }

    @Test
    void nearlyEqualTausAgreeWithEqualTaus() {
        double t0 = single(5.0, 10.0, 10.0, 0.0, 1.0, 50.0).simulate(new double[][] {{0.0}}).output().times()[0];
        double t1 = single(5.0, 10.0 * (1 + 1e-12), 10.0, 0.0, 1.0, 50.0)
                .simulate(new double[][] {{0.0}}).output().times()[0];
        assertEquals(t0, t1, 1e-9);
    }

    @Test
    void oneInputSpike() {
        FFEvNN net = single(5.0, 10.0, 20.0, 0.0, 1.0, 50.0);
        assertEquals(6.4701426231, net.simulate(new double[][] {{0.0}}).output().times()[0], 1e-9);
    }

    @Test
    void pspOfUnitWeight() {
        FFEvNN net = single(1.0, 5.0, 20.0, 0.0, 1e9, 50.0);
        double[] times = {0.0, 0.5, 3.0, 10.0, 17.25, 40.0};
        double[][][] st = net.stateAt(new double[][] {{0.0}}, times);
        for (int q = 0; q < times.length; q++) {
            double t = times[q];
            double v = (Math.exp(-t / 20.0) - Math.exp(-t / 5.0)) / ((1 / 5.0 - 1 / 20.0) * 20.0);
            assertEquals(v, st[0][q][0], 1e-12, "V at t = " + t);
            assertEquals(Math.exp(-t / 5.0), st[0][q][1], 1e-12, "I at t = " + t);
        }
    }

    @Test
    void grazingCrossingIsASpike() {
        // choose the bias so that the maximum of V equals the threshold up to rounding
        double tm = 20, ts = 5, w = 3.0;
        double sMax = LifClosedForm.maximumTime(0.0, w, tm, ts, 0.0);
        double vMax = LifClosedForm.potential(0.0, w, sMax, tm, ts, 0.0);
        FFEvNN touching = single(w, ts, tm, 0.0, vMax, 50.0);
        FFEvNN above = single(w, ts, tm, 0.0, vMax * (1 + 1e-12), 50.0);
        assertEquals(1, touching.simulate(new double[][] {{0.0}}).output().size());
        assertEquals(sMax, touching.simulate(new double[][] {{0.0}}).output().times()[0], 1e-5);
        assertEquals(0, above.simulate(new double[][] {{0.0}}).output().size());
        assertTrue(sMax > 0);
    }
}
