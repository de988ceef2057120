package org.eventprop4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.net.Layer;
import org.eventprop4j.core.sim.SimOptions;
import org.junit.jupiter.api.Test;

/** DESIGN.md test vectors 1-3: spike-time derivatives of a single LIF neuron, to 1e-7 relative. */
class LifGradientVectorsTest {

    static FFEvNN single(double w, double ts, double tm, double bias, double th) {
        Layer layer = new Layer(1, 1, new double[] {w}, new double[][] {{ts}, {tm}, {bias}, {th}});
        return new FFEvNN(new LIF(), 1, List.of(layer), SimOptions.of(100.0), 1);
    }

    static void assertRel(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-7 * Math.abs(expected), what);
    }

    @Test
    void biasOnly() {
        FFEvNN net = single(0.0, 5.0, 20.0, 1.5, 1.0);
        Gradients g = new EventProp(net).gradient(new double[][] {{}}, new CoefficientLoss(new double[] {1.0}));
        assertRel(-26.6666666667, g.layer(0).params()[LIF.BIAS][0], "dt/dbias");
        assertRel(1.0986122887, g.layer(0).params()[LIF.TAU_MEM][0], "dt/dtau_mem");
        assertRel(40.0, g.layer(0).params()[LIF.THRESH][0], "dt/dthresh");
        assertEquals(0.0, g.layer(0).params()[LIF.TAU_SYN][0], 1e-15, "dt/dtau_syn");
    }

    @Test
    void oneInputSpike() {
        FFEvNN net = single(5.0, 10.0, 20.0, 0.0, 1.0);
        Gradients g = new EventProp(net).gradient(new double[][] {{0.0}}, new CoefficientLoss(new double[] {1.0}));
        assertRel(-2.4721359550, g.layer(0).weight(0, 0), "dt/dw");
        assertRel(1.0, g.inputErrors()[0], "dt/dt_in");
    }

    @Test
    void equalTaus() {
        FFEvNN net = single(5.0, 10.0, 10.0, 0.0, 1.0);
        Gradients g = new EventProp(net).gradient(new double[][] {{0.0}}, new CoefficientLoss(new double[] {1.0}));
        assertRel(-0.6996787041, g.layer(0).weight(0, 0), "dt/dw");
        assertRel(1.0, g.inputErrors()[0], "dt/dt_in");
    }
}
